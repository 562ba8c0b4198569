/**
 * Satisfaction surveys in a real browser: cases of the shipped 311 process closed through the real
 * workflow queue their survey notice in the outbox; a resident opens the link (no sign-in), is asked
 * again for a missing rating, answers once in English and once in Spanish, and a
 * second answer and an expired link are refused politely. The sanitation supervisor finds the low
 * rating in their list and marks it reviewed; the case page and the dashboard show the answer.
 * axe on every state visited.
 */
import type { Page } from '@playwright/test';
import type { StartedCase } from '../../api/services';
import { setCaseLanguage } from '../../db';
import { auth } from '../api/support/api-harness';
import { jsonBody } from '../api/support/json-body';
import { expectAccessible } from './support/axe';
import { expect, signIn, staffAct, test, type WebPlatform } from './support/web-platform';

/** A bulky-item complaint closed by the crew through the workflow; returns the case and the survey link's path. */
async function closedCaseWithSurvey(
  platform: WebPlatform,
  email: string,
  language: 'en' | 'es',
): Promise<{ caseId: string; trackingNumber: string; path: string }> {
  const created = await platform.env.http
    .post('/api/v1/cases')
    .set(auth(platform.env.tokens.clerk))
    .send({
      definitionId: 'service-complaint',
      data: { category: 'bulky-items', channel: 'email', description: 'Sofa on the kerb', address: '12 Elm St' },
      residentContact: { name: 'Rosa', email },
    });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const started = jsonBody<StartedCase>(created);
  const caseId = started.case.id;
  if (language === 'es') await setCaseLanguage(platform.env.t.db, caseId, 'es', new Date());
  await staffAct(platform, 'clerk', caseId, 'triage', 'route');
  await staffAct(platform, 'crew', caseId, 'sanitation-field-work', 'complete', { resolutionNote: 'Collected.' });
  const notice = () =>
    platform.env.t
      .db('notifications')
      .where({ case_id: caseId, template: 'satisfaction-survey' })
      .first<{ payload: { data: { surveyUrl: string } } } | undefined>('payload');
  await expect.poll(async () => (await notice()) !== undefined, { timeout: 60_000 }).toBe(true);
  const url = new URL((await notice())!.payload.data.surveyUrl);
  return { caseId, trackingNumber: started.trackingNumber, path: `${url.pathname}${url.search}` };
}

const WORDS = {
  en: {
    title: 'How did we do?',
    submit: 'Send my answer',
    missing: 'Choose a rating from 1 to 5',
    rating: '2 – Dissatisfied',
    comment: 'Anything you would like to tell us?',
    thanks: 'Thank you for your answer',
    again: 'You have already answered this survey',
    expired: 'This survey link has expired',
  },
  es: {
    title: '¿Cómo lo hicimos?',
    submit: 'Enviar mi respuesta',
    missing: 'Elija una calificación del 1 al 5',
    rating: '4 – Satisfecho',
    comment: '¿Hay algo más que quiera decirnos?',
    thanks: 'Gracias por su respuesta',
    again: 'Ya respondió esta encuesta',
    expired: 'El enlace de esta encuesta ya venció',
  },
} as const;

/** The resident's visit: the form, a missing rating, the answer, then the same link again and a second post. */
async function answerOnce(page: Page, path: string, language: 'en' | 'es', comment: string): Promise<void> {
  const w = WORDS[language];
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1, name: w.title })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', language);
  await expectAccessible(page);

  await page.getByRole('button', { name: w.submit }).click();
  await expect(page.getByRole('link', { name: w.missing })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('radio', { name: w.rating }).check();
  await page.getByLabel(w.comment).fill(comment);
  await page.getByRole('button', { name: w.submit }).click();
  await expect(page.getByRole('heading', { level: 1, name: w.thanks })).toBeVisible();
  await expectAccessible(page);

  // The link again: answered already, said politely (no form).
  const again = await page.goto(path);
  expect(again?.status()).toBe(409);
  await expect(page.getByRole('heading', { level: 1, name: w.again })).toBeVisible();
  await expect(page.getByRole('button', { name: w.submit })).toHaveCount(0);
  await expectAccessible(page);
}

test('a resident answers a survey once in English and in Spanish; a second answer and an expired link are refused politely', async ({
  browser,
  platform,
}) => {
  test.setTimeout(240_000);
  const english = await closedCaseWithSurvey(platform, 'ann@example.org', 'en');
  const spanish = await closedCaseWithSurvey(platform, 'rosa@example.org', 'es');
  const late = await closedCaseWithSurvey(platform, 'bo@example.org', 'en');

  const enContext = await browser.newContext({ baseURL: platform.baseURL });
  const enPage = await enContext.newPage();
  // A second answer from a form opened before the first was sent: refused, the first answer stands.
  const second = await enContext.newPage();
  await second.goto(english.path);
  await answerOnce(enPage, english.path, 'en', 'The crew left half of it.');
  await second.getByRole('radio', { name: '5 – Very satisfied' }).check();
  await second.getByRole('button', { name: 'Send my answer' }).click();
  await expect(second.getByRole('heading', { level: 1, name: 'You have already answered this survey' })).toBeVisible();
  await expectAccessible(second);
  const kept = await platform.env.t
    .db('satisfaction_surveys')
    .where({ case_id: english.caseId })
    .first<{ rating: number; comment: string }>('rating', 'comment');
  expect(kept).toEqual({ rating: 2, comment: 'The crew left half of it.' });

  const esContext = await browser.newContext({ baseURL: platform.baseURL });
  await answerOnce(await esContext.newPage(), spanish.path, 'es', 'Muy rápido, gracias.');
  expect(await platform.env.t.db('satisfaction_surveys').where({ case_id: spanish.caseId }).first('rating')).toEqual({
    rating: 4,
  });

  // Past its expiry the link takes no answer.
  await platform.env.t
    .db('satisfaction_surveys')
    .where({ case_id: late.caseId })
    .update({ expires_at: new Date(Date.now() - 1000) });
  const expired = await enPage.goto(late.path);
  expect(expired?.status()).toBe(410);
  await expect(enPage.getByRole('heading', { level: 1, name: 'This survey link has expired' })).toBeVisible();
  await expectAccessible(enPage);
  await enContext.close();
  await esContext.close();

  // The sanitation supervisor: the low rating on their list, marked reviewed; the case page shows the answer.
  const staff = await browser.newContext({ baseURL: platform.baseURL });
  const page = await staff.newPage();
  await signIn(page, 'sanitationSupervisor');
  await page.getByRole('link', { name: 'Low ratings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Low ratings to review' })).toBeVisible();
  const row = page.getByRole('row', { name: new RegExp(english.trackingNumber) });
  await expect(row).toContainText('2 of 5');
  await expect(row).toContainText('The crew left half of it.');
  await expect(page.getByRole('row', { name: new RegExp(spanish.trackingNumber) })).toHaveCount(0);
  await expectAccessible(page);
  await page.getByRole('button', { name: `Mark the rating on ${english.trackingNumber} reviewed` }).click();
  await expect(page.getByText('Marked reviewed.')).toBeVisible();
  await expect(page.getByText('No low ratings are waiting for review.')).toBeVisible();
  await expectAccessible(page);

  await page.goto(`/cases/${english.caseId}`);
  await expect(page.getByRole('heading', { name: 'Resident satisfaction' })).toBeVisible();
  await expect(page.locator('main')).toContainText('2 of 5 (low)');
  await expect(page.locator('main')).toContainText('The crew left half of it.');
  await expectAccessible(page);

  await page.goto('/supervise/dashboard');
  await expect(page.getByRole('heading', { name: 'Satisfaction by service' })).toBeVisible();
  await expectAccessible(page);
  await staff.close();
});
