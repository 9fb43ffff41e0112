import { render } from "@react-email/render";
import { createElement, type ReactElement } from "react";
import AdminSignIn, {
  type AdminSignInProps,
  adminSignInSubject,
} from "@/emails/admin-sign-in";
import LeadInvitation, {
  type LeadInvitationProps,
  leadInvitationSubject,
} from "@/emails/lead-invitation";
import Reminder, { type ReminderProps, reminderSubject } from "@/emails/reminder";

export type { AdminSignInProps, LeadInvitationProps, ReminderProps };

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/**
 * HTML and plain text rendered from the same element: Resend sends only HTML
 * when given a React element, and a text part helps delivery and screen readers.
 */
async function renderBoth(
  subject: string,
  element: ReactElement,
): Promise<RenderedEmail> {
  const [html, text] = await Promise.all([
    render(element),
    render(element, { plainText: true }),
  ]);
  return { subject, html, text };
}

export function renderLeadInvitationEmail(
  props: LeadInvitationProps,
): Promise<RenderedEmail> {
  return renderBoth(leadInvitationSubject(props), createElement(LeadInvitation, props));
}

export function renderReminderEmail(props: ReminderProps): Promise<RenderedEmail> {
  return renderBoth(reminderSubject(props), createElement(Reminder, props));
}

export function renderAdminSignInEmail(props: AdminSignInProps): Promise<RenderedEmail> {
  return renderBoth(adminSignInSubject(props), createElement(AdminSignIn, props));
}
