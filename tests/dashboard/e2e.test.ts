import AxeBuilder from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { cubeLoad } from '../support/cube-client.js';
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
    const deepLink = `${app.url}/overview?area=E10000032&period=2018-06`;
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

  it("draws Torbay's delayed days as an SPC chart on /trends: the table's values and limits are the API's, and the icons say so in words", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${app.url}/trends?metric=delayed_days_per_100k&area=E06000027`);
    await page.getByTestId('spc-table').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="spc-chart"] .recharts-surface').waitFor({ timeout: 30_000 });
    expect(await page.title()).toBe('Trends – Joined Up');

    const token = (await (await fetch(`${app.url}/api/token`)).json()).token as string;
    const { body } = await cubeLoad(app.url, token, {
      measures: ['metric_spc.value', 'metric_spc.mean', 'metric_spc.upper_process_limit'],
      dimensions: ['metric_spc.variation_icon', 'metric_spc.assurance_icon'],
      timeDimensions: [{ dimension: 'metric_spc.period', granularity: 'month' }],
      filters: [
        { member: 'metric_spc.metric_id', operator: 'equals', values: ['delayed_days_per_100k'] },
        { member: 'metric_spc.area_code', operator: 'equals', values: ['E06000027'] },
      ],
      order: { 'metric_spc.period': 'asc' },
    });
    const oneDecimal = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    const shown = (value: unknown) => oneDecimal.format(Number(value));
    const rows = page.locator('[data-testid="spc-table"] tbody tr');
    expect(await rows.count()).toBe(body.data.length);
    // June 2018 by hand from the published files, and every row as the API has it (one decimal on the page).
    const days = publishedDelayedDays(sharedFile('dtoc/dtoc-la-2018-06.xls'), 'Torbay UA');
    const adults = publishedPopulation(
      sharedFile('population/ukmidyearestimates20182019ladcodes.xls'),
      'MYE2-All',
      'E06000027',
      18,
    );
    const june = page.locator('[data-testid="spc-table"] tbody tr[data-month="2018-06"] td').first();
    expect(await june.textContent()).toBe(shown((100_000 * days) / adults));
    for (const [i, point] of body.data.entries()) {
      const cells = await rows.nth(i).locator('td').allTextContents();
      expect(cells.slice(0, 2)).toEqual([shown(point['metric_spc.value']), shown(point['metric_spc.mean'])]);
      expect(cells[3]).toBe(shown(point['metric_spc.upper_process_limit']));
    }
    // The demo plan for Torbay gives a target, so the assurance is shown, in words.
    expect(body.data[0]['metric_spc.assurance_icon']).toBe('inconsistent');
    expect(await page.getByTestId('assurance').textContent()).toBe('Assurance: may or may not meet the target');
    expect(await page.getByTestId('variation').textContent()).toMatch(/variation/);

    await page.getByTestId('area-select').selectOption('E10000032');
    await page.locator('[data-testid="spc-table"] tbody tr').first().waitFor({ timeout: 30_000 });
    expect(new URL(page.url()).searchParams.get('area')).toBe('E10000032');
    expect(errors).toEqual([]);
  });

  it("shows a metric's definition at /metrics/<id> as the API serves it, linked from its trend", async () => {
    const page = await browser.newPage();
    await page.goto(`${app.url}/trends?metric=delayed_days_per_100k&area=E10000032`);
    await page.getByRole('link', { name: /How .* is defined/ }).click();
    await page.getByTestId('definition').waitFor({ timeout: 30_000 });
    expect(new URL(page.url()).pathname).toBe('/metrics/delayed_days_per_100k');

    const token = (await (await fetch(`${app.url}/api/token`)).json()).token as string;
    const { body } = await cubeLoad(app.url, token, {
      dimensions: [
        'metric_definitions.metric_name',
        'metric_definitions.unit',
        'metric_definitions.codes',
        'metric_definitions.policy_periods',
        'metric_definitions.source',
      ],
      filters: [{ member: 'metric_definitions.metric_id', operator: 'equals', values: ['delayed_days_per_100k'] }],
    });
    const definition = body.data[0] as Record<string, string>;
    const field = (term: string) => page.locator(`dd[data-field="${term}"]`).textContent();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      definition['metric_definitions.metric_name'],
    );
    expect(await field('Unit')).toBe(definition['metric_definitions.unit']);
    expect(await field('Codes')).toBe(definition['metric_definitions.codes']);
    expect(await field('Better Care Fund periods')).toBe(definition['metric_definitions.policy_periods']);
    expect(await field('Source')).toBe(definition['metric_definitions.source']);
    expect(await field('Polarity')).toBe('Lower is better');

    await page.goto(`${app.url}/metrics/no_such_metric`);
    await page.getByText('There is no metric “no_such_metric”.').waitFor({ timeout: 30_000 });
  });

  it('ranks every council on /compare as the API gives them, and narrows to a region from the URL', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${app.url}/compare?metric=delayed_days_per_100k&period=2018-06`);
    await page.getByTestId('comparison-table').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="caterpillar"] .recharts-surface').waitFor({ timeout: 30_000 });

    const token = (await (await fetch(`${app.url}/api/token`)).json()).token as string;
    const { body } = await cubeLoad(app.url, token, {
      measures: ['metrics.value'],
      dimensions: ['metrics.area_code', 'metrics.region_code'],
      timeDimensions: [{ dimension: 'metrics.period', dateRange: ['2018-06-01', '2018-06-30'] }],
      filters: [
        { member: 'metrics.metric_id', operator: 'equals', values: ['delayed_days_per_100k'] },
        { member: 'metrics.period_type', operator: 'equals', values: ['month'] },
        { member: 'metrics.area_type', operator: 'equals', values: ['council'] },
      ],
    });
    const api = (body.data as Record<string, string | null>[]).filter((row) => row['metrics.value'] !== null);
    const oneDecimal = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    // Low is good: the lowest first, every council with a value, each as the API has it.
    const expected = [...api]
      .sort((a, b) => Number(a['metrics.value']) - Number(b['metrics.value']))
      .map((row) => [row['metrics.area_code'], oneDecimal.format(Number(row['metrics.value']))]);
    const rows = page.locator('[data-testid="comparison-table"] tbody tr');
    const shown = await rows.evaluateAll((trs) =>
      trs.map((tr) => [tr.getAttribute('data-area'), tr.querySelector('[data-testid="compare-value"]')?.textContent]),
    );
    expect(shown.map(([code]) => code).sort()).toEqual(expected.map(([code]) => code).sort());
    expect(shown.map(([, value]) => value)).toEqual(expected.map(([, value]) => value));

    await page.getByTestId('region-select').selectOption('E12000008');
    await page.waitForURL(/region=E12000008/);
    const southEast = api.filter((row) => row['metrics.region_code'] === 'E12000008').length;
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(southEast);
    expect(errors).toEqual([]);
  });

  it.each([
    ['/?area=E10000032', 'rate-E10000032-2018-06'],
    ['/trends?metric=delayed_days_per_100k&area=E06000027', 'spc-table'],
    ['/metrics/delayed_days_per_100k', 'definition'],
    ['/compare?metric=delayed_days_per_100k&period=2018-06&region=E12000008', 'comparison-table'],
  ])('has no WCAG 2.2 AA violations that axe finds on %s', async (url, ready) => {
    // axe needs a page of a context it can open frames in, not browser.newPage()'s own.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.url}${url}`);
    await page.getByTestId(ready).waitFor({ timeout: 30_000 });
    const results = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
      .analyze();
    expect(
      results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((n) => n.target).join(' ')}`),
    ).toEqual([]);
  });
});
