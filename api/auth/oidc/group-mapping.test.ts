import { groupsFromClaim, mapGroups } from './group-mapping';

const MAP = [
  ['cf-clerks', { roles: ['staff', 'call-center-agent'], departmentId: 'call-center' }],
  ['cf-sanitation-supervisors', { roles: ['supervisor', 'sanitation-supervisor'], departmentId: 'sanitation' }],
  ['cf-auditors', { roles: ['records-officer'] }],
] as const;

describe('mapGroups', () => {
  it('gives the roles and department of the one mapped group', () => {
    expect(mapGroups(MAP, ['everyone', 'cf-clerks'])).toEqual({
      roles: ['call-center-agent', 'staff'],
      departmentId: 'call-center',
      matchedGroups: ['cf-clerks'],
    });
  });

  it('unites the roles of several groups; the first mapped group with a department (in configuration order) sets it', () => {
    const access = mapGroups(MAP, ['cf-auditors', 'cf-sanitation-supervisors', 'cf-clerks']);
    expect(access?.roles).toEqual([
      'call-center-agent',
      'records-officer',
      'sanitation-supervisor',
      'staff',
      'supervisor',
    ]);
    expect(access?.departmentId).toBe('call-center');
  });

  it('a group without a department leaves the department empty', () => {
    expect(mapGroups(MAP, ['cf-auditors'])?.departmentId).toBeNull();
  });

  it('no mapped group: no access', () => {
    expect(mapGroups(MAP, ['everyone', 'CF-CLERKS'])).toBeUndefined();
    expect(mapGroups(MAP, [])).toBeUndefined();
  });
});

describe('groupsFromClaim', () => {
  it('reads a list, a single string, or nothing', () => {
    expect(groupsFromClaim(['a', 7, 'b'])).toEqual(['a', 'b']);
    expect(groupsFromClaim('a')).toEqual(['a']);
    expect(groupsFromClaim(undefined)).toEqual([]);
    expect(groupsFromClaim({ a: 1 })).toEqual([]);
  });
});
