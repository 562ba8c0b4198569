/** Where a person lands after signing in: the work lists, or the audit for auditors who read no cases. Pure. */
import { can } from '../../api/auth/access-policy';
import type { Principal } from '../../api/auth/principal';

export function homePath(principal: Principal): string {
  if (!can(principal, 'cases:read') && can(principal, 'audit:read')) return '/audit';
  return '/work';
}
