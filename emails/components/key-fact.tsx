import { Section, Text } from "@react-email/components";
import type { ReactNode } from "react";
import { colours, paragraph } from "./theme";

const panel = {
  backgroundColor: colours.panel,
  borderLeft: `6px solid ${colours.brand}`,
  padding: "12px 16px",
  margin: "0 0 16px",
};

/** A highlighted panel for the one thing the reader must not miss. */
export function KeyFact({ children }: { children: ReactNode }) {
  return (
    <Section style={panel}>
      <Text style={{ ...paragraph, margin: 0 }}>{children}</Text>
    </Section>
  );
}
