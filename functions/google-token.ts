/**
 * An OAuth access token for a Google API spoken over plain HTTP. Application Default Credentials (the
 * runtime's service account in Google Cloud) are loaded on first use, so a cold start doesn't pay for
 * google-auth-library. Against another endpoint (an emulator, a test fake) a placeholder token does, as for
 * the Sheets API: looking for real credentials there would probe the GCE metadata server, a network call
 * outside this machine.
 */
export function googleAccessToken(scope: string, emulator: boolean): () => Promise<string> {
  if (emulator) return async () => PLACEHOLDER_TOKEN;
  let auth: Promise<{ getAccessToken(): Promise<string | null | undefined> }> | undefined;
  return async () => {
    auth ??= import('google-auth-library').then(({ GoogleAuth }) => new GoogleAuth({ scopes: scope }));
    const token = await (await auth).getAccessToken();
    if (!token) throw new Error('Application Default Credentials gave no access token');
    return token;
  };
}

/** What an emulator gets: it accepts any bearer token. */
export const PLACEHOLDER_TOKEN = 'emulator-placeholder-token';
