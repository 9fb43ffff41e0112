import { Link, Text } from "@react-email/components";
import { colours, listItem, paragraph, subheading } from "./theme";

export interface ReviewGuideProps {
  organisationName: string;
  deadline: string;
  supportEmail: string;
}

const quote = { fontWeight: 700 };

/** What the lead checks for each person, in the words the review page uses. */
export function WhatToCheck() {
  return (
    <>
      <Text style={subheading}>What to check for each person</Text>
      <Text style={listItem}>
        • <span style={quote}>I'm employed by</span>: the organisation they work for now.
        Correct it if it is wrong.
      </Text>
      <Text style={listItem}>
        • <span style={quote}>My role is</span>: their job role. Correct it if it is
        wrong.
      </Text>
      <Text style={paragraph}>
        • <span style={quote}>Your response</span>: choose one of “Works here”, “No longer
        works here” or “I don't know this person”.
      </Text>
    </>
  );
}

/**
 * The questions leads ask most, answered once here and reused by every email
 * about a review, so the invitation and the reminders never disagree.
 */
export function ReviewGuide({
  organisationName,
  deadline,
  supportEmail,
}: ReviewGuideProps) {
  return (
    <>
      <Text style={subheading}>You do not have to finish in one go</Text>
      <Text style={paragraph}>
        Every answer is saved as you give it. You can respond a few people at a time and
        come back to the same link whenever you like until {deadline}.
      </Text>

      <Text style={subheading}>Sharing the link</Text>
      <Text style={paragraph}>
        Anyone with this link can see and change the answers for {organisationName}. You
        may forward it to colleagues you trust to help, such as team managers, but please
        do not share it more widely. If you share it, you are responsible for how it is
        used.
      </Text>

      <Text style={subheading}>Why this review matters</Text>
      <Text style={paragraph}>
        {organisationName} pays for subscriber access for its staff. People move on, and
        profiles go out of date, so access can end up with people who no longer work for
        you. Your answers keep that access for the right people.
      </Text>

      <Text style={subheading}>What happens to people marked as gone</Text>
      <Text style={paragraph}>
        After the deadline we review the answers. People marked “No longer works here” or
        “I don't know this person” are then moved to non-subscriber access: they keep
        their account, but no longer use your organisation's subscription. Nothing is
        deleted, and a change made by mistake can be undone.
      </Text>

      <Text style={subheading}>Questions</Text>
      <Text style={paragraph}>
        For anything else, email{" "}
        <Link href={`mailto:${supportEmail}`} style={{ color: colours.brand }}>
          {supportEmail}
        </Link>
        .
      </Text>
    </>
  );
}
