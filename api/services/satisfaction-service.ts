/**
 * Satisfaction surveys. A resident opens the link from the notice (no sign-in: the token is the
 * credential, looked up by its sha256) and answers once, before it expires; a refusal comes back as
 * data for the page to say politely. Staff see a case's answers; supervisors see the low ratings of
 * their departments and mark each reviewed. Every read and change is audited (who, when, from where).
 */
import {
  appendAuditEntry,
  answerSurvey,
  findSurvey,
  findSurveyByTokenHash,
  getDefinition,
  listCaseSurveys,
  listLowRatingsToReview,
  markSurveyReviewed,
  sha256Hex,
  type SurveyRecord,
} from '../../db';
import type { JsonObject } from '../../domain/audit';
import type { CompiledDefinition } from '../../domain/definition';
import { departmentScope } from '../auth/access-policy';
import type { Principal } from '../auth/principal';
import { ApiError } from '../errors/api-error';
import { demand, findVisibleCase, principalEntry, recordPlatformEntry } from './case-access';
import { isPortalLanguage, type PortalLanguage } from './resident-portal-service';
import type { RequestSource, ServiceDeps } from './service-deps';

export const SURVEY_COMMENT_MAX = 2000;
/** Tokens are 43 base64url characters; anything far longer is not one. */
const TOKEN_MAX = 100;

export type SurveyState = 'open' | 'answered' | 'expired' | 'unknown';

export interface SurveyPageView {
  state: SurveyState;
  trackingNumber?: string;
  serviceName?: string;
  /** The language the notice went out in. */
  language?: PortalLanguage;
  expiresAt?: Date;
}

export type SurveyAnswerProblem = 'RATING_MISSING' | 'COMMENT_TOO_LONG';

export type SurveyAnswerResult =
  | { outcome: 'saved'; view: SurveyPageView }
  | { outcome: 'refused'; view: SurveyPageView }
  | {
      outcome: 'invalid';
      view: SurveyPageView;
      problems: { field: 'rating' | 'comment'; code: SurveyAnswerProblem }[];
    };

/** What staff see of a survey on the case page and in the supervisors' list. */
export interface SurveySummary {
  id: string;
  caseId: string;
  trackingNumber: string;
  service: string;
  departmentId: string | null;
  channel: string;
  sentAt: Date;
  expiresAt: Date;
  rating: number | null;
  comment: string | null;
  answeredAt: Date | null;
  reviewedAt: Date | null;
  reviewedBy: string | null;
}

/** The 1–5 rating as posted: an integer in range, or undefined. */
export function parseRating(value: string): number | undefined {
  return /^[1-5]$/.test(value.trim()) ? Number(value.trim()) : undefined;
}

const summary = (s: SurveyRecord): SurveySummary => ({
  id: s.id,
  caseId: s.caseId,
  trackingNumber: s.trackingNumber,
  service: s.definitionId,
  departmentId: s.departmentId,
  channel: s.channel,
  sentAt: s.sentAt,
  expiresAt: s.expiresAt,
  rating: s.rating,
  comment: s.comment,
  answeredAt: s.answeredAt,
  reviewedAt: s.reviewedAt,
  reviewedBy: s.reviewedBy,
});

const residentEntrySource = (source: RequestSource) => ({
  ...(source.ip ? { ip: source.ip } : {}),
  channel: source.channel,
});

export type SatisfactionService = ReturnType<typeof createSatisfactionService>;

export function createSatisfactionService(deps: Pick<ServiceDeps, 'db' | 'clock'>) {
  const find = async (token: string) =>
    token === '' || token.length > TOKEN_MAX ? undefined : findSurveyByTokenHash(deps.db, sha256Hex(token));

  async function viewOf(survey: SurveyRecord | undefined, now: Date): Promise<SurveyPageView> {
    if (!survey) return { state: 'unknown' };
    const compiled = (await getDefinition(deps.db, survey.definitionId, survey.definitionVersion))?.compiled as
      CompiledDefinition | undefined;
    const state: SurveyState = survey.answeredAt ? 'answered' : survey.expiresAt <= now ? 'expired' : 'open';
    return {
      state,
      trackingNumber: survey.trackingNumber,
      serviceName: compiled?.title ?? survey.definitionId,
      ...(isPortalLanguage(survey.language) ? { language: survey.language } : {}),
      expiresAt: survey.expiresAt,
    };
  }

  async function residentEntry(
    survey: SurveyRecord,
    eventType: string,
    details: JsonObject,
    source: RequestSource,
  ): Promise<void> {
    await appendAuditEntry(deps.db, {
      caseId: survey.caseId,
      actor: { id: `resident:${survey.trackingNumber}`, kind: 'resident' },
      occurredAt: deps.clock(),
      eventType,
      details: { surveyId: survey.id, ...details },
      source: residentEntrySource(source),
    });
  }

  return {
    /** The survey a link opens; the visit is on the case's audit trail. */
    async open(token: string, source: RequestSource): Promise<SurveyPageView> {
      const survey = await find(token);
      const view = await viewOf(survey, deps.clock());
      if (survey) await residentEntry(survey, 'survey-opened', { state: view.state }, source);
      return view;
    },

    /** The resident's one answer. A second answer, or one after the link expired, is refused and changes nothing. */
    async answer(
      token: string,
      input: { rating: string; comment: string },
      source: RequestSource,
    ): Promise<SurveyAnswerResult> {
      const survey = await find(token);
      const now = deps.clock();
      const view = await viewOf(survey, now);
      if (!survey || view.state !== 'open') {
        if (survey) await residentEntry(survey, 'survey-answer-refused', { reason: view.state }, source);
        return { outcome: 'refused', view };
      }
      const rating = parseRating(input.rating);
      const comment = input.comment.replace(/\r\n?/g, '\n').trim();
      const problems: { field: 'rating' | 'comment'; code: SurveyAnswerProblem }[] = [];
      if (rating === undefined) problems.push({ field: 'rating', code: 'RATING_MISSING' });
      if (comment.length > SURVEY_COMMENT_MAX) problems.push({ field: 'comment', code: 'COMMENT_TOO_LONG' });
      if (rating === undefined || problems.length > 0) return { outcome: 'invalid', view, problems };
      // The conditional update decides: of two answers racing, one is written.
      if (!(await answerSurvey(deps.db, survey.id, { rating, comment: comment === '' ? null : comment, at: now }))) {
        const again = await viewOf(await findSurvey(deps.db, survey.id), now);
        await residentEntry(survey, 'survey-answer-refused', { reason: again.state }, source);
        return { outcome: 'refused', view: again };
      }
      await residentEntry(survey, 'survey-answered', { rating, commented: comment !== '' }, source);
      return { outcome: 'saved', view: { ...view, state: 'answered' } };
    },

    /** A case's surveys for its staff page (the page's own read of the case is audited there). */
    async forCase(principal: Principal, caseId: string): Promise<SurveySummary[]> {
      const record = await findVisibleCase(deps, principal, caseId);
      return (await listCaseSurveys(deps.db, record.id)).map(summary);
    },

    /** Answered ratings of 1 or 2 nobody has reviewed, in the supervisor's departments. The read is audited. */
    async lowRatings(principal: Principal, source: RequestSource): Promise<SurveySummary[]> {
      demand(principal, 'worklist:supervise');
      const scope = departmentScope(principal);
      const rows = await listLowRatingsToReview(deps.db, scope ? { departmentIds: scope } : {});
      await recordPlatformEntry(
        deps,
        principal,
        'satisfaction.low-ratings.read',
        { count: rows.length, departments: scope ? [...scope] : null },
        source,
      );
      return rows.map(summary);
    },

    /** A supervisor marks a low rating reviewed (once; the first mark stands), on the case's audit trail. */
    async markReviewed(principal: Principal, surveyId: string, source: RequestSource): Promise<{ marked: boolean }> {
      demand(principal, 'worklist:supervise');
      const survey = surveyId.length <= TOKEN_MAX ? await findSurvey(deps.db, surveyId) : undefined;
      const scope = departmentScope(principal);
      if (!survey || (scope && !scope.includes(survey.departmentId ?? '')))
        throw new ApiError('NOT_FOUND', 'no such survey answer');
      const now = deps.clock();
      const marked = await markSurveyReviewed(deps.db, survey.id, principal.id, now);
      if (marked)
        await appendAuditEntry(
          deps.db,
          principalEntry(principal, source, now, survey.caseId, 'survey-reviewed', {
            surveyId: survey.id,
            rating: survey.rating,
          }),
        );
      return { marked };
    },
  };
}
