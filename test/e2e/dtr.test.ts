/**
 * DTR end to end in headless Chromium: on /demo, sign an order that needs prior approval, open the questionnaire
 * the coverage assertion names, find it prefilled from the demo FHIR server (the chosen indication, the diagnosis,
 * the prior study), complete what the chart cannot say, and save a QuestionnaireResponse to the demo FHIR server,
 * where it is read back. Skipped only on a machine without /usr/bin/chromium outside CI, as test/e2e/demo.test.ts.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { QuestionnaireResponse, QuestionnaireResponseItem } from 'fhir/r4.js';
import type { Page } from 'playwright-core';
import { type DemoService, startDemoService } from '../demo/demo-service.js';
import { type Browser, canRunBrowser, launchBrowser } from './browser.js';

const describeInBrowser = canRunBrowser ? describe : describe.skip;

function flatten(items: QuestionnaireResponseItem[] | undefined): QuestionnaireResponseItem[] {
  return (items ?? []).flatMap((i) => [i, ...flatten(i.item)]);
}

describeInBrowser('DTR in the demo (headless Chromium)', () => {
  let service: DemoService;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    service = await startDemoService();
    browser = await launchBrowser({ width: 1400, height: 1200 });
    page = browser.page;
    page.setDefaultTimeout(20_000);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await service?.close();
  });

  test('sign, open the prefilled questionnaire, complete it, save the QuestionnaireResponse', async () => {
    await page.goto(`${service.baseUrl}/demo`);
    await page.locator('body[data-ready="true"]').waitFor();
    await page.getByRole('button', { name: /Kim Nguyen/ }).click();
    await page.locator('#draft').click();
    await page.locator('#sign').click();
    await page.locator('article.card').first().waitFor();

    await page.locator('#dtr-open').click();
    const form = page.locator('#dtr-form');
    await form.waitFor();
    // Prefilled from the chart: the indication, its diagnosis, the prior x-ray.
    const indication = form.locator('[data-link-id="indication"]');
    expect(await indication.locator('option:checked').textContent()).toMatch(/spondylolysis/i);
    expect(
      await form
        .locator('[data-link-id="spondylolysis-spondylolisthesis.evidence-1.code"] option:checked')
        .textContent(),
    ).toMatch(/M43\.06/);
    expect(
      await form
        .locator(
          '[data-link-id="spondylolysis-spondylolisthesis.prior-imaging.evidence-1.modality"] option:checked',
        )
        .textContent(),
    ).toMatch(/DX/);
    expect(await form.locator('.from-chart').count()).toBeGreaterThanOrEqual(5);
    // Only the chosen indication's questions show (enableWhen).
    expect(await form.locator('[data-link-id="infection"]').count()).toBe(0);

    // Saving before the history is given names what is missing.
    await page.locator('#dtr-save').click();
    await page.locator('#dtr-status.error').waitFor();
    expect(await page.locator('#dtr-status').textContent()).toMatch(/History and physical/);

    // Complete what the chart cannot say.
    await form
      .locator('[data-link-id="spondylolysis-spondylolisthesis.prior-imaging.shown"]')
      .selectOption('true');
    await form
      .locator('[data-link-id="spondylolysis-spondylolisthesis.prior-imaging.details"]')
      .fill('Pars not well seen on the lateral view.');
    await form
      .locator('[data-link-id="clinical-notes.history-physical"]')
      .fill('Low back pain with extension for 3 months; tender L5; adolescent gymnast.');
    await page.locator('#dtr-save').click();
    await page.locator('#dtr[data-saved]').waitFor();
    const reference = await page.locator('#dtr').getAttribute('data-saved');
    expect(reference).toMatch(/^QuestionnaireResponse\//);
    await page.screenshot({ path: join(tmpdir(), 'spect-cds-e2e-dtr.png'), fullPage: true });

    // The EHR holds it: a completed DTR response, prefilled answers marked auto-client, typed ones manual.
    const res = await fetch(`${service.demo.fhirServer}/${reference}`, {
      headers: { authorization: `Bearer ${await fhirToken()}` },
    });
    expect(res.status).toBe(200);
    const saved = (await res.json()) as QuestionnaireResponse;
    expect(saved.status).toBe('completed');
    expect(saved.questionnaire).toMatch(/\/fhir\/Questionnaire\/prior-approval-6\.01\.VT204\|2026-03$/);
    expect(saved.subject?.reference).toBe('Patient/demo-spondylolysis');
    const items = new Map(flatten(saved.item).map((i) => [i.linkId, i]));
    const origin = (linkId: string) =>
      items.get(linkId)?.answer?.[0]?.extension?.[0]?.extension?.find((e) => e.url === 'source')?.valueCode;
    expect(items.get('indication')?.answer?.[0]?.valueCoding?.code).toBe('spondylolysis-spondylolisthesis');
    expect(origin('indication')).toBe('auto-client');
    expect(origin('clinical-notes.history-physical')).toBe('manual');
    expect(items.get('spondylolysis-spondylolisthesis.prior-imaging.shown')?.answer?.[0]?.valueBoolean).toBe(
      true,
    );
    const contexts = (saved.extension ?? [])
      .filter((e) => e.url.endsWith('/qr-context'))
      .map((e) => e.valueReference?.reference);
    expect(contexts[0]).toBe('Coverage/demo-spondylolysis-coverage');
    expect(contexts).toHaveLength(2);
  }, 90_000);

  async function fhirToken(): Promise<string> {
    const session = (await (await fetch(`${service.baseUrl}/demo/api/session`)).json()) as {
      fhirAccessToken: string;
    };
    return session.fhirAccessToken;
  }
});
