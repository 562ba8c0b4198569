/**
 * Pure: what a person's provider groups give them in CivicFlow. Roles are the union of every mapped
 * group's roles; the department is that of the first mapped group (in configuration order) that names
 * one. No mapped group: no access.
 */
import type { GroupGrant } from '../../../config';

export interface MappedAccess {
  roles: string[];
  departmentId: string | null;
  /** The provider groups that counted. */
  matchedGroups: string[];
}

export function mapGroups(
  groupMap: ReadonlyArray<readonly [string, GroupGrant]>,
  groups: readonly string[],
): MappedAccess | undefined {
  const held = new Set(groups);
  const matched = groupMap.filter(([group]) => held.has(group));
  if (matched.length === 0) return undefined;
  const roles = [...new Set(matched.flatMap(([, grant]) => grant.roles))].sort();
  const departmentId = matched.find(([, grant]) => grant.departmentId !== undefined)?.[1].departmentId ?? null;
  return { roles, departmentId, matchedGroups: matched.map(([group]) => group) };
}

/** The groups claim as a list of strings, whatever shape the provider sent (a list, one string, or nothing). */
export function groupsFromClaim(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}
