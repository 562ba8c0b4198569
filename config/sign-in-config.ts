/**
 * How staff sign in: local accounts (on or off, second factor required for some roles) and OpenID
 * Connect single sign-on (issuer, client, scopes, and the map from the provider's groups to CivicFlow
 * roles and departments). Read with the rest of the configuration by loadConfig.
 */

/** What one provider group gives its members. */
export interface GroupGrant {
  readonly roles: readonly string[];
  readonly departmentId?: string;
}

export interface OidcConfig {
  /** Issuer identifier; its /.well-known/openid-configuration is discovered on first use. */
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scopes: readonly string[];
  /** PUBLIC_URL + /sign-in/oidc/callback: registered at the provider. */
  readonly redirectUri: string;
  /** Where the provider sends people back after ending its session: PUBLIC_URL + /sign-in?signedOut=1. */
  readonly postLogoutRedirectUri: string;
  /** The ID token / userinfo claim holding the person's groups (OIDC_GROUPS_CLAIM, default `groups`). */
  readonly groupsClaim: string;
  /** Group → roles and department, in the order given (the first group with a department sets it). */
  readonly groupMap: ReadonlyArray<readonly [string, GroupGrant]>;
  /** How often a signed-in session asks the provider whether the person is still enabled (userinfo). */
  readonly recheckSeconds: number;
  /** Accepted difference between our clock and the provider's when checking token times. */
  readonly clockToleranceSeconds: number;
  /** Plain http issuer allowed (never in production; the tests' local provider). */
  readonly allowInsecureIssuer: boolean;
  /** The button text: "Sign in with <label>". */
  readonly label: string;
}

export interface SignInConfig {
  /** Username and password sign-in (LOCAL_SIGN_IN, default on). */
  readonly localAccounts: boolean;
  /** Local accounts holding any of these roles must use a second factor (TOTP_REQUIRED_ROLES). */
  readonly totpRequiredRoles: readonly string[];
  /** The name shown in authenticator apps. */
  readonly totpIssuer: string;
  readonly oidc?: OidcConfig;
}

/** The part of config's EnvReader this file uses. */
export interface SignInEnvReader {
  text(name: string): string | undefined;
  integer(name: string, fallback: number, min: number, max: number): number;
  boolean(name: string, fallback: boolean): boolean;
  url(name: string, protocols: readonly string[]): URL | undefined;
  problem(variable: string, message: string): void;
}

const NAME = /^[A-Za-z0-9._:-]{1,100}$/;

/** OIDC_GROUP_MAP: `{"group": {"roles": ["staff"], "department": "call-center"}, …}`. */
export function parseGroupMap(raw: string): { map: Array<[string, GroupGrant]>; problems: string[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { map: [], problems: ['must be a JSON object'] };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    return { map: [], problems: ['must be a JSON object of group → {"roles": [...], "department": "..."}'] };
  const map: Array<[string, GroupGrant]> = [];
  const problems: string[] = [];
  for (const [group, value] of Object.entries(parsed as Record<string, unknown>)) {
    const grant = value as { roles?: unknown; department?: unknown } | null;
    const roles = grant?.roles;
    if (
      !Array.isArray(roles) ||
      roles.length === 0 ||
      !roles.every((role): role is string => typeof role === 'string' && NAME.test(role))
    ) {
      problems.push(`group ${JSON.stringify(group)}: "roles" must be a non-empty list of role names`);
      continue;
    }
    const department = grant?.department;
    if (department !== undefined && (typeof department !== 'string' || !NAME.test(department))) {
      problems.push(`group ${JSON.stringify(group)}: "department" must be a department id`);
      continue;
    }
    map.push([group, { roles, ...(department !== undefined ? { departmentId: department } : {}) }]);
  }
  if (map.length === 0 && problems.length === 0) problems.push('must map at least one group');
  return { map, problems };
}

function readOidc(reader: SignInEnvReader, env: string, publicUrl: string): OidcConfig | undefined {
  const issuerUrl = reader.url('OIDC_ISSUER', ['https:', 'http:']);
  if (issuerUrl === undefined) {
    for (const name of ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_GROUP_MAP'])
      if (reader.text(name) !== undefined) reader.problem('OIDC_ISSUER', `must be set when ${name} is set`);
    return undefined;
  }
  if (issuerUrl.protocol === 'http:' && env === 'production')
    reader.problem('OIDC_ISSUER', 'must use https in production');
  const clientId = reader.text('OIDC_CLIENT_ID');
  const clientSecret = reader.text('OIDC_CLIENT_SECRET');
  if (clientId === undefined) reader.problem('OIDC_CLIENT_ID', 'must be set when OIDC_ISSUER is set');
  if (clientSecret === undefined) reader.problem('OIDC_CLIENT_SECRET', 'must be set when OIDC_ISSUER is set');
  const scopes = (reader.text('OIDC_SCOPES') ?? 'openid profile email groups')
    .split(/[\s,]+/)
    .filter((scope) => scope !== '');
  if (!scopes.includes('openid')) reader.problem('OIDC_SCOPES', 'must include openid');
  const mapText = reader.text('OIDC_GROUP_MAP');
  let groupMap: Array<[string, GroupGrant]> = [];
  if (mapText === undefined)
    reader.problem('OIDC_GROUP_MAP', 'must be set when OIDC_ISSUER is set (who gets which roles)');
  else {
    const parsed = parseGroupMap(mapText);
    for (const problem of parsed.problems) reader.problem('OIDC_GROUP_MAP', problem);
    groupMap = parsed.map;
  }
  return {
    // The issuer identifier is compared exactly with the token's `iss`: keep it as written (no added slash).
    issuer: reader.text('OIDC_ISSUER') ?? issuerUrl.toString(),
    clientId: clientId ?? '',
    clientSecret: clientSecret ?? '',
    scopes,
    redirectUri: `${publicUrl}/sign-in/oidc/callback`,
    postLogoutRedirectUri: `${publicUrl}/sign-in?signedOut=1`,
    groupsClaim: reader.text('OIDC_GROUPS_CLAIM') ?? 'groups',
    groupMap,
    recheckSeconds: reader.integer('OIDC_RECHECK_SECONDS', 300, 5, 24 * 3600),
    clockToleranceSeconds: reader.integer('OIDC_CLOCK_TOLERANCE_SECONDS', 30, 1, 300),
    allowInsecureIssuer: issuerUrl.protocol === 'http:' && env !== 'production',
    label: reader.text('OIDC_LABEL') ?? 'your agency account',
  };
}

export function readSignIn(reader: SignInEnvReader, env: string, publicUrl: string, agencyName: string): SignInConfig {
  const oidc = readOidc(reader, env, publicUrl);
  const localAccounts = reader.boolean('LOCAL_SIGN_IN', true);
  if (!localAccounts && oidc === undefined)
    reader.problem('LOCAL_SIGN_IN', 'may be off only when OIDC_ISSUER is set (nobody could sign in)');
  const totpRequiredRoles = (reader.text('TOTP_REQUIRED_ROLES') ?? '').split(/[\s,]+/).filter((role) => role !== '');
  const bad = totpRequiredRoles.filter((role) => !NAME.test(role));
  if (bad.length > 0)
    reader.problem(
      'TOTP_REQUIRED_ROLES',
      `must be a comma-separated list of role names (bad: ${JSON.stringify(bad.join(','))})`,
    );
  return { localAccounts, totpRequiredRoles, totpIssuer: agencyName, ...(oidc ? { oidc } : {}) };
}
