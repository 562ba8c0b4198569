/** Who is calling: a staff user (JWT), an integration (API key) or nobody (public endpoints). */
import type { UserGrants } from '../../db';

/** Platform roles: what a person may do in CivicFlow, apart from the process roles definitions name. */
export const PLATFORM_ROLES = [
  'staff',
  'supervisor',
  'program-manager',
  'records-officer',
  'admin',
  'auditor',
  'knowledge-manager',
] as const;
export type PlatformRole = (typeof PLATFORM_ROLES)[number];

export interface Principal {
  kind: 'user' | 'api-key';
  /** User id, or `apikey:<id>` for integrations. */
  id: string;
  username?: string;
  /** Platform roles and process roles together (as stored on the user). */
  roles: readonly string[];
  departmentId: string | null;
  grants: UserGrants;
  /** API-key scopes (permissions granted directly). */
  scopes: readonly string[];
}

export function isPlatformRole(role: string): role is PlatformRole {
  return (PLATFORM_ROLES as readonly string[]).includes(role);
}
