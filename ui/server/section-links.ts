/** Navigation to the sections only some roles use (records, audit), from the person's permissions. Pure. */
import { can } from '../../api/auth/access-policy';
import type { Principal } from '../../api/auth/principal';

export function sectionLinks(principal: Principal): { href: string; label: string }[] {
  return [
    ...(can(principal, 'records:dispose') ? [{ href: '/records', label: 'Records' }] : []),
    ...(can(principal, 'audit:read') ? [{ href: '/audit', label: 'Audit' }] : []),
  ];
}
