/**
 * The portal's map (issue 16) in a real browser: with MAP_TILE_URL set to a tile server this test
 * starts (a tiny PNG for every tile), the location page shows the map with its attribution, the
 * resident sets the place by keyboard (English) or by a click (Spanish), and the case gets the
 * latitude and longitude; the page policy lets only that tile host's images in. With no map
 * configured the location page has no map and no script. axe on every map state visited.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { getCaseByTrackingNumber } from '../../db';
import { expectAccessible, expectNoHorizontalScroll } from './support/axe';
import { expect, startWebPlatform, test, type WebPlatform } from './support/web-platform';

/** A 1×1 grey PNG. */
const TILE_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGO4BwAA5QDkTmKbqgAAAABJRU5ErkJggg==',
  'base64',
);
const CENTRE = { latitude: 34.0522, longitude: -118.2437 };

let tiles: Server;
const tileRequests: string[] = [];
let platform: WebPlatform;
let stopPlatform: () => Promise<void>;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  tiles = createServer((request, response) => {
    tileRequests.push(request.url ?? '');
    response.writeHead(200, { 'Content-Type': 'image/png', 'Cross-Origin-Resource-Policy': 'cross-origin' });
    response.end(TILE_PNG);
  });
  await new Promise<void>((resolve) => tiles.listen(0, '127.0.0.1', resolve));
  const tilePort = (tiles.address() as AddressInfo).port;
  const started = await startWebPlatform({
    env: () =>
      Promise.resolve({
        MAP_TILE_URL: `http://127.0.0.1:${tilePort}/{z}/{x}/{y}.png`,
        MAP_ATTRIBUTION: '© Test Tiles contributors',
        MAP_CENTRE: `${CENTRE.latitude},${CENTRE.longitude}`,
        MAP_ZOOM: '15',
      }),
  });
  platform = started.platform;
  stopPlatform = async () => {
    started.server.closeAllConnections();
    await new Promise<void>((resolve) => started.server.close(() => resolve()));
    await started.platform.env.close();
  };
});

test.afterAll(async () => {
  await stopPlatform?.();
  await new Promise<void>((resolve) => (tiles ? tiles.close(() => resolve()) : resolve()));
});

const WORDS = {
  en: {
    category: 'Category',
    bulky: 'Bulky items',
    what: 'What the resident reported',
    where: 'Location',
    continue: 'Continue',
    map: 'Map: the place is at the cross in the middle',
    email: 'Email address',
    noticeEmail: 'Email',
    send: 'Send request',
    sent: 'Request sent',
    latitude: 'Latitude',
    longitude: 'Longitude',
  },
  es: {
    category: 'Categoría',
    bulky: 'Artículos voluminosos',
    what: 'Qué quiere informar',
    where: 'Ubicación',
    continue: 'Continuar',
    map: 'Mapa: el lugar está en la cruz del centro',
    email: 'Correo electrónico',
    noticeEmail: 'Correo electrónico',
    send: 'Enviar solicitud',
    sent: 'Solicitud enviada',
    latitude: 'Latitud',
    longitude: 'Longitud',
  },
};

async function next(page: Page, name: string): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name, exact: true }).click()]);
}

/** The 311 complaint up to the location page. */
async function toLocation(page: Page, language: 'en' | 'es'): Promise<void> {
  const t = WORDS[language];
  await page.goto(`/portal/request/service-complaint?lang=${language}`);
  await page.getByLabel(t.category).selectOption({ label: t.bulky });
  await page.getByLabel(t.what).fill('A fridge on the pavement');
  await next(page, t.continue);
}

/** From the location page (place set) to the confirmation: the case's stored data. */
async function send(page: Page, language: 'en' | 'es'): Promise<Record<string, unknown>> {
  const t = WORDS[language];
  await page.getByLabel(t.where).fill('704 E 43rd Pl, 90011');
  await next(page, t.continue);
  await page.getByRole('textbox', { name: t.email }).fill('ana@example.org');
  await page.getByRole('radio', { name: t.noticeEmail }).check();
  await next(page, t.continue);
  await next(page, t.continue);
  await next(page, t.send);
  await expect(page.getByRole('heading', { name: t.sent })).toBeVisible();
  const panel = await page.locator('.pf-panel').innerText();
  const trackingNumber = /([A-Z]+-\d{4}-\d+)/.exec(panel)?.[1];
  if (!trackingNumber) throw new Error(`no tracking number in ${panel}`);
  const record = await getCaseByTrackingNumber(platform.env.t.db, trackingNumber);
  return record?.caseData ?? {};
}

test('English: the resident moves the map with the arrow keys and the case gets the place', async ({ browser }) => {
  const t = WORDS.en;
  const context = await browser.newContext({ baseURL: platform.baseURL });
  const page = await context.newPage();
  const blocked: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
  });
  await toLocation(page, 'en');
  const map = page.getByRole('group', { name: WORDS.en.map });
  await expect(map).toBeVisible();
  await expect(page.getByText('© Test Tiles contributors')).toBeVisible();
  // The tiles come from the test's server at the configured zoom, and the page policy lets them in.
  await expect(page.locator('[data-location-map] img').first()).toHaveJSProperty('complete', true);
  expect(tileRequests.some((url) => url.startsWith('/15/'))).toBe(true);
  expect(
    await page
      .locator('[data-location-map] img')
      .evaluateAll((images) => images.every((image) => (image as HTMLImageElement).naturalWidth === 1)),
  ).toBe(true);
  await expectAccessible(page);

  await map.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowUp');
  const latitude = Number(await page.getByLabel(t.latitude).inputValue());
  const longitude = Number(await page.getByLabel(t.longitude).inputValue());
  // East and north of the centre, by a few hundred metres at zoom 15.
  expect(longitude).toBeGreaterThan(CENTRE.longitude);
  expect(longitude - CENTRE.longitude).toBeLessThan(0.01);
  expect(latitude).toBeGreaterThan(CENTRE.latitude);
  expect(latitude - CENTRE.latitude).toBeLessThan(0.01);
  await expect(page.getByRole('status')).toContainText(`latitude ${latitude.toFixed(6)}`);
  await expectAccessible(page);
  expect(blocked).toEqual([]);

  const data = await send(page, 'en');
  expect(data.latitude).toBeCloseTo(latitude, 6);
  expect(data.longitude).toBeCloseTo(longitude, 6);
  expect(data.address).toBe('704 E 43rd Pl, 90011');
  await context.close();
});

test('Spanish: the resident clicks the place on the map and the case gets it', async ({ browser }) => {
  const t = WORDS.es;
  const context = await browser.newContext({ baseURL: platform.baseURL });
  const page = await context.newPage();
  await toLocation(page, 'es');
  const map = page.getByRole('group', { name: WORDS.es.map });
  await expect(map).toBeVisible();
  await expectAccessible(page);
  const box = await map.boundingBox();
  if (!box) throw new Error('the map has no box');
  // South-west of the cross.
  await map.click({ position: { x: box.width / 2 - 40, y: box.height / 2 + 40 } });
  const latitude = Number(await page.getByLabel(t.latitude).inputValue());
  const longitude = Number(await page.getByLabel(t.longitude).inputValue());
  expect(latitude).toBeLessThan(CENTRE.latitude);
  expect(longitude).toBeLessThan(CENTRE.longitude);
  await expect(page.getByRole('status')).toContainText('Lugar marcado');
  await expectAccessible(page);
  // Reflow at 320 CSS px: the map narrows with the page.
  await page.setViewportSize({ width: 320, height: 640 });
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);
  const data = await send(page, 'es');
  expect(data.latitude).toBeCloseTo(latitude, 6);
  expect(data.longitude).toBeCloseTo(longitude, 6);
  await context.close();
});

test('a place out of range is refused beside the field, without JavaScript', async ({ browser }) => {
  const t = WORDS.en;
  const context = await browser.newContext({ baseURL: platform.baseURL, javaScriptEnabled: false });
  const page = await context.newPage();
  await toLocation(page, 'en');
  await page.getByLabel(WORDS.en.where).fill('704 E 43rd Pl, 90011');
  await page.getByLabel(t.latitude).fill('123');
  const response = await Promise.all([
    page.waitForNavigation(),
    page.getByRole('button', { name: WORDS.en.continue, exact: true }).click(),
  ]);
  expect(response[0]?.status()).toBe(400);
  await expect(page.locator('.usa-error-message')).toBeVisible();
  await context.close();
});

test('with no map configured the location page has no map and no script', async ({ page, platform: plain }) => {
  const response = await page.goto(`${plain.baseURL}/portal/request/service-complaint?lang=en`);
  expect(response?.headers()['content-security-policy']).toContain("img-src 'self' data:;");
  await page.getByLabel(WORDS.en.category).selectOption({ label: WORDS.en.bulky });
  await page.getByLabel(WORDS.en.what).fill('A fridge on the pavement');
  await next(page, WORDS.en.continue);
  await expect(page.getByLabel(WORDS.en.where)).toBeVisible();
  await expect(page.locator('[data-location-map]')).toHaveCount(0);
  await expect(page.locator('script[src*="location-map"]')).toHaveCount(0);
  await expect(page.getByLabel(WORDS.en.latitude)).toHaveCount(0);
});
