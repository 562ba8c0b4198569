/** Navigation to the sections only some roles use (supervision, knowledge base, records, audit), from the person's permissions. Pure. */
import { can } from '../../api/auth/access-policy';
import type { Principal } from '../../api/auth/principal';

export function sectionLinks(principal: Principal): { href: string; label: string }[] {
  return [
    ...(can(principal, 'worklist:supervise')
      ? [
          { href: '/supervise/at-risk', label: 'Overdue and at risk' },
          { href: '/supervise/ratings', label: 'Low ratings' },
        ]
      : []),
    ...(can(principal, 'reports:read')
      ? [
          { href: '/supervise/dashboard', label: 'Dashboard' },
          { href: '/forecast', label: 'Demand forecast' },
        ]
      : []),
    ...(can(principal, 'knowledge:read') ? [{ href: '/knowledge', label: 'Knowledge base' }] : []),
    ...(can(principal, 'knowledge:write') ? [{ href: '/knowledge/manage', label: 'Articles' }] : []),
    ...(can(principal, 'cases:read') ? [{ href: '/inquiries', label: 'Questions from residents' }] : []),
    ...(can(principal, 'cases:read') ? [{ href: '/letters', label: 'Letters to print' }] : []),
    ...(can(principal, 'definitions:write') ? [{ href: '/studio', label: 'Definitions' }] : []),
    ...(can(principal, 'records:dispose') ? [{ href: '/records', label: 'Records' }] : []),
    ...(can(principal, 'audit:read') ? [{ href: '/audit', label: 'Audit' }] : []),
  ];
}
