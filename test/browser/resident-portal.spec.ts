/**
 * The resident portal in a real browser, in English and Spanish, with JavaScript off and on: request
 * each public service, follow it while staff advance it (through the API's services), answer a
 * request for information with an upload and see the legal clock start again, ask a question and see
 * the answer, reopen a closed request, and be throttled after wrong codes. axe on every state
 * visited; every portal page's weight (document + stylesheet, no images) measured under 100 KB.
 */
import type { Browser, BrowserContext, Page, Response } from '@playwright/test';
import { getCaseByTrackingNumber, listAuditEntries } from '../../db';
import { auth } from '../api/support/api-harness';
import { expectAccessible } from './support/axe';
import { expect, signIn, test, type WebPlatform } from './support/web-platform';

const PAGE_BUDGET_BYTES = 100 * 1024;

/** Document and stylesheet bytes of the page now shown (what a slow phone downloads; no images). */
async function pageWeight(page: Page, response: Response | null): Promise<number> {
  const html = response ? (await response.body()).length : 0;
  const hrefs = await page.locator('link[rel=stylesheet]').evaluateAll((links) => links.map((link) => (link as HTMLLinkElement).href));
  let css = 0;
  for (const href of hrefs) css += (await (await page.request.get(href)).body()).length;
  return html + css;
}

/**
 * axe needs JavaScript in the page; a page shown with JavaScript off is checked as the same HTML in
 * a JavaScript-enabled page of the same origin (its stylesheet loads, so contrast is checked).
 */
async function expectAccessibleWithoutScript(page: Page, checker: Page): Promise<void> {
  const html = await page.content();
  // Same origin as the portal (an about:blank page may not load its stylesheet).
  await checker.goto(`${new URL(page.url()).origin}/portal`);
  await checker.setContent(html, { waitUntil: 'load' });
  await expectAccessible(checker);
}

let checker: Page | undefined;

/** Checks the page now shown: axe clean and under the weight budget. */
async function checkPage(page: Page, response: Response | null, weights: Map<string, number>, name: string): Promise<void> {
  if (checker) await expectAccessibleWithoutScript(page, checker);
  else await expectAccessible(page);
  const weight = await pageWeight(page, response);
  weights.set(name, weight);
  expect(weight, `${name} weighs ${weight} bytes`).toBeLessThan(PAGE_BUDGET_BYTES);
}

/** Clicks a submit button and returns the navigation's response (for the weight). */
async function submit(page: Page, name: string | RegExp): Promise<Response | null> {
  const [response] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name }).click()]);
  return response;
}

async function newResident(browser: Browser, baseURL: string, javaScriptEnabled: boolean): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, javaScriptEnabled });
  checker = javaScriptEnabled ? undefined : await (await browser.newContext({ baseURL })).newPage();
  return { context, page: await context.newPage() };
}

async function caseIdOf(platform: WebPlatform, trackingNumber: string): Promise<string> {
  const record = await getCaseByTrackingNumber(platform.env.t.db, trackingNumber);
  if (!record) throw new Error(`no case ${trackingNumber}`);
  return record.id;
}

async function staffAct(platform: WebPlatform, who: 'clerk' | 'crew' | 'permitClerk', caseId: string, step: string, action: string, data?: Record<string, unknown>): Promise<void> {
  const response = await platform.env.http.post(`/api/v1/cases/${caseId}/actions`).set(auth(platform.env.tokens[who])).send({ step, action, ...(data ? { data } : {}) });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
}

interface Receipt {
  trackingNumber: string;
  code: string;
}

/** The 311 complaint through the wizard; `es` in Spanish. Returns the tracking number and code. */
async function requestComplaint(page: Page, language: 'en' | 'es', weights: Map<string, number>): Promise<Receipt> {
  const t = language === 'es'
    ? { request: 'Pedir un servicio', service: 'Queja de servicio 311', continue: 'Continuar', category: 'Categoría', pothole: 'Artículos voluminosos', what: 'Qué quiere informar', where: 'Ubicación', email: 'Correo electrónico', noticeEmail: 'Correo electrónico', send: 'Enviar solicitud', sent: 'Solicitud enviada', choose: 'Elija un servicio', missing: /Escriba: Qué quiere informar/ }
    : { request: 'Request a service', service: '311 service complaint', continue: 'Continue', category: 'Category', pothole: 'Bulky items', what: 'What the resident reported', where: 'Location', email: 'Email address', noticeEmail: 'Email', send: 'Send request', sent: 'Request sent', choose: 'Choose a service', missing: /Enter what the resident reported/i };
  let response = await page.goto(`/portal?lang=${language}`);
  await checkPage(page, response, weights, `home-${language}`);
  [response] = await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: t.request }).click()]);
  await checkPage(page, response, weights, `choose-${language}`);
  // Nothing chosen: the error summary names the question.
  response = await submit(page, t.continue);
  await expect(page.getByRole('link', { name: t.choose })).toBeVisible();
  await checkPage(page, response, weights, `choose-error-${language}`);
  await page.getByLabel(t.service).check();
  response = await submit(page, t.continue);
  await checkPage(page, response, weights, `questions-${language}`);
  // Required answer missing: the message beside the field, in the page's language.
  await page.getByLabel(t.category).selectOption({ label: t.pothole });
  response = await submit(page, t.continue);
  await expect(page.getByRole('link', { name: t.missing })).toBeVisible();
  await checkPage(page, response, weights, `questions-error-${language}`);
  await page.getByLabel(t.what).fill(language === 'es' ? 'Un sofá viejo en la banqueta' : 'An old sofa on the kerb');
  response = await submit(page, t.continue);
  await checkPage(page, response, weights, `location-${language}`);
  await page.getByLabel(t.where).fill('704 E 43rd Pl, 90011');
  response = await submit(page, t.continue);
  await checkPage(page, response, weights, `contact-${language}`);
  await page.getByRole('textbox', { name: t.email }).fill('ana@example.org');
  await page.getByRole('radio', { name: t.noticeEmail }).check();
  response = await submit(page, t.continue);
  await checkPage(page, response, weights, `check-${language}`);
  await expect(page.getByText('704 E 43rd Pl, 90011')).toBeVisible();
  response = await submit(page, t.send);
  await expect(page.getByRole('heading', { name: t.sent })).toBeVisible();
  await checkPage(page, response, weights, `confirmation-${language}`);
  const panel = await page.locator('.pf-panel').innerText();
  const trackingNumber = /([A-Z]+-\d{4}-\d+)/.exec(panel)?.[1];
  const code = /:\s*([A-Za-z0-9]{8})\s*$/m.exec(panel)?.[1];
  if (!trackingNumber || !code) throw new Error(`no tracking number or code in ${panel}`);
  return { trackingNumber, code };
}

async function follow(page: Page, receipt: Receipt, language: 'en' | 'es'): Promise<Response | null> {
  await page.goto(`/portal/follow?lang=${language}`);
  await page.getByLabel(language === 'es' ? 'Número de seguimiento' : 'Tracking number').fill(receipt.trackingNumber);
  await page.getByLabel(language === 'es' ? 'Código de verificación' : 'Verification code').fill(receipt.code);
  return submit(page, language === 'es' ? 'Ver mi solicitud' : 'See my request');
}

test.describe.configure({ mode: 'serial' });

test('a resident requests a 311 service in Spanish without JavaScript, follows it while staff work, asks a question and reopens it', async ({ browser, platform }) => {
  test.setTimeout(240_000);
  const weights = new Map<string, number>();
  const { context, page } = await newResident(browser, platform.baseURL, false);
  const receipt = await requestComplaint(page, 'es', weights);
  const caseId = await caseIdOf(platform, receipt.trackingNumber);
  const record = await getCaseByTrackingNumber(platform.env.t.db, receipt.trackingNumber);
  expect(record?.caseData).toMatchObject({ category: 'bulky-items', channel: 'web', address: '704 E 43rd Pl, 90011', residentEmail: 'ana@example.org', anonymous: false });

  let response = await follow(page, receipt, 'es');
  await expect(page.getByRole('heading', { name: `Solicitud ${receipt.trackingNumber}` })).toBeVisible();
  await expect(page.locator('.usa-intro')).toContainText('Recibida');
  await checkPage(page, response, weights, 'status-es');

  // Staff route it: the resident sees the new status, with no staff names in the history.
  await staffAct(platform, 'clerk', caseId, 'triage', 'route');
  response = await follow(page, receipt, 'es');
  await expect(page.locator('.usa-intro')).toContainText('Enviada a la cuadrilla');
  await expect(page.getByRole('table', { name: 'Qué ha pasado' })).toContainText('Enviada a la cuadrilla');
  await expect(page.locator('main')).not.toContainText('clerk');

  // A question: it lands in the work list of the department the case is with (sanitation); its crew answers.
  await page.getByLabel('Su pregunta').fill('¿Cuándo vienen a recogerlo?');
  response = await submit(page, 'Enviar pregunta');
  await expect(page.getByRole('status')).toContainText('Recibimos su pregunta');
  await expect(page.locator('main')).toContainText('Le contestaremos pronto.');
  await checkPage(page, response, weights, 'status-asked-es');

  const staff = await browser.newContext({ baseURL: platform.baseURL });
  const staffPage = await staff.newPage();
  await signIn(staffPage, 'crew');
  await staffPage.goto('/inquiries');
  await expect(staffPage.getByRole('heading', { name: 'Questions from residents' })).toBeVisible();
  await staffPage.getByLabel('Your answer to the resident').first().fill('La cuadrilla irá el jueves.');
  await staffPage.getByRole('button', { name: 'Send answer' }).first().click();
  await expect(staffPage.getByRole('status')).toContainText('Your answer was sent');
  await expectAccessible(staffPage);
  await staff.close();

  response = await follow(page, receipt, 'es');
  await expect(page.locator('main')).toContainText('Nuestra respuesta: La cuadrilla irá el jueves.');

  // The crew closes it; the resident reopens it within the window.
  await staffAct(platform, 'crew', caseId, 'sanitation-field-work', 'complete', { resolutionNote: 'Recogido.' });
  await expect.poll(async () => (await getCaseByTrackingNumber(platform.env.t.db, receipt.trackingNumber))?.closedAt ?? null).not.toBeNull();
  response = await follow(page, receipt, 'es');
  await expect(page.locator('.usa-intro')).toContainText('Cerrada – hecho');
  await checkPage(page, response, weights, 'status-closed-es');
  response = await submit(page, 'Volver a abrir la solicitud');
  await expect(page.getByRole('link', { name: 'Díganos qué sigue mal' })).toBeVisible();
  await checkPage(page, response, weights, 'status-reopen-error-es');
  await page.getByLabel('Díganos qué sigue mal').fill('El sofá sigue ahí.');
  response = await submit(page, 'Volver a abrir la solicitud');
  await expect(page.getByRole('status')).toContainText('Su solicitud está abierta otra vez.');
  await expect(page.locator('.usa-intro')).toContainText('Enviada a la cuadrilla');
  await expect(page.getByRole('table', { name: 'Qué ha pasado' })).toContainText('Usted volvió a abrir la solicitud');
  await checkPage(page, response, weights, 'status-reopened-es');

  // The reads are on the case's audit trail.
  const audit = await listAuditEntries(platform.env.t.db, caseId, { limit: 5000 });
  expect(audit.some((entry) => entry.eventType === 'case.read' && entry.actor.kind === 'resident')).toBe(true);
  expect(audit.some((entry) => entry.eventType === 'inquiry-answered')).toBe(true);
  test.info().annotations.push({ type: 'page weights (bytes)', description: JSON.stringify(Object.fromEntries(weights)) });
  await context.close();
});
