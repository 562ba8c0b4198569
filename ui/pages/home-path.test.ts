import type { Principal } from '../../api/auth/principal';
import { homePath } from './home-path';

const person = (roles: string[]): Principal => ({
  kind: 'user',
  id: 'u',
  roles,
  departmentId: null,
  grants: {},
  scopes: [],
});

describe('the page after sign-in', () => {
  it('is the audit for auditors and the work lists for everyone else', () => {
    expect(homePath(person(['auditor']))).toBe('/audit');
    expect(homePath(person(['records-officer']))).toBe('/work');
    expect(homePath(person(['staff']))).toBe('/work');
  });

  it('is the articles for knowledge managers who read no cases', () => {
    expect(homePath(person(['knowledge-manager']))).toBe('/knowledge/manage');
    expect(homePath(person(['knowledge-manager', 'staff']))).toBe('/work');
  });
});
