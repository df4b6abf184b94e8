import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { sharedFile } from '../support/paths.js';
import { publishedDelayedDays, publishedPopulation } from '../support/published.js';
import { type RunningApp, startApp } from '../support/server.js';

describe('dashboard in Chromium', () => {
  let db: TestDatabase;
  let app: RunningApp;
  let browser: Browser;
  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    [app, browser] = await Promise.all([startApp({ DATABASE_URL: db.url }), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await db?.drop();
  });

  it("shows West Sussex's delayed days per 100,000 aged 18+ for June 2018 as published", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${app.url}/?area=E10000032`);
    const cell = page.getByTestId('rate-E10000032-2018-06');
    await cell.waitFor({ timeout: 30_000 });

    const days = publishedDelayedDays(sharedFile('dtoc/dtoc-la-2018-06.xls'), 'West Sussex');
    const adults = publishedPopulation(
      sharedFile('population/ukmidyearestimates20182019ladcodes.xls'),
      'MYE2-All',
      'E10000032',
      18,
    );
    const expected = (100_000 * days) / adults;
    expect(Number(await cell.getAttribute('data-value'))).toBeCloseTo(expected, 9);
    expect(await cell.textContent()).toContain(expected.toFixed(1));
    expect(await page.getByTestId('days-E92000001-2018-06').textContent()).toContain(
      publishedDelayedDays(sharedFile('dtoc/dtoc-la-2018-06.xls'), 'England').toLocaleString('en-GB'),
    );
    expect(errors).toEqual([]);
  });

  it('answers a deep link to a page not built yet with the app, which says so and links home', async () => {
    const deepLink = `${app.url}/trends?metric=delayed_days_per_100k&area=E10000032`;
    const response = await fetch(deepLink);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);

    const page = await browser.newPage();
    await page.goto(deepLink);
    await page.getByRole('heading', { name: 'Page not found', level: 1 }).waitFor({ timeout: 30_000 });
    expect(await page.title()).toBe('Page not found – Joined Up');

    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

    await page.getByRole('link', { name: 'Go to the Joined Up home page' }).click();
    await page.getByTestId('council-select').waitFor({ timeout: 30_000 });
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.title()).toBe('Delayed transfers of care – Joined Up');
  });

  it('switches council from the selector', async () => {
    const page = await browser.newPage();
    await page.goto(app.url);
    await page.getByTestId('council-select').selectOption('E06000015');
    await page.getByTestId('rate-E06000015-2018-06').waitFor({ timeout: 30_000 });
    expect(page.url()).toContain('area=E06000015');
  });
});
