/** The pure access rules: department scope, grants, and which personal fields a principal sees. */
import {
  can,
  departmentScope,
  maskCaseData,
  seesDepartment,
  visiblePersonalFields,
} from '../../api/auth/access-policy';
import type { Principal } from '../../api/auth/principal';

const user = (roles: string[], departmentId: string | null, grants: Principal['grants'] = {}): Principal => ({
  kind: 'user',
  id: 'u',
  roles,
  departmentId,
  grants,
  scopes: [],
});
const definition = {
  caseData: {
    schema: { type: 'object' as const, properties: {} },
    fields: ['name', 'address', 'category'],
    personalFields: ['name', 'address'],
    required: [],
  },
  roles: {
    agent: { id: 'agent', title: 'Agent', department: 'a', groups: [], seesPersonalData: true },
    crew: { id: 'crew', title: 'Crew', department: 'b', groups: [], seesPersonalData: ['address'] },
    manager: { id: 'manager', title: 'Manager', department: 'a', groups: [], seesPersonalData: false },
  },
};

describe('access policy', () => {
  it('scopes staff to their department, widened only by grants or an auditing role', () => {
    expect(departmentScope(user(['staff'], 'a'))).toEqual(['a']);
    expect(departmentScope(user(['staff'], 'a', { departments: ['b'] }))).toEqual(['a', 'b']);
    expect(departmentScope(user(['staff'], 'a', { allDepartments: true }))).toBeUndefined();
    expect(departmentScope(user(['records-officer'], 'a'))).toBeUndefined();
    expect(departmentScope(user(['staff'], null))).toEqual([]);
    expect(seesDepartment(user(['staff'], 'a'), null)).toBe(false);
    expect(seesDepartment(user(['admin'], 'a'), null)).toBe(true);
  });

  it('grants permissions by platform role only (process roles grant nothing here)', () => {
    expect(can(user(['agent'], 'a'), 'cases:read')).toBe(false);
    expect(can(user(['staff'], 'a'), 'cases:assign')).toBe(false);
    expect(can(user(['supervisor'], 'a'), 'cases:assign')).toBe(true);
    expect(
      can(
        { kind: 'api-key', id: 'k', roles: ['admin'], departmentId: null, grants: {}, scopes: ['cases:read'] },
        'cases:create',
      ),
    ).toBe(false);
  });

  it("shows personal fields per the definition's roles and masks the rest", () => {
    expect([...visiblePersonalFields(user(['staff', 'agent'], 'a'), definition)].sort()).toEqual(['address', 'name']);
    expect([...visiblePersonalFields(user(['staff', 'crew'], 'b'), definition)]).toEqual(['address']);
    expect([...visiblePersonalFields(user(['program-manager', 'manager'], 'a'), definition)]).toEqual([]);
    expect([...visiblePersonalFields(user(['staff'], 'a', { personalData: true }), definition)].sort()).toEqual([
      'address',
      'name',
    ]);
    const masked = maskCaseData(
      { name: 'Ana', address: '1 Main St', category: 'graffiti' },
      definition.caseData.personalFields,
      new Set(['address']),
    );
    expect(masked).toEqual({ data: { name: '***', address: '1 Main St', category: 'graffiti' }, masked: ['name'] });
  });
});
