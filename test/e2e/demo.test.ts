/**
 * End to end in a real browser: headless Debian Chromium driven by playwright-core opens /demo, clicks through
 * cases as a clinician would (pick a patient, draft, select or sign, take a suggestion, override a card), then opens
 * /demo/policy and finds the feedback counted there. Skipped only on a machine without /usr/bin/chromium outside
 * CI; in CI (.ci/run installs Chromium and sets CI) it must run.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { type DemoService, startDemoService } from '../demo/demo-service.js';
import { type Browser, CHROMIUM, canRunBrowser, launchBrowser } from './browser.js';

if (!canRunBrowser) {
  console.warn(
    `test/e2e/demo.test.ts SKIPPED: ${CHROMIUM} is absent (install it with "apt-get install -y chromium"). ` +
      'In CI (CI set) this test runs and fails instead.',
  );
}
const describeInBrowser = canRunBrowser ? describe : describe.skip;

/** Where screenshots go (for the issue's closing note); a temp folder unless E2E_SCREENSHOTS names one. */
const SHOTS = process.env.E2E_SCREENSHOTS ?? join(tmpdir(), 'spect-cds-e2e');

/** Retry an assertion until it holds (pages update asynchronously), then fail with its last error. */
async function eventually(assertion: () => Promise<void>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** The texts of all elements the locator matches, once they match `expected` (one pattern per element). */
async function expectTexts(locator: Locator, expected: RegExp[]): Promise<void> {
  await eventually(async () => {
    const texts = await locator.allInnerTexts();
    expect(texts).toHaveLength(expected.length);
    texts.forEach((text, i) => {
      expect(text).toMatch(expected[i]!);
    });
  });
}

const expectText = (locator: Locator, pattern: RegExp) =>
  eventually(async () => {
    expect(await locator.textContent()).toMatch(pattern);
  });

describeInBrowser('the demo in headless Chromium', () => {
  let service: DemoService;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    service = await startDemoService();
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchBrowser();
    page = browser.page;
    page.setDefaultTimeout(15_000);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await service?.close();
  });

  async function openPatient(name: string) {
    await page.getByRole('button', { name: new RegExp(name) }).click();
    await page.locator('#draft').click();
  }

  test('missing prior MRI: a warning card whose suggestion replaces the SPECT with an MRI', async () => {
    await page.goto(`${service.baseUrl}/demo`);
    await page.locator('body[data-ready="true"]').waitFor();
    expect(await page.locator('[data-patient]').count()).toBe(9);
    await openPatient('Paul Berger');
    await expectTexts(page.locator('#drafts li'), [/78830/]);
    await page.locator('#sign').click();
    const card = page.locator('article.card').first();
    await card.waitFor();
    expect(await card.getAttribute('class')).toContain('warning');
    await expectText(card.locator('.summary'), /^Order an MRI of the lumbar spine first/);
    // The detail is rendered Markdown: bold became <strong>, no raw asterisks left.
    expect(await card.locator('.detail strong').count()).toBeGreaterThan(0);
    expect(await card.locator('.detail').textContent()).not.toContain('**');
    expect(await card.locator('.links a').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, 'demo-missing-mri.png'), fullPage: true });

    const uuid = await card.getAttribute('data-card');
    await card.locator('button.suggestion', { hasText: /MRI/ }).click();
    // The suggestion's actions were applied to the drafts: the SPECT is gone, an MRI of the lumbar spine is there.
    await expectTexts(page.locator('#drafts li'), [/72148/]);
    // Its feedback sent (the policy page counts it below), the accepted card is taken down, as EHRs do.
    await eventually(async () => {
      expect(await page.locator(`article.card[data-card="${uuid}"]`).count()).toBe(0);
    });
  }, 60_000);

  test('simultaneous imaging: the override dropdown sends feedback with the chosen reason', async () => {
    await openPatient('Marta Kowalski');
    await page.locator('#sign').click();
    const card = page.locator('article.card', { hasText: /other advanced imaging/ }).first();
    await card.waitFor();
    expect(await card.getAttribute('class')).toContain('warning');
    const options = await card.locator('select.override-reason option').allInnerTexts();
    expect(options.length).toBeGreaterThan(1);
    await page.screenshot({ path: join(SHOTS, 'demo-simultaneous.png'), fullPage: true });
    await card.locator('select.override-reason').selectOption({ index: 1 });
    await card.locator('button.override').click();
    await expectText(card.locator('.feedback-sent'), /overridden/);
  }, 60_000);

  test('two findings about one order: two short cards that do not repeat each other, the order named', async () => {
    await page.getByRole('button', { name: /Leila Haddad/ }).click();
    await page.locator('#with-mri').check();
    await page.locator('#draft').click();
    await page.locator('#sign').click();
    const cards = page.locator('article.card');
    await expectTexts(cards.locator('.summary'), [
      /^SPECT\/CT lumbar spine — Add the prior imaging report/,
      /^SPECT\/CT lumbar spine — Stage the imaging/,
    ]);
    const details = await cards.locator('.detail').allInnerTexts();
    const paragraphs = details.flatMap((text) => text.split('\n').filter((line) => line.trim().length > 0));
    // No line of one card's detail appears again on the other (headings aside), and no detail carries a link.
    const content = paragraphs.filter((line) => !/^(Found in the chart|Criteria met|Not checked)/.test(line));
    expect(new Set(content).size).toBe(content.length);
    expect(await cards.locator('.detail a').count()).toBe(0);
    for (const card of await cards.all()) expect(await card.locator('.links a').count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'demo-two-findings.png'), fullPage: true });
    await page.locator('#with-mri').uncheck();
  }, 60_000);

  test('criteria met on order-select, with prefetch from the EHR: an info card and the coverage action', async () => {
    await openPatient('Rosa Lambert');
    await page.locator('#send-prefetch').check();
    await page.locator('#select').click();
    const card = page.locator('article.card').first();
    await card.waitFor();
    expect(await card.getAttribute('class')).toContain('info');
    await expectText(card.locator('.summary'), /^Request prior approval: criteria met/);
    expect(await page.locator('#system-actions').textContent()).toContain('coverage-information');
    await page.screenshot({ path: join(SHOTS, 'demo-criteria-met.png'), fullPage: true });
  }, 60_000);

  test('out of scope: the knee SPECT gets no cards', async () => {
    await openPatient('Jorge Silva');
    await page.locator('#sign').click();
    await page.locator('#cards .no-cards').waitFor();
  }, 60_000);

  test('busy while a call is out; an error takes the previous cards down and wraps inside its panel', async () => {
    await openPatient('Rosa Lambert');
    await page.locator('#sign').click();
    await page.locator('article.card').first().waitFor();
    // The next call answers slowly, then fails: Select and Sign are disabled meanwhile, then the old cards go.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/cds-services/spect-spine-order-sign', async (route) => {
      await held;
      await route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ diagnostics: 'x'.repeat(400) }] }),
      });
    });
    await page.locator('#sign').click();
    await eventually(async () => {
      expect(await page.locator('#sign').isDisabled()).toBe(true);
      expect(await page.locator('#select').isDisabled()).toBe(true);
      expect(await page.locator('#cards').getAttribute('aria-busy')).toBe('true');
    });
    release();
    await page.locator('#cards .call-error').waitFor();
    expect(await page.locator('article.card').count()).toBe(0);
    expect(await page.locator('#sign').isDisabled()).toBe(false);
    const fits = await page
      .locator('#cards')
      .evaluate(
        (box: { scrollWidth: number; clientWidth: number }) => box.scrollWidth <= box.clientWidth + 1,
      );
    expect(fits).toBe(true);
    await page.unroute('**/cds-services/spect-spine-order-sign');
  }, 60_000);

  test('at 390 px the policy page does not scroll sideways and shows no raw {{placeholders}}; no favicon 404', async () => {
    const phone = await launchBrowser({ width: 390, height: 844 });
    try {
      const missing: string[] = [];
      phone.page.on('response', (response) => {
        if (response.status() === 404) missing.push(response.url());
      });
      for (const path of ['/demo/policy', '/demo']) {
        await phone.page.goto(`${service.baseUrl}${path}`);
        await phone.page.locator('body[data-ready="true"]').waitFor();
        const widths = await phone.page
          .locator('html')
          .evaluate((root: { scrollWidth: number; clientWidth: number }) => ({
            scroll: root.scrollWidth,
            view: root.clientWidth,
          }));
        expect({ path, fits: widths.scroll <= widths.view + 1 }).toEqual({ path, fits: true });
        await phone.page.screenshot({
          path: join(SHOTS, `demo-390${path.replaceAll('/', '-')}.png`),
          fullPage: true,
        });
      }
      await phone.page.goto(`${service.baseUrl}/demo/policy`);
      await phone.page.locator('body[data-ready="true"]').waitFor();
      expect(await phone.page.locator('body').textContent()).not.toContain('{{');
      expect(await phone.page.locator('.cardtext').first().textContent()).toMatch(/‹[a-z ]+›/);
      expect(missing).toEqual([]);
    } finally {
      await phone.close();
    }
  }, 60_000);

  test('the policy page shows each criterion and the feedback just sent in its chart', async () => {
    await page.goto(`${service.baseUrl}/demo/policy`);
    await page.locator('body[data-ready="true"]').waitFor();
    await expectText(page.locator('#policy-title'), /6\.01\.VT204/);
    await expectText(page.locator('[data-bullet="MN-1"] blockquote'), /osteomyelitis/);
    expect(await page.locator('[data-bullet="MN-1"] .valueset').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-bullet="NMN-1"] .cardtext').count()).toBeGreaterThan(0);
    await expectText(page.locator('.chart-row[data-kind="missing-prior-mri"] .counts'), /1 accepted/);
    await expectText(
      page.locator('.chart-row[data-kind="simultaneous-advanced-imaging"] .counts'),
      /1 overridden/,
    );
    expect(await page.locator('.chart-row svg rect.bar-accepted').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, 'demo-policy.png') });
  }, 60_000);
});
