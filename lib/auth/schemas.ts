import { z } from "zod";

/** The sign-in form: shared by the page and the server action. */
export const signInInput = z.object({
  email: z
    .string()
    .trim()
    .min(1, "Enter your email address.")
    .pipe(
      z.email("Enter an email address in the correct format, like name@example.nhs.uk."),
    ),
  callbackUrl: z.string().max(2000).optional(),
});

export type SignInInput = z.input<typeof signInInput>;
