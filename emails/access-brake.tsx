import { Text } from "@react-email/components";
import { ActionButton } from "./components/action-button";
import { EmailLayout } from "./components/email-layout";
import { heading, paragraph } from "./components/theme";

export interface AccessBrakeProps {
  runId: number;
  /** Who started the run: cron or cli. */
  trigger: string;
  campaigns: {
    name: string;
    wouldDowngrade: number;
    users: number;
    limitPercent: number;
  }[];
  /** The braked run's page, where an admin checks the list and confirms. */
  url: string;
}

export function accessBrakeSubject(props: AccessBrakeProps): string {
  return `Access run ${props.runId} stopped at the safety brake: confirmation needed`;
}

/** To the admins: a scheduled access run stopped and changed nobody. */
export default function AccessBrake(props: AccessBrakeProps) {
  return (
    <EmailLayout
      preview={`Access run ${props.runId} changed nobody and waits for an admin.`}
      footerNote="You get this because you are an admin of Subscriber Review. The run changes nobody until an admin confirms it."
    >
      <Text style={heading}>An access run waits for your confirmation</Text>
      <Text style={paragraph}>
        Run {props.runId} ({props.trigger}) would have downgraded more people than the
        safety brake allows, so it stopped and changed nobody:
      </Text>
      {props.campaigns.map((campaign) => (
        <Text key={campaign.name} style={paragraph}>
          {campaign.name}: {campaign.wouldDowngrade} of {campaign.users} people, more than
          the {campaign.limitPercent}% allowed.
        </Text>
      ))}
      <Text style={paragraph}>
        Check who would be downgraded and confirm, or correct the answers first. Until
        then every scheduled run stops at the same place.
      </Text>
      <ActionButton href={props.url} label="Check the run" />
    </EmailLayout>
  );
}

AccessBrake.PreviewProps = {
  runId: 42,
  trigger: "cron",
  campaigns: [
    { name: "Autumn review", wouldDowngrade: 312, users: 1200, limitPercent: 20 },
  ],
  url: "http://localhost:3000/admin/access/runs/42",
} satisfies AccessBrakeProps;
