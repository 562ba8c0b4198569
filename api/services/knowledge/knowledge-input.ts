/**
 * The knowledge base's input rules, read once for the API (JSON) and the pages (forms), so both refuse
 * the same input with the same field and message; and the small calculations its pages show. Pure.
 */
import type { FieldProblem } from '../records/audit-search-query';

export type KbLanguageCode = 'en' | 'es';
export const KB_LANGUAGES: ReadonlyArray<{ value: KbLanguageCode; label: string }> = [
  { value: 'en', label: 'English' },
  { value: 'es', label: 'Spanish (Español)' },
];
/** How a contact came in (the same words as intake's channels). */
export const CONTACT_CHANNELS = [
  { value: 'phone', label: 'Phone call' },
  { value: 'walk-in', label: 'Walk-in at the counter' },
  { value: 'email', label: 'Email' },
  { value: 'chat', label: 'Web chat' },
] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number]['value'];
export const CONTACT_OUTCOMES = [
  { value: 'answered', label: 'Answered: nothing more to do' },
  { value: 'case', label: 'Needs a case: start a request' },
] as const;

export const LIMITS = {
  title: 200,
  body: 20_000,
  keywords: 500,
  topic: 200,
  question: 300,
  questions: 30,
  query: 200,
} as const;
const SERVICE = /^[a-z0-9][a-z0-9-]{0,99}$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export const isKbLanguage = (value: unknown): value is KbLanguageCode => value === 'en' || value === 'es';

export interface ArticleInput {
  title: string;
  body: string;
  keywords: string;
  language: KbLanguageCode;
  service: string | null;
  public: boolean;
  reviewBy: string;
}

type Fields = Readonly<Record<string, unknown>>;

function str(fields: Fields, name: string): string {
  const value = fields[name];
  return (typeof value === 'string' ? value : '').replace(/\r\n?/g, '\n').trim();
}

/** A real calendar day as YYYY-MM-DD (2026-02-30 is refused). */
export function isCalendarDay(value: string): boolean {
  const match = DAY.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function text(
  fields: Fields,
  name: string,
  label: string,
  max: number,
  problems: FieldProblem[],
  required = true,
): string {
  const value = str(fields, name);
  if (required && value === '') problems.push({ field: name, message: `Enter the ${label}` });
  else if (value.length > max)
    problems.push({ field: name, message: `The ${label} must be ${max} characters or fewer` });
  return value;
}

/** An article as written by the knowledge manager. `public` accepts true/'true'/'on' (a form's checkbox). */
export function readArticleInput(
  fields: Fields,
): { ok: true; value: ArticleInput } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const title = text(fields, 'title', 'title', LIMITS.title, problems);
  const body = text(fields, 'body', 'article text', LIMITS.body, problems);
  const keywords = text(fields, 'keywords', 'keywords', LIMITS.keywords, problems, false);
  const language = str(fields, 'language');
  if (!isKbLanguage(language))
    problems.push({ field: 'language', message: 'Choose the language the article is written in' });
  const service = str(fields, 'service');
  if (service !== '' && !SERVICE.test(service))
    problems.push({ field: 'service', message: 'Choose a service from the list, or none' });
  const reviewBy = str(fields, 'reviewBy');
  if (!isCalendarDay(reviewBy))
    problems.push({ field: 'reviewBy', message: 'Enter the review-by date as a real date, like 2027-03-31' });
  const flag = fields.public;
  const isPublic = flag === true || flag === 'true' || flag === 'on';
  if (problems.length > 0 || !isKbLanguage(language)) return { ok: false, problems };
  return {
    ok: true,
    value: { title, body, keywords, language, service: service === '' ? null : service, public: isPublic, reviewBy },
  };
}

/** A call script's questions, one a line (blank lines dropped). */
export function readScriptQuestions(
  raw: unknown,
): { ok: true; questions: string[] } | { ok: false; problems: FieldProblem[] } {
  const lines = Array.isArray(raw)
    ? raw.filter((line): line is string => typeof line === 'string')
    : typeof raw === 'string'
      ? raw.split(/\r\n?|\n/)
      : [];
  const questions = lines.map((line) => line.trim()).filter((line) => line !== '');
  if (questions.length === 0)
    return { ok: false, problems: [{ field: 'questions', message: 'Enter at least one question, one a line' }] };
  if (questions.length > LIMITS.questions)
    return {
      ok: false,
      problems: [{ field: 'questions', message: `A script can have at most ${LIMITS.questions} questions` }],
    };
  const long = questions.findIndex((question) => question.length > LIMITS.question);
  if (long >= 0)
    return {
      ok: false,
      problems: [{ field: 'questions', message: `Question ${long + 1} is longer than ${LIMITS.question} characters` }],
    };
  return { ok: true, questions };
}

export interface ContactInput {
  topic: string;
  articleId: string | null;
  channel: ContactChannel;
  outcome: 'answered' | 'case';
}

/** An information request as logged by the agent. */
export function readContactInput(
  fields: Fields,
): { ok: true; value: ContactInput } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const topic = text(fields, 'topic', 'topic', LIMITS.topic, problems);
  const channel = str(fields, 'channel');
  const knownChannel = CONTACT_CHANNELS.find((one) => one.value === channel);
  if (!knownChannel) problems.push({ field: 'channel', message: 'Choose how the resident contacted us' });
  const outcome = str(fields, 'outcome');
  if (outcome !== 'answered' && outcome !== 'case')
    problems.push({ field: 'outcome', message: 'Choose whether the question was answered or needs a case' });
  const articleId = str(fields, 'articleId');
  if (articleId.length > 100) problems.push({ field: 'articleId', message: 'The article is not known' });
  if (problems.length > 0 || !knownChannel || (outcome !== 'answered' && outcome !== 'case'))
    return { ok: false, problems };
  return {
    ok: true,
    value: { topic, articleId: articleId === '' ? null : articleId, channel: knownChannel.value, outcome },
  };
}

/** A search as typed: trimmed, at most LIMITS.query characters; '' means no search. */
export function searchText(raw: unknown): string {
  return (typeof raw === 'string' ? raw : '').trim().slice(0, LIMITS.query);
}

/** Today in the agency's time zone, as YYYY-MM-DD. */
export function dayIn(timeZone: string, now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** A review is due once the review-by day has passed. */
export const reviewDue = (reviewBy: string, today: string): boolean => reviewBy < today;

/** The first lines of an article, cut at a word, for a result list. */
export function excerpt(body: string, max = 220): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Share of contacts answered at first contact, as a whole percentage (null with no contacts). */
export function firstContactShare(rows: ReadonlyArray<{ contacts: number; answered: number }>): number | null {
  const contacts = rows.reduce((sum, row) => sum + row.contacts, 0);
  const answered = rows.reduce((sum, row) => sum + row.answered, 0);
  return contacts === 0 ? null : Math.round((answered / contacts) * 100);
}
