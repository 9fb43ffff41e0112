import { render } from "@react-email/render";
import { createElement } from "react";
import AccessBrake, {
  type AccessBrakeProps,
  accessBrakeSubject,
} from "@/emails/access-brake";
import type { RenderedEmail } from "./templates";

export type { AccessBrakeProps };

/** The admins' notice of a braked access run, as HTML and plain text. */
export async function renderAccessBrakeEmail(
  props: AccessBrakeProps,
): Promise<RenderedEmail> {
  const element = createElement(AccessBrake, props);
  const [html, text] = await Promise.all([
    render(element),
    render(element, { plainText: true }),
  ]);
  return { subject: accessBrakeSubject(props), html, text };
}
