/**
 * The knowledge base in a real browser (issue 17), axe on every state visited: an agent takes a call,
 * finds the article by search and logs the information request in under ten actions (counted);
 * a second call becomes a case with the service's call script beside the intake form, the contact
 * linked to it; a knowledge manager writes and publishes an article that a resident then finds on
 * the portal, in Spanish too.
 */
import type { Page } from '@playwright/test';
import { createTestUser } from '../support/test-users';
import { auth, PASSWORD } from '../api/support/api-harness';
import { expectAccessible, expectNoHorizontalScroll } from './support/axe';
import { chooseRadio, readOut } from './support/staff-pages';
import { expect, signIn, test, type WebPlatform } from './support/web-platform';

const SCRIPT = [
  'What is the address of the items?',
  'What items are they, and how many?',
  'Are they blocking the pavement?',
];

/** The knowledge manager, a published bulky-items article with its service, and that service's call script. */
const seeded = new WeakMap<WebPlatform, true>();
async function ensureContent(platform: WebPlatform): Promise<void> {
  if (seeded.has(platform)) return;
  const { http } = platform.env;
  await createTestUser(platform.env.t.db, {
    username: 'kim',
    displayName: 'Kim Knowledge',
    password: PASSWORD,
    roles: ['knowledge-manager'],
    departmentId: 'call-center',
  });
  const token = (await http.post('/api/v1/auth/login').send({ username: 'kim', password: PASSWORD })).body as {
    token: string;
  };
  const km = auth(token.token);
  const article = await http.post('/api/v1/knowledge/articles').set(km).send({
    title: 'Bulky item pickup',
    body: 'We collect sofas, mattresses and other large items from the kerb on your trash day.\n\nBook a pickup up to two days before. Up to five items a time.',
    keywords: 'couch furniture collection',
    language: 'en',
    service: 'service-complaint',
    public: true,
    reviewBy: '2099-01-31',
  });
  expect(article.status).toBe(201);
  expect(
    (await http.post(`/api/v1/knowledge/articles/${(article.body as { id: string }).id}/publish`).set(km)).status,
  ).toBe(200);
  const stale = await http.post('/api/v1/knowledge/articles').set(km).send({
    title: 'Holiday trash schedule 2025',
    body: 'No collection on public holidays in 2025.',
    keywords: '',
    language: 'en',
    service: null,
    public: false,
    reviewBy: '2025-12-31',
  });
  expect(
    (await http.post(`/api/v1/knowledge/articles/${(stale.body as { id: string }).id}/publish`).set(km)).status,
  ).toBe(200);
  expect(
    (await http.put('/api/v1/knowledge/call-scripts/service-complaint').set(km).send({ questions: SCRIPT })).status,
  ).toBe(200);
  seeded.set(platform, true);
}

/** Counts what the agent does: each click, fill or check is one action. */
function actionCounter(page: Page) {
  let count = 0;
  return {
    get count() {
      return count;
    },
    async click(locator: ReturnType<Page['getByRole']>) {
      count += 1;
      await locator.click();
    },
    async fill(locator: ReturnType<Page['getByLabel']>, value: string) {
      count += 1;
      await locator.fill(value);
    },
    async choose(group: string, label: string) {
      count += 1;
      await chooseRadio(page, group, label);
    },
  };
}

async function contacts(
  platform: WebPlatform,
): Promise<
  Array<{ topic: string; channel: string; outcome: string; case_id: string | null; article_id: string | null }>
> {
  return platform.env.t
    .db('kb_information_requests')
    .orderBy('recorded_at')
    .select('topic', 'channel', 'outcome', 'case_id', 'article_id');
}

test('an agent takes a call, finds the article by search and logs the contact in under ten actions', async ({
  page,
  platform,
}) => {
  await ensureContent(platform);
  await signIn(page, 'clerk');
  await expectAccessible(page);
  const act = actionCounter(page);

  // The phone rings: "someone left a sofa on the kerb — will you take it?"
  await act.click(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Knowledge base' }));
  await expect(page.getByRole('heading', { name: 'Knowledge base', level: 1 })).toBeVisible();
  await expectAccessible(page);
  await act.fill(page.getByLabel('Search the articles'), 'sofa on the kerb');
  await act.click(page.getByRole('button', { name: 'Search' }));
  await expect(page.getByRole('heading', { name: '1 article, best match first' })).toBeVisible();
  await expectAccessible(page);
  await act.click(page.getByRole('link', { name: 'Bulky item pickup' }));
  await expect(page.getByRole('heading', { name: 'Bulky item pickup', level: 1 })).toBeVisible();
  await expect(page.getByText('Book a pickup up to two days before.')).toBeVisible();
  await expectAccessible(page);

  // Logging without saying how it went is refused beside the fields, the topic kept.
  await page.getByRole('button', { name: 'Log contact' }).click();
  await expect(page.locator('#error-summary')).toBeFocused();
  await expect(
    page.locator('#error-summary').getByRole('link', { name: 'Choose how the resident contacted us' }),
  ).toHaveAttribute('href', '#channel');
  await expect(page.getByLabel('Topic')).toHaveValue('Bulky item pickup');
  await expectAccessible(page);
  expect(await contacts(platform)).toEqual([]);

  await act.choose('How did they contact us?', 'Phone call');
  await act.choose('What happened?', 'Answered: nothing more to do');
  await act.click(page.getByRole('button', { name: 'Log contact' }));
  await expect(page.getByText('The contact is logged as answered.')).toBeVisible();
  await expectAccessible(page);
  // Seven actions from the work list (the refused try above is not part of the count).
  expect(act.count).toBe(7);
  expect(act.count).toBeLessThan(10);
  expect(await contacts(platform)).toEqual([
    expect.objectContaining({ topic: 'Bulky item pickup', channel: 'phone', outcome: 'answered', case_id: null }),
  ]);
});

test('a second call becomes a case, with the call script beside the intake form and the contact linked', async ({
  page,
  platform,
}) => {
  await ensureContent(platform);
  await signIn(page, 'clerk');
  await page.goto('/knowledge?q=mattress&lang=en');
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Bulky item pickup' }).click();
  await chooseRadio(page, 'How did they contact us?', 'Phone call');
  await chooseRadio(page, 'What happened?', 'Needs a case: start a request');
  await page.getByRole('button', { name: 'Log contact' }).click();

  await expect(page).toHaveURL(/\/intake\/service-complaint\?information-request=[0-9a-f-]{36}$/);
  const script = page.getByRole('complementary', { name: 'Questions to ask' });
  await expect(script.getByRole('listitem')).toHaveText(SCRIPT);
  // Beside the form, not under it (the page is wide enough for two columns).
  const [formBox, scriptBox] = [await page.locator('form.usa-form').boundingBox(), await script.boundingBox()];
  expect(scriptBox && formBox && scriptBox.x > formBox.x + formBox.width / 2).toBe(true);
  await expectAccessible(page);

  await page.getByLabel('Category').selectOption({ label: 'Bulky items' });
  await page.getByLabel('How the request came in', { exact: true }).selectOption({ label: 'Call' });
  await page.getByLabel('What the resident reported').fill('Sofa and two chairs blocking the pavement');
  await page.getByLabel('Location', { exact: false }).first().fill('630 W 5th St');
  await page.getByLabel('Resident’s name').fill('Rosa Díaz');
  await page.getByLabel('Email address').fill('rosa@example.org');
  await chooseRadio(page, 'How should we send notices about this request?', 'Email');
  await page.getByRole('button', { name: 'Check the answers' }).click();
  await expect(page.getByRole('heading', { name: 'Check the answers before creating the case' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: /Create (the case|a new case anyway)/ }).click();
  const { trackingNumber, caseUrl } = await readOut(page);
  await expectAccessible(page);

  const caseId = decodeURIComponent(caseUrl.replace('/cases/', ''));
  const turned = (await contacts(platform)).filter((contact) => contact.outcome === 'case');
  expect(turned).toEqual([expect.objectContaining({ topic: 'Bulky item pickup', channel: 'phone', case_id: caseId })]);
  expect(trackingNumber).toMatch(/^CF-\d{4}-\d+$/);
});

test('a knowledge manager publishes an article that a resident then finds on the portal', async ({
  page,
  browser,
  platform,
}) => {
  await ensureContent(platform);
  await page.goto('/sign-in');
  await page.getByLabel('Username').fill('kim');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Knowledge managers read no cases: they land on the articles, with the past-due one to review.
  await expect(page).toHaveURL(/\/knowledge\/manage$/);
  await expect(page.getByRole('link', { name: 'Holiday trash schedule 2025' }).first()).toBeVisible();
  await expect(page.getByText(/review was due 2025-12-31/)).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('link', { name: 'Write an article' }).click();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page).toHaveTitle(/^Error: Write an article/);
  await expect(page.locator('#error-summary')).toBeFocused();
  await expect(page.locator('#error-summary').getByRole('link', { name: 'Enter the title' })).toHaveAttribute(
    'href',
    '#title',
  );
  await expect(page.locator('#error-summary').getByRole('link', { name: 'Enter the review-by date' })).toHaveAttribute(
    'href',
    '#reviewBy',
  );
  await expectAccessible(page);

  await page.getByLabel('Title').fill('Streetlight out');
  await page
    .getByLabel('Article text')
    .fill(
      'Tell us which pole is out: the number is on a small plate on the pole.\n\nWe repair most lights within seven days.',
    );
  await page.getByLabel('Keywords').fill('lamp dark street light');
  await page.locator('label[for="public-0"]').click();
  await page.getByLabel('Day').fill('30');
  await page.getByLabel('Month').fill('6');
  await page.getByLabel('Year').fill('2099');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByText('The draft is saved. Publish it when it is ready.')).toBeVisible();
  await expect(page.getByText('Draft, not published')).toBeVisible();
  await expectAccessible(page);

  // A draft is not on the portal yet.
  const resident = await (await browser.newContext({ baseURL: platform.baseURL })).newPage();
  await resident.goto('/portal/help?q=streetlight');
  await expect(resident.getByText(/We found no answer for “streetlight”/)).toBeVisible();
  await expectAccessible(resident);

  await page.getByRole('button', { name: 'Publish version 1' }).click();
  await expect(page.getByText('The article is published.')).toBeVisible();
  await expect(page.getByRole('cell', { name: 'published', exact: true })).toBeVisible();
  await expectAccessible(page);

  // The resident, from the portal's front page.
  await resident.goto('/portal');
  await resident.getByRole('link', { name: 'Find answers to common questions' }).click();
  await expectAccessible(resident);
  await resident.getByLabel('What is your question?').fill('street lights');
  await resident.getByRole('button', { name: 'Search' }).click();
  await expect(resident.getByRole('heading', { name: '1 answer, best match first' })).toBeVisible();
  await expectAccessible(resident);
  await resident.getByRole('link', { name: 'Streetlight out' }).click();
  await expect(resident.getByRole('heading', { name: 'Streetlight out', level: 1 })).toBeVisible();
  await expect(resident.getByText('We repair most lights within seven days.')).toBeVisible();
  await expectAccessible(resident);

  // A staff-only article is not there, and the page says so in Spanish when asked.
  await resident.goto('/portal/help?q=holiday');
  await expect(resident.getByText(/We found no answer for “holiday”/)).toBeVisible();
  await resident.goto('/portal/help?lang=es&q=sof%C3%A1');
  await expect(resident.getByRole('heading', { name: 'Buscar respuestas', level: 1 })).toBeVisible();
  await expect(resident.getByText(/No encontramos respuestas para «sofá»/)).toBeVisible();
  await expectAccessible(resident);
});

test('a supervisor sees the information requests counted on the dashboard', async ({ page, platform }) => {
  await ensureContent(platform);
  const logged = await platform.env.http
    .post('/api/v1/information-requests')
    .set(auth(platform.env.tokens.clerk))
    .send({ topic: 'Library hours', channel: 'walk-in', outcome: 'answered' });
  expect(logged.status).toBe(201);
  const all = await contacts(platform);
  const answered = all.filter((contact) => contact.outcome === 'answered').length;
  await signIn(page, 'supervisor');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
  const section = page.getByRole('region', { name: 'Information requests' });
  await expect(section).toContainText(
    `${all.length} contact${all.length === 1 ? '' : 's'}, ${Math.round((answered / all.length) * 100)} % answered at first contact`,
  );
  await expect(
    section.getByRole('table', { name: 'Contacts by topic' }).getByRole('row', { name: /Library hours/ }),
  ).toContainText('1');
  await expect(
    section
      .getByRole('table', { name: 'Contacts by channel' })
      .getByRole('rowheader', { name: 'Walk-in at the counter' }),
  ).toBeVisible();
  await expectAccessible(page);
});

test('the knowledge pages reflow at 320 px without horizontal scrolling and stay accessible', async ({
  page,
  browser,
  platform,
}) => {
  await ensureContent(platform);
  await page.setViewportSize({ width: 320, height: 800 });
  await signIn(page, 'clerk');
  await page.goto('/knowledge?q=sofa&lang=en');
  await expectNoHorizontalScroll(page);
  await page.getByRole('link', { name: 'Bulky item pickup' }).click();
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);
  const manager = await (
    await browser.newContext({ baseURL: platform.baseURL, viewport: { width: 320, height: 800 } })
  ).newPage();
  await manager.goto('/sign-in');
  await manager.getByLabel('Username').fill('kim');
  await manager.getByLabel('Password').fill(PASSWORD);
  await manager.getByRole('button', { name: 'Sign in' }).click();
  await expect(manager).toHaveURL(/\/knowledge\/manage$/);
  for (const path of ['/knowledge/manage', '/knowledge/manage/new', '/knowledge/manage/scripts/service-complaint']) {
    await manager.goto(path);
    await expectNoHorizontalScroll(manager);
    await expectAccessible(manager);
  }
  const resident = await (
    await browser.newContext({ baseURL: platform.baseURL, viewport: { width: 320, height: 800 } })
  ).newPage();
  await resident.goto('/portal/help?q=sofa');
  await expectNoHorizontalScroll(resident);
  await resident.getByRole('link', { name: 'Bulky item pickup' }).click();
  await expectNoHorizontalScroll(resident);
  await expectAccessible(resident);
});
