/** Values the e2e global set-up hands to every test file through `inject`. */
declare module "vitest" {
  export interface ProvidedContext {
    appUrl: string;
    databaseUrl: string;
    mailControlUrl: string;
    cronSecret: string;
  }
}

export {};
