import { Text } from "@react-email/components";
import { ActionButton } from "./components/action-button";
import { EmailLayout } from "./components/email-layout";
import { KeyFact } from "./components/key-fact";
import { ReviewGuide, WhatToCheck } from "./components/review-guide";
import { heading, paragraph } from "./components/theme";
import { peopleCount } from "./components/wording";

export interface LeadInvitationProps {
  leadName: string;
  organisationName: string;
  campaignName: string;
  /** Already formatted in UK time, e.g. by formatDeadline(). */
  deadline: string;
  reviewUrl: string;
  userCount: number;
  supportEmail: string;
}

export function leadInvitationSubject(props: LeadInvitationProps): string {
  return `Please review who at ${props.organisationName} has subscriber access`;
}

/** The first email a subscriber lead receives for a campaign. */
export default function LeadInvitation(props: LeadInvitationProps) {
  const people = peopleCount(props.userCount);
  return (
    <EmailLayout
      preview={`${people} at ${props.organisationName} to review by ${props.deadline}`}
      footerNote={`You received this email because you are a named subscriber lead for ${props.organisationName} (${props.campaignName}).`}
    >
      <Text style={heading}>Please review your organisation's subscribers</Text>
      <Text style={paragraph}>Dear {props.leadName},</Text>
      <Text style={paragraph}>
        You are a subscriber lead for {props.organisationName}. As part of{" "}
        {props.campaignName}, we are asking you to confirm who still works for you. There{" "}
        {props.userCount === 1 ? "is" : "are"} {people} to review.
      </Text>
      <KeyFact>Please respond by {props.deadline}.</KeyFact>
      <ActionButton href={props.reviewUrl} label="Review your users" />
      <WhatToCheck />
      <ReviewGuide
        organisationName={props.organisationName}
        deadline={props.deadline}
        supportEmail={props.supportEmail}
      />
    </EmailLayout>
  );
}

LeadInvitation.PreviewProps = {
  leadName: "Priya Shah",
  organisationName: "Manchester University NHS Foundation Trust",
  campaignName: "Spring 2027 subscriber review",
  deadline: "23:59 on Friday 5 March 2027 (UK time)",
  reviewUrl: "http://localhost:3000/review/preview-token",
  userCount: 2000,
  supportEmail: "support@example.org",
} satisfies LeadInvitationProps;
