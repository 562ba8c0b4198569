/**
 * A real OpenID provider for the tests, in a process of its own: oidc-provider (certified) with one
 * confidential client, accounts with a `groups` claim, its development login form (any password; the
 * login name is the account id), no consent screen (the grant is made on the spot, as an agency's
 * first-party app would be), and RP-initiated logout. Tests change accounts through
 * POST /test-admin/accounts (a disabled account is "not found", as after a leaver is switched off).
 *
 * Run: node -r ts-node/register/transpile-only provider-process.ts '<json options>'; prints
 * `listening <issuer>` when ready. Options: { port, clientId, clientSecret, redirectUri, postLogoutRedirectUri }.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KoaContextWithOIDC } from 'oidc-provider';
import Provider from 'oidc-provider';

interface Account {
  name: string;
  email?: string;
  groups: string[];
  disabled?: boolean;
}

interface Options {
  port: number;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
}

const options = JSON.parse(process.argv[2] ?? '{}') as Options;
const accounts = new Map<string, Account>();

async function readBody(request: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of request) body += String(chunk);
  return body;
}

function startProvider(issuer: string): Provider {
  return new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [options.redirectUri],
        post_logout_redirect_uris: [options.postLogoutRedirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    findAccount(_ctx: KoaContextWithOIDC, id: string) {
      const account = accounts.get(id);
      if (!account || account.disabled) return undefined;
      return {
        accountId: id,
        claims: () => ({
          sub: id,
          name: account.name,
          preferred_username: id,
          ...(account.email ? { email: account.email } : {}),
          groups: account.groups,
        }),
      };
    },
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email'], groups: ['groups'] },
    scopes: ['openid', 'profile', 'email', 'groups'],
    // Scope claims in the ID token too (as Entra ID puts `groups` there).
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    pkce: { required: () => true },
    cookies: { keys: ['civicflow-test-identity-provider-cookie-key'] },
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { client, session } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grantId = session.grantIdFor(client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid profile email groups');
      await grant.save();
      session.grantIdFor(client.clientId, grant.jti);
      return grant;
    },
  });
}

const server = createServer();
server.listen(options.port ?? 0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = startProvider(issuer);
  const handle = provider.callback();
  server.on('request', (request, response) => {
    if (request.url === '/test-admin/accounts' && request.method === 'POST') {
      void readBody(request).then((body) => {
        const { id, ...account } = JSON.parse(body) as Account & { id: string };
        accounts.set(id, account);
        response.writeHead(204).end();
      });
      return;
    }
    void handle(request, response);
  });
  process.stdout.write(`listening ${issuer}\n`);
});
