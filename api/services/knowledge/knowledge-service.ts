/**
 * The knowledge base (issue 17): articles a knowledge manager writes and publishes (versioned; a
 * "needs review" list once the review-by day passes), ranked search in the agent's language, call
 * scripts per service, public articles for residents, and information requests (a contact answered
 * from an article, logged with no workflow and no SLA) with their counts. Every change is audited on
 * the platform chain.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import {
  createKbArticle,
  getCallScript,
  getInformationRequest,
  getKbArticle,
  getKbArticleVersion,
  informationRequestCounts,
  linkInformationRequestCase,
  listCallScripts,
  listDefinitions,
  listKbArticles,
  listKbArticlesNeedingReview,
  listKbArticleVersions,
  publishKbArticle,
  recordInformationRequest,
  saveCallScript,
  saveKbArticleEdit,
  searchKbArticles,
  type CallScript,
  type ContactCount,
  type InformationRequest,
  type KbArticle,
  type KbArticleVersion,
  type KbSearchHit,
} from '../../../db';
import { can, departmentScope } from '../../auth/access-policy';
import type { Principal } from '../../auth/principal';
import { ApiError } from '../../errors/api-error';
import { demand, findVisibleCase, recordPlatformEntry } from '../case-access';
import { resolvePeriod, type PeriodInput } from '../dashboard-service';
import type { RequestSource } from '../service-deps';
import {
  firstContactShare,
  readArticleInput,
  readContactInput,
  readScriptQuestions,
  type KbLanguageCode,
} from './knowledge-input';

export const SEARCH_LIMIT = 20;

export interface PublishedArticle {
  id: string;
  language: KbLanguageCode;
  service: string | null;
  public: boolean;
  version: KbArticleVersion;
}

export interface ContactReport {
  from: Date;
  to: Date;
  byTopic: ContactCount[];
  byChannel: ContactCount[];
  contacts: number;
  /** Whole percent answered at first contact; null with no contacts. */
  answeredAtFirstContact: number | null;
}

const refuse = (problems: ReadonlyArray<{ field: string; message: string }>): never => {
  throw new ApiError('VALIDATION_FAILED', problems.map((p) => p.message).join('; '), { problems });
};

const notFound = (id: string) => new ApiError('ARTICLE_NOT_FOUND', `article ${id} not found`, { articleId: id });

export function createKnowledgeService(deps: { db: Knex; clock: () => Date }) {
  const audit = (
    principal: Principal,
    eventType: string,
    details: Parameters<typeof recordPlatformEntry>[3],
    source: RequestSource,
  ) => recordPlatformEntry(deps, principal, eventType, details, source);

  async function knownService(service: string | null): Promise<void> {
    if (service === null) return;
    const known = (await listDefinitions(deps.db)).some((definition) => definition.id === service);
    if (!known) refuse([{ field: 'service', message: 'Choose a service from the list, or none' }]);
  }

  async function published(id: string, publicOnly: boolean): Promise<PublishedArticle> {
    const article = id.length <= 100 ? await getKbArticle(deps.db, id) : undefined;
    if (!article || article.publishedVersion === null || (publicOnly && !article.public)) throw notFound(id);
    const version = await getKbArticleVersion(deps.db, id, article.publishedVersion);
    if (!version) throw notFound(id);
    return { id, language: article.language, service: article.service, public: article.public, version };
  }

  return {
    /** Ranked search of published articles in one language (staff see internal ones too). */
    async search(principal: Principal, query: string, language: KbLanguageCode): Promise<KbSearchHit[]> {
      demand(principal, 'knowledge:read');
      if (query === '') return [];
      return searchKbArticles(deps.db, { query, language, publicOnly: false, limit: SEARCH_LIMIT });
    },
    /** Residents: public published articles only. */
    async searchPublic(query: string, language: KbLanguageCode): Promise<KbSearchHit[]> {
      if (query === '') return [];
      return searchKbArticles(deps.db, { query, language, publicOnly: true, limit: SEARCH_LIMIT });
    },
    async publicArticle(id: string): Promise<PublishedArticle> {
      return published(id, true);
    },
    /** The published version an agent reads. */
    async article(principal: Principal, id: string): Promise<PublishedArticle> {
      demand(principal, 'knowledge:read');
      return published(id, false);
    },

    async list(principal: Principal): Promise<KbArticle[]> {
      demand(principal, 'knowledge:write');
      return listKbArticles(deps.db);
    },
    async draft(principal: Principal, id: string): Promise<{ article: KbArticle; history: KbArticleVersion[] }> {
      demand(principal, 'knowledge:write');
      const article = id.length <= 100 ? await getKbArticle(deps.db, id) : undefined;
      if (!article) throw notFound(id);
      return { article, history: await listKbArticleVersions(deps.db, id) };
    },
    async needsReview(principal: Principal, today: string) {
      demand(principal, 'knowledge:write');
      return listKbArticlesNeedingReview(deps.db, today);
    },
    async create(
      principal: Principal,
      fields: Readonly<Record<string, unknown>>,
      source: RequestSource,
    ): Promise<KbArticle> {
      demand(principal, 'knowledge:write');
      const read = readArticleInput(fields);
      if (!read.ok) return refuse(read.problems);
      await knownService(read.value.service);
      const editor = principal.username ?? principal.id;
      const article = await createKbArticle(deps.db, {
        id: randomUUID(),
        ...read.value,
        owner: editor,
        editedBy: editor,
        now: deps.clock(),
      });
      await audit(
        principal,
        'knowledge.article-created',
        { articleId: article.id, version: 1, title: article.latest.title },
        source,
      );
      return article;
    },
    /** A draft changes in place; a published article gets a new draft version. The language stays. */
    async edit(
      principal: Principal,
      id: string,
      fields: Readonly<Record<string, unknown>>,
      source: RequestSource,
    ): Promise<KbArticle> {
      demand(principal, 'knowledge:write');
      const existing = id.length <= 100 ? await getKbArticle(deps.db, id) : undefined;
      if (!existing) throw notFound(id);
      const read = readArticleInput({ ...fields, language: existing.language });
      if (!read.ok) return refuse(read.problems);
      await knownService(read.value.service);
      const saved = await saveKbArticleEdit(deps.db, id, {
        ...read.value,
        owner: existing.owner,
        editedBy: principal.username ?? principal.id,
        now: deps.clock(),
      });
      if (!saved) throw notFound(id);
      await audit(
        principal,
        'knowledge.article-edited',
        { articleId: id, version: saved.article.latest.version, newVersion: saved.newVersion },
        source,
      );
      return saved.article;
    },
    async publish(principal: Principal, id: string, source: RequestSource): Promise<KbArticle> {
      demand(principal, 'knowledge:write');
      const outcome =
        id.length <= 100
          ? await publishKbArticle(deps.db, id, principal.username ?? principal.id, deps.clock())
          : undefined;
      if (outcome === undefined) throw notFound(id);
      if (outcome === 'nothing-to-publish')
        throw new ApiError('NOTHING_TO_PUBLISH', 'the newest version is already published: edit the article first', {
          articleId: id,
        });
      await audit(principal, 'knowledge.article-published', { articleId: id, version: outcome.latest.version }, source);
      return outcome;
    },

    async callScript(principal: Principal, service: string): Promise<CallScript | undefined> {
      demand(principal, 'knowledge:read');
      return getCallScript(deps.db, service);
    },
    async callScripts(principal: Principal): Promise<CallScript[]> {
      demand(principal, 'knowledge:write');
      return listCallScripts(deps.db);
    },
    async saveCallScript(
      principal: Principal,
      service: string,
      raw: unknown,
      source: RequestSource,
    ): Promise<CallScript> {
      demand(principal, 'knowledge:write');
      await knownService(service);
      const read = readScriptQuestions(raw);
      if (!read.ok) return refuse(read.problems);
      const saved = await saveCallScript(deps.db, {
        service,
        questions: read.questions,
        by: principal.username ?? principal.id,
        now: deps.clock(),
      });
      await audit(principal, 'knowledge.call-script-saved', { service, questions: read.questions.length }, source);
      return saved;
    },

    /** Logs an information request: a contact answered (or turned into a case) from an article. */
    async logContact(
      principal: Principal,
      fields: Readonly<Record<string, unknown>>,
      source: RequestSource,
    ): Promise<InformationRequest> {
      demand(principal, 'contacts:log');
      const read = readContactInput(fields);
      if (!read.ok) return refuse(read.problems);
      let articleVersion: number | null = null;
      if (read.value.articleId !== null) {
        const article = await published(read.value.articleId, false).catch(() =>
          refuse([{ field: 'articleId', message: 'The article is not known' }]),
        );
        articleVersion = article.version.version;
      }
      const contact = await recordInformationRequest(deps.db, {
        id: randomUUID(),
        ...read.value,
        articleVersion,
        caseId: null,
        recordedBy: principal.id,
        departmentId: principal.departmentId,
        recordedAt: deps.clock(),
      });
      await audit(
        principal,
        'information-request.logged',
        {
          id: contact.id,
          topic: contact.topic,
          channel: contact.channel,
          outcome: contact.outcome,
          articleId: contact.articleId,
        },
        source,
      );
      return contact;
    },
    /** The case a contact became: only its own agent links it, once, to a case they can see. */
    async linkContactCase(
      principal: Principal,
      contactId: string,
      caseId: string,
      source: RequestSource,
    ): Promise<boolean> {
      demand(principal, 'contacts:log');
      const contact = contactId.length <= 100 ? await getInformationRequest(deps.db, contactId) : undefined;
      if (!contact || contact.recordedBy !== principal.id) return false;
      await findVisibleCase(deps, principal, caseId);
      const linked = await linkInformationRequestCase(deps.db, contactId, caseId);
      if (linked) await audit(principal, 'information-request.case-linked', { id: contactId, caseId }, source);
      return linked;
    },
    async contact(principal: Principal, contactId: string): Promise<InformationRequest | undefined> {
      demand(principal, 'contacts:log');
      const contact = contactId.length <= 100 ? await getInformationRequest(deps.db, contactId) : undefined;
      return contact && contact.recordedBy === principal.id ? contact : undefined;
    },

    /** Contacts by topic and channel and the share answered at first contact, in the principal's departments. */
    async contactReport(principal: Principal, input: PeriodInput, source: RequestSource): Promise<ContactReport> {
      demand(principal, 'reports:read');
      const window = resolvePeriod(input, deps.clock());
      const scope = departmentScope(principal);
      const counts = await informationRequestCounts(deps.db, {
        ...window,
        ...(scope !== undefined ? { departmentIds: scope } : {}),
      });
      await audit(
        principal,
        'reports.read',
        { report: 'information-requests', from: window.from.toISOString(), to: window.to.toISOString() },
        source,
      );
      return {
        ...window,
        ...counts,
        contacts: counts.byChannel.reduce((sum, row) => sum + row.contacts, 0),
        answeredAtFirstContact: firstContactShare(counts.byChannel),
      };
    },
    mayWrite: (principal: Principal) => can(principal, 'knowledge:write'),
  };
}

export type KnowledgeService = ReturnType<typeof createKnowledgeService>;
