/**
 * Letters to print (issue 11): the staff list of `letter` notices in the viewer's departments, the PDF
 * of one, and the "printed" mark. Reading a letter and marking it are audited on its case.
 */
import type { Knex } from 'knex';
import { appendAuditEntry, getLetter, listLetters, markLetterPrinted, type LetterSummary } from '../../db';
import { departmentScope } from '../auth/access-policy';
import type { Principal } from '../auth/principal';
import { ApiError } from '../errors/api-error';
import { demand, findVisibleCase } from './case-access';
import type { RequestSource } from './service-deps';

export function createLetterService(deps: { db: Knex; clock: () => Date }) {
  async function visibleLetter(principal: Principal, id: number): Promise<LetterSummary & { pdf: Buffer }> {
    const letter = Number.isSafeInteger(id) ? await getLetter(deps.db, id) : undefined;
    if (!letter) throw new ApiError('LETTER_NOT_FOUND', `letter ${id} not found`);
    // A letter of another department's case is as absent as the case.
    if (letter.caseId)
      await findVisibleCase(deps, principal, letter.caseId).catch(() => {
        throw new ApiError('LETTER_NOT_FOUND', `letter ${id} not found`);
      });
    return letter;
  }

  const audit = async (principal: Principal, letter: LetterSummary, eventType: string, source: RequestSource) => {
    if (!letter.caseId) return;
    await appendAuditEntry(deps.db, {
      caseId: letter.caseId,
      actor: { id: principal.id, kind: principal.kind === 'user' ? 'staff' : 'integration' },
      occurredAt: deps.clock(),
      eventType,
      details: { what: letter.subject, letterId: letter.id },
      source: { ...(source.ip ? { ip: source.ip } : {}), channel: source.channel },
    });
  };

  return {
    async list(principal: Principal): Promise<LetterSummary[]> {
      demand(principal, 'cases:read');
      const scope = departmentScope(principal);
      return listLetters(deps.db, scope === undefined ? {} : { departmentIds: scope });
    },
    async pdf(
      principal: Principal,
      id: number,
      source: RequestSource,
    ): Promise<{ letter: LetterSummary; pdf: Buffer }> {
      demand(principal, 'cases:read');
      const { pdf, ...letter } = await visibleLetter(principal, id);
      await audit(principal, letter, 'letter.read', source);
      return { letter, pdf };
    },
    async markPrinted(principal: Principal, id: number, source: RequestSource): Promise<LetterSummary> {
      demand(principal, 'cases:act');
      const letter = await visibleLetter(principal, id);
      const marked = await markLetterPrinted(deps.db, id, principal.id, deps.clock());
      if (letter.printedAt === null) await audit(principal, marked, 'letter-printed', source);
      return marked;
    },
  };
}
