/**
 * Access control as data and pure functions: which platform role may do what, which departments a
 * principal sees, and which personal-data fields it sees unmasked. No I/O here.
 */
import type { CompiledDefinition, JsonValue } from '../../domain/definition';
import { type PlatformRole, type Principal } from './principal';

export type Permission =
  | 'cases:create'
  | 'cases:read'
  | 'cases:act'
  | 'cases:assign'
  | 'cases:clock'
  | 'cases:withdraw'
  | 'cases:reopen'
  | 'documents:write'
  | 'worklist:mine'
  | 'worklist:team'
  | 'worklist:supervise'
  | 'reports:read'
  | 'definitions:read'
  | 'definitions:write'
  | 'definitions:publish'
  | 'audit:read'
  | 'records:dispose'
  | 'records:hold'
  | 'records:export'
  | 'knowledge:read'
  | 'knowledge:write'
  | 'contacts:log'
  /** The outbound feed of case changes (a city system or data warehouse following cases). */
  | 'events:read';

/** Who holds each permission. The compiler keeps this complete. */
export const PERMISSIONS: Record<Permission, readonly PlatformRole[]> = {
  'cases:create': ['staff', 'supervisor', 'admin'],
  'cases:read': ['staff', 'supervisor', 'program-manager', 'records-officer', 'admin'],
  'cases:act': ['staff', 'supervisor', 'admin'],
  'cases:assign': ['supervisor', 'admin'],
  'cases:clock': ['supervisor', 'admin'],
  'cases:withdraw': ['staff', 'supervisor', 'admin'],
  'cases:reopen': ['supervisor', 'admin'],
  'documents:write': ['staff', 'supervisor', 'admin'],
  'worklist:mine': ['staff', 'supervisor', 'admin'],
  'worklist:team': ['staff', 'supervisor', 'admin'],
  'worklist:supervise': ['supervisor', 'program-manager', 'admin'],
  'reports:read': ['supervisor', 'program-manager', 'records-officer', 'admin'],
  'definitions:read': ['staff', 'supervisor', 'program-manager', 'records-officer', 'admin'],
  'definitions:write': ['program-manager', 'admin'],
  'definitions:publish': ['program-manager', 'admin'],
  // The audit trail is read by auditors only: the people it records cannot review themselves.
  'audit:read': ['auditor'],
  'records:dispose': ['records-officer'],
  'records:hold': ['records-officer'],
  'records:export': ['records-officer'],
  'knowledge:read': ['staff', 'supervisor', 'program-manager', 'knowledge-manager', 'admin'],
  // Knowledge managers write and publish articles and call scripts (issue 17).
  'knowledge:write': ['knowledge-manager', 'admin'],
  'contacts:log': ['staff', 'supervisor', 'admin'],
  'events:read': ['admin'],
};

/** Roles that see every department's cases without a grant. */
const ALL_DEPARTMENT_ROLES: readonly PlatformRole[] = ['records-officer', 'admin'];
/** Roles that see every personal-data field. */
const ALL_PERSONAL_DATA_ROLES: readonly PlatformRole[] = ['records-officer', 'admin'];

export function can(principal: Principal, permission: Permission): boolean {
  if (principal.kind === 'api-key') return principal.scopes.includes(permission);
  return PERMISSIONS[permission].some((role) => principal.roles.includes(role));
}

/** Departments whose cases the principal sees: undefined = all, [] = none. */
export function departmentScope(principal: Principal): readonly string[] | undefined {
  if (principal.grants.allDepartments === true) return undefined;
  if (principal.kind === 'api-key' && principal.scopes.includes('departments:all')) return undefined;
  if (principal.kind === 'user' && ALL_DEPARTMENT_ROLES.some((role) => principal.roles.includes(role)))
    return undefined;
  const extra = Array.isArray(principal.grants.departments)
    ? principal.grants.departments.filter((d): d is string => typeof d === 'string')
    : [];
  return [...new Set([...(principal.departmentId ? [principal.departmentId] : []), ...extra])];
}

export function seesDepartment(principal: Principal, departmentId: string | null): boolean {
  const scope = departmentScope(principal);
  if (scope === undefined) return true;
  return departmentId !== null && scope.includes(departmentId);
}

/** Personal-data fields of the definition this principal sees unmasked. */
export function visiblePersonalFields(
  principal: Principal,
  definition: Pick<CompiledDefinition, 'caseData' | 'roles'>,
): Set<string> {
  const personal = definition.caseData.personalFields;
  if (principal.grants.personalData === true) return new Set(personal);
  if (principal.kind === 'user' && ALL_PERSONAL_DATA_ROLES.some((role) => principal.roles.includes(role)))
    return new Set(personal);
  if (principal.kind === 'api-key' && principal.scopes.includes('personal-data')) return new Set(personal);
  const visible = new Set<string>();
  for (const roleId of principal.roles) {
    const role = definition.roles[roleId];
    if (!role) continue;
    if (role.seesPersonalData === true) personal.forEach((field) => visible.add(field));
    else if (Array.isArray(role.seesPersonalData)) role.seesPersonalData.forEach((field) => visible.add(field));
  }
  return visible;
}

export const MASK = '***';

/** Replaces personal fields the principal may not see with the mask; reports which were masked. */
export function maskCaseData(
  data: Record<string, JsonValue>,
  personalFields: readonly string[],
  visible: ReadonlySet<string>,
): { data: Record<string, JsonValue>; masked: string[] } {
  const out: Record<string, JsonValue> = { ...data };
  const masked: string[] = [];
  for (const field of personalFields) {
    if (field in out && !visible.has(field)) {
      out[field] = MASK;
      masked.push(field);
    }
  }
  return { data: out, masked };
}

/** Whether the principal sees the resident's contact details (any personal data at all, or all of it). */
export function seesResidentContact(
  principal: Principal,
  definition: Pick<CompiledDefinition, 'caseData' | 'roles'>,
): boolean {
  if (principal.grants.personalData === true) return true;
  if (principal.kind === 'user' && ALL_PERSONAL_DATA_ROLES.some((role) => principal.roles.includes(role))) return true;
  if (principal.kind === 'api-key') return principal.scopes.includes('personal-data');
  return principal.roles.some((roleId) => definition.roles[roleId]?.seesPersonalData === true);
}
