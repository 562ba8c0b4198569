/**
 * The OpenID Connect relying party, on openid-client 6 (certified): discovery from the issuer, the
 * authorization code flow with PKCE, `state` and `nonce`, the ID token checked against the provider's
 * published keys (JWKS) with a bounded clock tolerance, the userinfo recheck and RP-initiated logout.
 *
 * openid-client 6 is ESM-only. This code is CommonJS (tsc/ts-node): Node 20.19+ loads it through
 * require(esm), so a plain import works at run time; jest's module runtime cannot, so jest.config.js
 * transforms openid-client, oauth4webapi and jose to CommonJS like preact (see api/README.md).
 */
import * as openid from 'openid-client';
import type { OidcConfig } from '../../../config';

export interface AuthorizationRequest {
  url: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** The verified result of a provider's callback. */
export interface ProviderSignIn {
  issuer: string;
  subject: string;
  claims: Record<string, unknown>;
  accessToken: string;
  idToken: string;
}

/** Why a callback was refused: the provider said no, or what it sent did not pass the checks. */
export class ProviderSignInError extends Error {
  constructor(
    readonly reason: 'provider-error' | 'token-rejected' | 'unavailable',
    message: string,
  ) {
    super(message);
    this.name = 'ProviderSignInError';
  }
}

export interface OidcClient {
  readonly config: OidcConfig;
  authorizationRequest(): Promise<AuthorizationRequest>;
  /** Checks the callback URL against the transaction (state, nonce, PKCE) and redeems the code. */
  complete(callbackUrl: URL, expected: { state: string; nonce: string; codeVerifier: string }): Promise<ProviderSignIn>;
  /** Claims from the userinfo endpoint; 'disabled' when the provider no longer accepts the access token. */
  userInfo(accessToken: string, subject: string): Promise<Record<string, unknown> | 'disabled'>;
  /** Where to send the browser to end the provider's session too (undefined: the provider has no end_session). */
  endSessionUrl(idToken: string): Promise<string | undefined>;
}

export interface OidcClientOptions {
  /** The HTTP client for provider requests (tests put a tampering proxy here). */
  fetch?: typeof fetch;
}

function isUnauthorized(error: unknown): boolean {
  if (error instanceof openid.WWWAuthenticateChallengeError || error instanceof openid.ResponseBodyError)
    return error.status === 401 || error.status === 403;
  return false;
}

/** The library's message with the check underneath it (openid-client wraps oauth4webapi's errors), e.g. `unexpected ID Token "nonce" claim value`. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause : undefined;
  return cause ? `${error.message}: ${cause.message}` : error.message;
}

export function createOidcClient(config: OidcConfig, options: OidcClientOptions = {}): OidcClient {
  let discovered: Promise<openid.Configuration> | undefined;
  // Discovered on first use and kept; a failed discovery is retried next time (the provider may be back).
  const configuration = (): Promise<openid.Configuration> => {
    discovered ??= openid
      .discovery(
        new URL(config.issuer),
        config.clientId,
        { [openid.clockTolerance]: config.clockToleranceSeconds },
        openid.ClientSecretPost(config.clientSecret),
        {
          // The ID token's signature is checked against the provider's JWKS: openid-client otherwise trusts a
          // token-endpoint answer on the strength of TLS alone (OIDC Core 3.1.3.7), which a test showed
          // accepts a token with rewritten claims. Plain http only for a local test provider.
          execute: [
            openid.enableNonRepudiationChecks,
            ...(config.allowInsecureIssuer ? [openid.allowInsecureRequests] : []),
          ],
          ...(options.fetch ? { [openid.customFetch]: options.fetch as openid.CustomFetch } : {}),
        },
      )
      .catch((error: unknown) => {
        discovered = undefined;
        throw new ProviderSignInError(
          'unavailable',
          `the sign-in provider could not be reached: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
    return discovered;
  };

  return {
    config,
    async authorizationRequest() {
      const server = await configuration();
      const codeVerifier = openid.randomPKCECodeVerifier();
      const state = openid.randomState();
      const nonce = openid.randomNonce();
      const url = openid.buildAuthorizationUrl(server, {
        redirect_uri: config.redirectUri,
        scope: config.scopes.join(' '),
        code_challenge: await openid.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return { url: url.href, state, nonce, codeVerifier };
    },

    async complete(callbackUrl, expected) {
      const server = await configuration();
      let tokens: Awaited<ReturnType<typeof openid.authorizationCodeGrant>>;
      try {
        tokens = await openid.authorizationCodeGrant(server, callbackUrl, {
          pkceCodeVerifier: expected.codeVerifier,
          expectedState: expected.state,
          expectedNonce: expected.nonce,
          idTokenExpected: true,
        });
      } catch (error) {
        if (error instanceof openid.AuthorizationResponseError)
          throw new ProviderSignInError('provider-error', `the provider refused: ${error.error}`);
        throw new ProviderSignInError('token-rejected', describe(error));
      }
      const claims = tokens.claims();
      if (!claims || tokens.id_token === undefined) throw new ProviderSignInError('token-rejected', 'no ID token');
      return {
        issuer: claims.iss,
        subject: claims.sub,
        claims: { ...claims },
        accessToken: tokens.access_token,
        idToken: tokens.id_token,
      };
    },

    async userInfo(accessToken, subject) {
      const server = await configuration();
      try {
        return { ...(await openid.fetchUserInfo(server, accessToken, subject)) };
      } catch (error) {
        if (isUnauthorized(error)) return 'disabled';
        throw new ProviderSignInError('unavailable', error instanceof Error ? error.message : String(error));
      }
    },

    async endSessionUrl(idToken) {
      const server = await configuration();
      if (server.serverMetadata().end_session_endpoint === undefined) return undefined;
      return openid.buildEndSessionUrl(server, {
        id_token_hint: idToken,
        post_logout_redirect_uri: config.postLogoutRedirectUri,
      }).href;
    },
  };
}
