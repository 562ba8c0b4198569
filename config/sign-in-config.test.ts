import { loadConfig, redactedConfig } from './app-config';
import { parseGroupMap } from './sign-in-config';
import { configProblems } from '../test/support/config-problems';

const OIDC = {
  PUBLIC_URL: 'https://civicflow.city.example/',
  OIDC_ISSUER: 'https://login.city.example/tenant',
  OIDC_CLIENT_ID: 'civicflow',
  OIDC_CLIENT_SECRET: 'a-secret',
  OIDC_GROUP_MAP: JSON.stringify({
    'cf-clerks': { roles: ['staff'], department: 'call-center' },
    'cf-auditors': { roles: ['records-officer'] },
  }),
};

const problems = (env: Record<string, string>): string[] =>
  configProblems(env).map((problem) => `${problem.variable}: ${problem.message}`);

describe('sign-in configuration', () => {
  it('defaults: local accounts on, no single sign-on, no role needs a second factor', () => {
    expect(loadConfig({}).signIn).toEqual({
      localAccounts: true,
      totpRequiredRoles: [],
      totpIssuer: 'City of Example (CivicFlow demo)',
    });
  });

  it('reads OpenID Connect: issuer kept exactly, redirect from PUBLIC_URL, group map in order, secret masked in the log', () => {
    const config = loadConfig({
      ...OIDC,
      OIDC_SCOPES: 'openid profile groups',
      OIDC_RECHECK_SECONDS: '120',
      LOCAL_SIGN_IN: 'false',
      TOTP_REQUIRED_ROLES: 'admin, supervisor',
    });
    expect(config.signIn).toMatchObject({
      localAccounts: false,
      totpRequiredRoles: ['admin', 'supervisor'],
      oidc: {
        issuer: 'https://login.city.example/tenant',
        scopes: ['openid', 'profile', 'groups'],
        redirectUri: 'https://civicflow.city.example/sign-in/oidc/callback',
        postLogoutRedirectUri: 'https://civicflow.city.example/sign-in?signedOut=1',
        groupsClaim: 'groups',
        groupMap: [
          ['cf-clerks', { roles: ['staff'], departmentId: 'call-center' }],
          ['cf-auditors', { roles: ['records-officer'] }],
        ],
        recheckSeconds: 120,
        clockToleranceSeconds: 30,
        allowInsecureIssuer: false,
      },
    });
    expect(JSON.stringify(redactedConfig(config))).not.toContain('a-secret');
  });

  it('names every bad sign-in variable', () => {
    expect(problems({ LOCAL_SIGN_IN: 'false' })).toEqual([
      expect.stringMatching(/^LOCAL_SIGN_IN: may be off only when OIDC_ISSUER is set/),
    ]);
    expect(problems({ OIDC_CLIENT_ID: 'x' })).toEqual([
      expect.stringMatching(/^OIDC_ISSUER: must be set when OIDC_CLIENT_ID/),
    ]);
    expect(problems({ OIDC_ISSUER: 'https://login.example' }).map((problem) => problem.split(':')[0])).toEqual([
      'OIDC_CLIENT_ID',
      'OIDC_CLIENT_SECRET',
      'OIDC_GROUP_MAP',
    ]);
    expect(
      problems({ ...OIDC, NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), OIDC_ISSUER: 'http://login.example' }),
    ).toEqual([expect.stringMatching(/^OIDC_ISSUER: must use https in production/)]);
    expect(
      problems({ ...OIDC, OIDC_SCOPES: 'profile', OIDC_CLOCK_TOLERANCE_SECONDS: '3600' }).map(
        (problem) => problem.split(':')[0],
      ),
    ).toEqual(['OIDC_SCOPES', 'OIDC_CLOCK_TOLERANCE_SECONDS']);
    expect(problems({ TOTP_REQUIRED_ROLES: 'admin,<script>' })).toEqual([
      expect.stringMatching(/^TOTP_REQUIRED_ROLES/),
    ]);
  });

  it('parseGroupMap says what is wrong with each group', () => {
    expect(parseGroupMap('[]').problems).toEqual([expect.stringContaining('JSON object')]);
    expect(parseGroupMap('{not json').problems).toEqual(['must be a JSON object']);
    expect(parseGroupMap('{}').problems).toEqual(['must map at least one group']);
    const parsed = parseGroupMap(
      JSON.stringify({ a: { roles: [] }, b: { roles: ['staff'], department: 7 }, c: { roles: ['staff'] } }),
    );
    expect(parsed.problems).toEqual([
      'group "a": "roles" must be a non-empty list of role names',
      'group "b": "department" must be a department id',
    ]);
    expect(parsed.map).toEqual([['c', { roles: ['staff'] }]]);
  });
});
