/**
 * Inline styles shared by every email. Mail clients ignore stylesheets, so
 * styles are plain objects; colours match the app's NHS-blue brand.
 */
export const colours = {
  brand: "#005eb8",
  brandDark: "#003d78",
  text: "#212b32",
  muted: "#4c6272",
  border: "#d8dde0",
  panel: "#eef5fb",
  page: "#f0f4f5",
};

export const fontFamily = "Arial, Helvetica, sans-serif";

export const paragraph = {
  color: colours.text,
  fontSize: "16px",
  lineHeight: "24px",
  margin: "0 0 16px",
};

export const heading = {
  color: colours.text,
  fontSize: "24px",
  lineHeight: "32px",
  fontWeight: 700,
  margin: "0 0 16px",
};

export const subheading = {
  color: colours.text,
  fontSize: "18px",
  lineHeight: "26px",
  fontWeight: 700,
  margin: "24px 0 8px",
};

export const listItem = { ...paragraph, margin: "0 0 8px" };
