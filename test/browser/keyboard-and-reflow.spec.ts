/** Keyboard use (skip link, visible focus target) and reflow at 320 CSS px on every foundation page. */
import { expectAccessible, expectNoHorizontalScroll } from './support/axe';
import { expect, signIn, test } from './support/web-platform';

test('the skip link is the first stop and moves focus to the main content', async ({ page }) => {
  await page.goto('/');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to main content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('#main-content')).toBeFocused();
  // The next Tab goes into the main content, past the header.
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.closest('main')?.id)).toBe('main-content');
});

test('signs in with the keyboard alone', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByLabel('Username').focus();
  await page.keyboard.type('manager');
  await page.keyboard.press('Tab');
  await page.keyboard.type('correct horse battery staple');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/work$/);
  // Sign out with the keyboard: Tab to the button in the header, press Enter.
  await page.getByRole('button', { name: 'Sign out' }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/sign-in\?signedOut=1$/);
});

test('every page reflows at 320 px without horizontal scrolling and stays accessible', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  for (const path of ['/', '/sign-in', '/status', '/no-such-page']) {
    await page.goto(path);
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
  }
  await page.getByRole('link', { name: 'Staff sign in' }).first().click();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('#error-summary')).toBeFocused();
  await expectNoHorizontalScroll(page);
  await signIn(page, 'auditor');
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);
});

test('the accessibility check fails on a page that breaks a WCAG rule, in the page or in a frame', async ({ page }) => {
  const broken = '<img src="data:,">';
  await page.setContent(`<!doctype html><html lang="en"><title>Broken</title><main>${broken}</main></html>`);
  await expect(expectAccessible(page)).rejects.toThrow(/image-alt/);
  await page.setContent(
    `<!doctype html><html lang="en"><title>Framed</title><main><iframe title="Part" srcdoc='<html lang="en"><title>Part</title>${broken}</html>'></iframe></main></html>`,
  );
  await expect(expectAccessible(page)).rejects.toThrow(/image-alt/);
});
