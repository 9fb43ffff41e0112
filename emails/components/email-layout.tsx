import {
  Body,
  Container,
  Head,
  Hr,
  Html,
  Preview,
  Section,
  Text,
} from "@react-email/components";
import type { ReactNode } from "react";
import { colours, fontFamily } from "./theme";

const page = { backgroundColor: colours.page, fontFamily, margin: 0, padding: "24px 0" };
const card = {
  backgroundColor: "#ffffff",
  border: `1px solid ${colours.border}`,
  maxWidth: "600px",
  margin: "0 auto",
  padding: "0",
};
const banner = { backgroundColor: colours.brand, padding: "16px 32px" };
const bannerText = {
  color: "#ffffff",
  fontSize: "18px",
  fontWeight: 700,
  lineHeight: "24px",
  margin: 0,
};
const content = { padding: "24px 32px 8px" };
const footer = { color: colours.muted, fontSize: "13px", lineHeight: "20px", margin: 0 };

export interface EmailLayoutProps {
  /** The one-line summary mail clients show beside the subject. */
  preview: string;
  children: ReactNode;
  /** Small print under the body, e.g. why the reader got this email. */
  footerNote?: ReactNode;
}

/** The frame every email shares: brand banner, white card, quiet footer. */
export function EmailLayout({ preview, children, footerNote }: EmailLayoutProps) {
  return (
    <Html lang="en-GB">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={page}>
        <Container style={card}>
          <Section style={banner}>
            <Text style={bannerText}>Subscriber Review</Text>
          </Section>
          <Section style={content}>{children}</Section>
          {footerNote ? (
            <Section style={{ padding: "0 32px 24px" }}>
              <Hr style={{ borderColor: colours.border, margin: "8px 0 16px" }} />
              <Text style={footer}>{footerNote}</Text>
            </Section>
          ) : null}
        </Container>
      </Body>
    </Html>
  );
}
