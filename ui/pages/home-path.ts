/** Where a person lands after signing in: the work lists, or for those who read no cases the audit (auditors) or the articles (knowledge managers). Pure. */
import { can } from '../../api/auth/access-policy';
import type { Principal } from '../../api/auth/principal';

export function homePath(principal: Principal): string {
  if (!can(principal, 'cases:read') && can(principal, 'audit:read')) return '/audit';
  if (!can(principal, 'cases:read') && can(principal, 'knowledge:write')) return '/knowledge/manage';
  return '/work';
}
