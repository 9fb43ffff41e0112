import { Button, Section, Text } from "@react-email/components";
import { colours, paragraph } from "./theme";

const button = {
  backgroundColor: colours.brand,
  borderRadius: "4px",
  color: "#ffffff",
  display: "inline-block",
  fontSize: "16px",
  fontWeight: 700,
  padding: "12px 24px",
  textDecoration: "none",
};
const fallback = {
  ...paragraph,
  color: colours.muted,
  fontSize: "14px",
  lineHeight: "20px",
};
const rawLink = { color: colours.brand, wordBreak: "break-all" as const };

/**
 * A call-to-action button with the address written out beneath it, because
 * some NHS mail clients strip buttons and readers may need to copy the link.
 */
export function ActionButton({ href, label }: { href: string; label: string }) {
  return (
    <Section style={{ margin: "8px 0 24px" }}>
      <Button href={href} style={button}>
        {label}
      </Button>
      <Text style={{ ...fallback, margin: "16px 0 0" }}>
        If the button does not work, copy this address into your browser:{" "}
        <span style={rawLink}>{href}</span>
      </Text>
    </Section>
  );
}
