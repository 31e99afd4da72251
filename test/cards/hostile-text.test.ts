/**
 * Request and chart text never formats, links or embeds anything in a card (issue 12, item 2). Signed hook calls
 * over HTTP through the real app, with hostile text in every place request text reaches a card template: the SPECT
 * draft's code.text, another draft's code.text ({{otherOrders}}: detail, suggestion label, action description), an
 * open imaging order from the chart (its evidence line and {{otherOrders}} when it is not a draft), a diagnosis'
 * display and text (criteria evidence) and a prior study's description. Each card detail is then rendered the way a
 * permissive EHR would (markdown-it with raw HTML and linkify on): no link but the policy's, no HTML element from the
 * request, and card.links holds only the configured policy URL.
 */
import type { Condition, ImagingStudy, ServiceRequest } from 'fhir/r4.js';
import MarkdownIt from 'markdown-it';
import request from 'supertest';
import { loadCardTexts } from '../../src/app/load-cards.js';
import { renderResponse } from '../../src/cards/render.js';
import type { Determination } from '../../src/policy/determination.js';
import {
  ORDER_SIGN_SERVICE,
  orderSignBody,
  osteomyelitisPrefetch,
  searchset,
  spectServiceRequest,
  TEST_PATIENT_ID,
  vertebralOsteomyelitis,
} from '../support/hook-request.js';
import { createTestClient, signHookJwt, TEST_BASE_URL, type TestClient, testConfig } from '../support/jwt.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

const HOSTILE =
  'CT lumbar [Coverage re-check required](https://evil.example/reauth) <img src=x onerror=alert(1)>';
/** Other shapes of the same attack: autolinks, a raw anchor, an image, a reference link, an HTML entity. */
const VARIANTS = [
  HOSTILE,
  'MRI L-spine <https://evil.example/a> www.evil.example/b <a href="https://evil.example/c">re-auth</a>',
  'CT ![x](https://evil.example/pixel.png) [re-auth][1]\n\n[1]: https://evil.example/d &lt;script&gt;',
];
const CPT = 'http://www.ama-assn.org/go/cpt';
const markdown = new MarkdownIt({ html: true, linkify: true });

let client: TestClient;
let harness: TestApp;

beforeAll(async () => {
  client = await createTestClient({ fhirServers: [] });
  harness = buildTestApp(testConfig([client]));
});

/** An imaging order named by `text`: a draft of this call, or (status active) one already open in the EHR. */
function imagingOrder(
  id: string,
  code: string,
  text: string,
  status: ServiceRequest['status'] = 'draft',
): ServiceRequest {
  return {
    resourceType: 'ServiceRequest',
    id,
    status,
    intent: 'order',
    code: { coding: [{ system: CPT, code, display: text }], text },
    subject: { reference: `Patient/${TEST_PATIENT_ID}` },
    authoredOn: new Date().toISOString(),
  };
}
const mriDraft = (text: string) => imagingOrder('mri-1', '72148', text);
const openCtOrder = (text: string) => imagingOrder('ct-open-1', '72131', text, 'active');

function priorStudy(text: string): ImagingStudy {
  return {
    resourceType: 'ImagingStudy',
    id: 'study-1',
    status: 'available',
    subject: { reference: `Patient/${TEST_PATIENT_ID}` },
    started: '2026-08-01',
    description: text,
    modality: [{ system: 'http://dicom.nema.org/resources/ontology/DCM', code: 'CT' }],
    series: [
      {
        uid: '2.25.1',
        modality: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: 'CT' },
        description: text,
        bodySite: { system: 'http://snomed.info/sct', code: '122496007', display: text },
      },
    ],
  };
}

function hostileCondition(text: string): Condition {
  const base = vertebralOsteomyelitis();
  return {
    ...base,
    code: { coding: base.code!.coding!.map((coding) => ({ ...coding, display: text })), text },
  };
}

interface WireCard {
  summary: string;
  detail?: string;
  links?: Array<{ label: string; url: string; type: string }>;
  suggestions?: Array<{ label: string; actions?: Array<{ description: string }> }>;
}

async function sign(text: string, drafts: ServiceRequest[]): Promise<WireCard[]> {
  const prefetch = osteomyelitisPrefetch();
  prefetch.conditions = searchset([hostileCondition(text)]);
  prefetch.serviceRequests = searchset([openCtOrder(text)]);
  prefetch.imagingStudies = searchset([priorStudy(text)]);
  const jwt = await signHookJwt(client, `${TEST_BASE_URL}/cds-services/${ORDER_SIGN_SERVICE}`);
  const res = await request(harness.app)
    .post(`/cds-services/${ORDER_SIGN_SERVICE}`)
    .set('Authorization', `Bearer ${jwt}`)
    .send(orderSignBody({ draftOrders: drafts, prefetch, fhirServer: null }));
  expect(res.status).toBe(200);
  return (res.body as { cards: WireCard[] }).cards;
}

/** The href of every link and the src of every image a permissive renderer makes of the detail. */
function renderedTargets(detail: string): { hrefs: string[]; html: string } {
  const html = markdown.render(detail);
  const hrefs = [...html.matchAll(/<(?:a|img)\b[^>]*?(?:href|src)="([^"]*)"/g)].map((m) => m[1]!);
  return { hrefs, html };
}

/** Every text the EHR may show: summary, detail, link labels, suggestion labels, action descriptions. */
function plainTexts(card: WireCard): string[] {
  return [
    card.summary,
    ...(card.links ?? []).map((link) => link.label),
    ...(card.suggestions ?? []).flatMap((s) => [
      s.label,
      ...(s.actions ?? []).map((action) => action.description),
    ]),
  ];
}

describe.each(VARIANTS.map((text) => [text]))('hostile request text %j', (text) => {
  const drafts = () => [
    spectServiceRequest({ code: { ...spectServiceRequest().code, text } }),
    mriDraft(text),
  ];

  it('reaches the cards only as words: no link, image or HTML element of its own', async () => {
    const cards = await sign(text, drafts());
    expect(cards.length).toBeGreaterThan(0);
    for (const card of cards) {
      const { hrefs, html } = renderedTargets(card.detail ?? '');
      expect(hrefs).toEqual([]);
      expect(html).not.toMatch(/<(img|a|script|iframe)\b/i);
      expect(card.detail).not.toMatch(/<|>/);
      for (const plain of plainTexts(card)) {
        expect(plain).not.toMatch(/<|>/);
        expect(plain).not.toMatch(/\]\(/);
      }
    }
    // The text did reach the cards (otherwise this test would prove nothing): the other orders are named by it.
    expect(cards.map((card) => card.detail ?? '').join('\n')).toMatch(/re-check|L-spine|re-auth/);
  });

  it('gives links from the configuration only: the policy link, once per card', async () => {
    const cards = await sign(text, drafts());
    for (const card of cards) {
      expect(card.links).toEqual([
        { label: expect.any(String), url: harness.config.policyUrl, type: 'absolute' },
      ]);
      expect(JSON.stringify(card.links)).not.toMatch(/evil/);
    }
  });
});

it('names the other orders in the suggestion label as words, with no markup left', async () => {
  const cards = await sign(HOSTILE, [spectServiceRequest(), mriDraft(HOSTILE)]);
  const labels = cards.flatMap((card) => (card.suggestions ?? []).map((s) => s.label));
  expect(labels).toContain(
    'Remove CT lumbar [Coverage re-check required] (link removed) (stage the imaging)',
  );
});

describe('hostile text in the evidence of a finding card (a prior study, the order reason)', () => {
  it.each(VARIANTS.map((text) => [text]))('%j', async (text) => {
    const prefetch = osteomyelitisPrefetch();
    const avn: Condition = {
      ...vertebralOsteomyelitis({ id: 'cond-avn-1' }),
      code: {
        coding: [{ system: 'http://snomed.info/sct', code: '397758007', display: text }],
        text,
      },
      bodySite: [{ coding: [{ system: 'http://snomed.info/sct', code: '122496007' }], text }],
    };
    const xray: ImagingStudy = {
      ...priorStudy(text),
      modality: [{ system: 'http://dicom.nema.org/resources/ontology/DCM', code: 'DX' }],
      procedureCode: [{ coding: [{ system: CPT, code: '72100', display: text }], text }],
    };
    prefetch.conditions = searchset([avn]);
    prefetch.imagingStudies = searchset([xray]);
    const jwt = await signHookJwt(client, `${TEST_BASE_URL}/cds-services/${ORDER_SIGN_SERVICE}`);
    const res = await request(harness.app)
      .post(`/cds-services/${ORDER_SIGN_SERVICE}`)
      .set('Authorization', `Bearer ${jwt}`)
      .send(
        orderSignBody({
          draftOrders: [spectServiceRequest({ reasonCode: [{ text }], note: [{ text }] })],
          prefetch,
          fhirServer: null,
        }),
      );
    expect(res.status).toBe(200);
    const cards = (res.body as { cards: WireCard[] }).cards;
    for (const card of cards) {
      const { hrefs, html } = renderedTargets(card.detail ?? '');
      expect(hrefs).toEqual([]);
      expect(html).not.toMatch(/<(img|a|script|iframe)\b/i);
      expect(card.links?.map((link) => link.url)).toEqual([harness.config.policyUrl]);
      for (const plain of plainTexts(card)) expect(plain).not.toMatch(/<|>|\]\(/);
    }
    // The evidence lines quote the hostile displays (the test would prove nothing otherwise).
    expect(cards.map((card) => card.detail ?? '').join('\n')).toMatch(/re-check|L-spine|re-auth/);
  });
});

/**
 * Every placeholder that request or chart text can fill, in process: the evidence description, a quoted phrase,
 * a finding's message, a limitation's topic and message, the names of other orders. The same renderer check.
 */
describe('every request-fed placeholder, with every hostile variant', () => {
  const texts = loadCardTexts();
  const CTX = {
    hook: 'order-select' as const,
    insurerName: 'Blue Cross VT',
    policyUrl: 'https://payer.example/policy',
    draftResources: new Map<string, ServiceRequest>(),
    date: '2026-09-01',
    newId: () => '00000000-0000-4000-8000-000000000001',
  };

  it.each(VARIANTS.map((text) => [text]))('%j', (text) => {
    const other = { ...mriDraft(text), id: 'other-1' };
    const determination: Determination = {
      policy: '6.01.VT204',
      policyVersion: '2026-03',
      order: 'ServiceRequest/spect-1',
      billingCode: { system: CPT, code: '78803' },
      region: 'lumbar',
      regions: ['lumbar'],
      outcome: 'needs-documentation',
      criteriaMet: ['infection'],
      criteria: [
        {
          criterion: 'infection',
          bullet: 'MN-1',
          policyText: 'p',
          evidence: [
            { reference: 'Condition/c1', description: text, date: '2026-08-01' },
            { reference: 'ServiceRequest/spect-1#note', description: 'd', kind: 'text', quote: text },
            {
              reference: 'ServiceRequest/spect-1',
              description: `order reason: "${text}"`,
              kind: 'text',
              quote: text,
            },
          ],
        },
      ],
      findings: [
        {
          code: 'simultaneous-advanced-imaging',
          bullet: 'NMN-1',
          policyText: 'p',
          message: text,
          evidence: [
            { reference: 'ServiceRequest/other-1', description: text },
            { reference: 'ServiceRequest/open-2', description: text },
          ],
        },
        {
          code: 'prior-imaging-region-not-shown' as 'missing-prior-imaging',
          bullet: 'MN-3',
          policyText: 'p',
          message: text,
          evidence: [],
        },
      ],
      limitations: [{ topic: text, message: text }],
    };
    const ctx = { ...CTX, draftResources: new Map([['ServiceRequest/other-1', other]]) };
    const { cards } = renderResponse([determination], ctx, texts);
    const details = cards.map((card) => card.detail ?? '').join('\n\n');
    expect(details).toMatch(/re-check|L-spine|re-auth/);
    for (const card of cards) {
      const { hrefs, html } = renderedTargets(card.detail ?? '');
      expect(hrefs).toEqual([]);
      expect(html).not.toMatch(/<(img|a|script|iframe)\b/i);
      expect(card.links).toEqual([{ label: expect.any(String), url: CTX.policyUrl, type: 'absolute' }]);
      for (const plain of plainTexts(card as WireCard)) expect(plain).not.toMatch(/<|>|\]\(/);
    }
  });
});
