import { Text } from "@react-email/components";
import { ActionButton } from "./components/action-button";
import { EmailLayout } from "./components/email-layout";
import { KeyFact } from "./components/key-fact";
import { ReviewGuide, WhatToCheck } from "./components/review-guide";
import { heading, paragraph } from "./components/theme";
import { peopleCount, timeLeft } from "./components/wording";
import type { LeadInvitationProps } from "./lead-invitation";

export interface ReminderProps extends LeadInvitationProps {
  /** Users of the organisation still without a response. */
  remaining: number;
  /** Whole days until the deadline; 0 on the day itself. */
  daysLeft: number;
}

export function reminderSubject(props: ReminderProps): string {
  const when =
    props.daysLeft <= 0 ? "closes today" : `closes ${timeLeft(props.daysLeft)}`;
  return `Reminder: the ${props.organisationName} review ${when}`;
}

/** A nudge to a lead whose organisation still has people without a response. */
export default function Reminder(props: ReminderProps) {
  const waiting = peopleCount(props.remaining);
  return (
    <EmailLayout
      preview={`${waiting} still to review; the review closes ${timeLeft(props.daysLeft)}`}
      footerNote={`You received this reminder because you are a named subscriber lead for ${props.organisationName} (${props.campaignName}) and some people are still waiting for a response.`}
    >
      <Text style={heading}>
        A reminder: your review closes {timeLeft(props.daysLeft)}
      </Text>
      <Text style={paragraph}>Dear {props.leadName},</Text>
      <Text style={paragraph}>
        Thank you for your help with {props.campaignName}.{" "}
        {props.remaining.toLocaleString("en-GB")} of {peopleCount(props.userCount)} at{" "}
        {props.organisationName} still {props.remaining === 1 ? "needs" : "need"} a
        response.
      </Text>
      <KeyFact>Please respond by {props.deadline}.</KeyFact>
      <ActionButton href={props.reviewUrl} label="Continue your review" />
      <WhatToCheck />
      <ReviewGuide
        organisationName={props.organisationName}
        deadline={props.deadline}
        supportEmail={props.supportEmail}
      />
    </EmailLayout>
  );
}

Reminder.PreviewProps = {
  leadName: "Priya Shah",
  organisationName: "Manchester University NHS Foundation Trust",
  campaignName: "Spring 2027 subscriber review",
  deadline: "23:59 on Friday 5 March 2027 (UK time)",
  reviewUrl: "http://localhost:3000/review/preview-token",
  userCount: 2000,
  supportEmail: "support@example.org",
  remaining: 312,
  daysLeft: 3,
} satisfies ReminderProps;
