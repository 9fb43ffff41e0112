import { Text } from "@react-email/components";
import { ActionButton } from "./components/action-button";
import { EmailLayout } from "./components/email-layout";
import { heading, paragraph } from "./components/theme";

export interface AdminSignInProps {
  /** The magic link; it opens a confirm page, so a mail scanner cannot use it up. */
  url: string;
  /** The site's host name, shown so the reader can tell where the link goes. */
  host: string;
}

export function adminSignInSubject(props: AdminSignInProps): string {
  return `Sign in to Subscriber Review (${props.host})`;
}

/** The magic-link email for an admin signing in. */
export default function AdminSignIn({ url, host }: AdminSignInProps) {
  return (
    <EmailLayout
      preview={`Your sign-in link for ${host}`}
      footerNote="If you did not ask to sign in, you can ignore this email: nobody can sign in without the link."
    >
      <Text style={heading}>Sign in to Subscriber Review</Text>
      <Text style={paragraph}>
        Someone, probably you, asked to sign in to the admin area at {host}. The link
        works only once.
      </Text>
      <ActionButton href={url} label="Sign in" />
    </EmailLayout>
  );
}

AdminSignIn.PreviewProps = {
  url: "http://localhost:3000/api/auth/callback/email?token=preview&email=admin%40example.org",
  host: "localhost:3000",
} satisfies AdminSignInProps;
