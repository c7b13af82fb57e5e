// A real OpenID Connect provider (the oidc-provider package) on 127.0.0.1, for tests/e2e/test_oidc.py.
//
// node provider.mjs PORT APP_URL   serves the issuer http://127.0.0.1:PORT with one confidential
// client, "charter", whose redirect URI is APP_URL/oauth2callback. Its development sign-in page
// takes any login name and password; the account NAME has the verified address NAME@example.org.
// It prints "listening" once it accepts requests.

import Provider from 'oidc-provider';

const [port, app] = process.argv.slice(2);
if (!port || !app) {
  console.error('usage: node provider.mjs PORT APP_URL');
  process.exit(2);
}

const issuer = `http://127.0.0.1:${port}`;
const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'charter',
      client_secret: 'charter-test-secret',
      redirect_uris: [`${app}/oauth2callback`],
      post_logout_redirect_uris: [`${app}/oauth2callback`],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'preferred_username'],
  },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return {
          sub: id,
          email: `${id}@example.org`,
          email_verified: true,
          name: id,
          preferred_username: id,
        };
      },
    };
  },
  // Streamlit reads the identity from the ID token, so the claims go there, not only to userinfo.
  conformIdTokenClaims: false,
  // fixed keys keep the provider's cookies valid across a restart; this is a test provider only
  cookies: { keys: ['charter-test-cookie-key'] },
  features: { devInteractions: { enabled: true } },
});

provider.listen(Number(port), '127.0.0.1', () => {
  console.log(`listening on ${issuer}`);
});
