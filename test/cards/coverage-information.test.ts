import type { Extension, ServiceRequest } from 'fhir/r4.js';
import {
  COVERAGE_INFORMATION_URL,
  coverageInformationAction,
  coverageInformationExtension,
} from '../../src/cards/coverage-information.js';
import { actionSchema } from '../../src/cards/schema.js';
import type { Outcome } from '../../src/policy/determination.js';
import { context, determination, POLICY_URL, shippedTexts, spectDraft } from './support/builders.js';
import { fhirR4Problems } from './support/fhir-r4.js';

const texts = shippedTexts();

/** The updated ServiceRequest carried by an action. */
const updated = (action: { resource?: unknown } | undefined) => action?.resource as ServiceRequest;

/** sub-extension url -> its value (code, date, string...), repeated urls collected in order. */
function values(extension: Extension): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const part of extension.extension ?? []) {
    const value =
      part.valueCode ??
      part.valueDate ??
      part.valueString ??
      part.valueReference ??
      part.valueCoding ??
      part.valueCodeableConcept ??
      part.extension;
    out[part.url] = [...(out[part.url] ?? []), value];
  }
  return out;
}

function extensionFor(
  outcome: Outcome,
  hook: 'order-select' | 'order-sign' = 'order-sign',
  crdVersion: '2.0' | '2.2' = '2.2',
) {
  return coverageInformationExtension(
    determination({ outcome }),
    context({ hook, crdVersion }),
    texts,
    '6.01.VT204:id-1',
  );
}

const DETAIL_SYSTEM = 'http://terminology.hl7.org/CodeSystem/crd-coverage-detail';

/** Each `detail` as {category, code "system#code" or text, value, qualification}. */
function details(v: Record<string, unknown[]>) {
  return (v.detail ?? []).map((parts) => {
    const part = (url: string) => (parts as Extension[]).find((p) => p.url === url);
    const code = part('code')?.valueCodeableConcept;
    const coding = code?.coding?.[0];
    return {
      ...(part('category') ? { category: part('category')?.valueCode } : {}),
      code: coding ? `${coding.system}#${coding.code}` : code?.text,
      value: part('value')?.valueUrl ?? part('value')?.valueString,
      ...(part('qualification') ? { qualification: part('qualification')?.valueString } : {}),
    };
  });
}

describe('coverage-information extension per outcome (order-sign)', () => {
  it.each(['meets-criteria', 'needs-documentation'] as const)(
    '%s: covered, auth-needed, clinical docs with PA',
    (outcome) => {
      const v = values(extensionFor(outcome));
      expect(v.covered).toEqual(['covered']);
      expect(v['pa-needed']).toEqual(['auth-needed']);
      expect(v['doc-needed']).toEqual(['clinical']);
      expect(v['doc-purpose']).toEqual(['withpa']);
      expect(v['info-needed']).toBeUndefined();
      // CRD 2.2 crd-ci-q8: doc-purpose needs a reason.
      expect(v.reason).toHaveLength(1);
    },
  );

  it('not-medically-necessary: conditional, auth-needed, info-needed OTH with a detail saying what is needed', () => {
    const v = values(extensionFor('not-medically-necessary'));
    expect(v.covered).toEqual(['conditional']);
    expect(v['pa-needed']).toEqual(['auth-needed']);
    expect(v['info-needed']).toEqual(['OTH']);
    expect(v.reason).toEqual([{ text: 'no qualifying indication documented' }]);
    // The 2.2 comment on info-needed OTH: a detail explaining it, and a doc-needed for the request.
    expect(v['doc-needed']).toEqual(['clinical']);
    const [first] = details(v);
    expect(first).toEqual({
      category: 'cat-other',
      code: `${DETAIL_SYSTEM}#instructions`,
      value: expect.stringMatching(
        /^Documentation of a medically necessary indication listed in Blue Cross VT/,
      ),
    });
    expect(details(v).at(-1)).toMatchObject({ code: `${DETAIL_SYSTEM}#policy-link`, value: POLICY_URL });
  });

  it.each(['meets-criteria', 'needs-documentation'] as const)(
    '%s: doc-needed carries a detail naming the documentation for the indication',
    (outcome) => {
      const v = values(extensionFor(outcome));
      expect(details(v)[0]).toEqual({
        category: 'cat-other',
        code: `${DETAIL_SYSTEM}#instructions`,
        value: expect.stringMatching(/history and physical exam notes .*\(spinal infection\)/),
      });
    },
  );

  it('needs-documentation: each finding names what the chart lacks in its own detail', () => {
    const finding = {
      code: 'missing-prior-mri' as const,
      criterion: 'infection' as const,
      bullet: 'MN-1',
      policyText: 'policy sentence',
      message: 'No prior MRI of the spine was found.',
      evidence: [],
    };
    const ext = coverageInformationExtension(
      determination({ outcome: 'needs-documentation', criteriaMet: [], findings: [finding] }),
      context(),
      texts,
      '6.01.VT204:id-1',
    );
    expect(details(values(ext)).map((d) => d.value)).toEqual([
      expect.stringMatching(/\(spinal infection\)/),
      'No prior MRI of the spine was found.',
    ]);
  });

  it('investigational: not-covered, no pa-needed, reason and a policy-link detail', () => {
    const v = values(extensionFor('investigational'));
    expect(v.covered).toEqual(['not-covered']);
    expect(v['pa-needed']).toBeUndefined();
    expect(v.reason).toHaveLength(1);
    expect(details(v)).toEqual([
      {
        category: 'cat-other',
        code: `${DETAIL_SYSTEM}#policy-link`,
        value: POLICY_URL,
        qualification: 'Blue Cross VT medical policy 6.01.VT204',
      },
    ]);
  });

  it.each(['meets-criteria', 'needs-documentation', 'not-medically-necessary', 'investigational'] as const)(
    '%s: carries coverage, date, assertion id and the CPT billing code',
    (outcome) => {
      const ext = extensionFor(outcome);
      expect(ext.url).toBe(COVERAGE_INFORMATION_URL);
      const v = values(ext);
      expect(v.coverage).toEqual([{ reference: 'Coverage/cov-1' }]);
      expect(v.date).toEqual(['2026-09-01']);
      expect(v['coverage-assertion-id']).toEqual(['6.01.VT204:id-1']);
      expect(v.billingCode).toEqual([
        { system: 'http://www.ama-assn.org/go/cpt', code: '78830', display: 'SPECT/CT single area' },
      ]);
      // Coded values are valueCode (the CRD 2.0.1 and 2.2 type), never a Coding.
      for (const url of ['covered', 'pa-needed', 'doc-needed', 'doc-purpose', 'info-needed']) {
        const part = ext.extension!.find((p) => p.url === url);
        if (part) expect(Object.keys(part)).toEqual(['url', 'valueCode']);
      }
    },
  );
});

describe('technical failure (CRD resp-43)', () => {
  const limitations = [{ topic: 'conditions', message: 'Condition search timed out' }];

  it.each(['needs-documentation', 'not-medically-necessary', 'investigational'] as const)(
    '%s made without part of the chart: indeterminate, reason technical, prior approval still required',
    (outcome) => {
      const extension = coverageInformationExtension(
        determination({ outcome, limitations }),
        context({ hook: 'order-sign' }),
        texts,
        '6.01.VT204:id-1',
      );
      const v = values(extension);
      expect(v.covered).toEqual(['indeterminate']);
      expect(v['pa-needed']).toEqual(['auth-needed']);
      expect(v.reason).toEqual([
        {
          coding: [{ system: 'http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp', code: 'technical' }],
          text: texts.actions.technicalReason,
        },
      ]);
    },
  );

  it('criteria met despite a gap stays covered: the missing data could not have changed that answer', () => {
    const v = values(
      coverageInformationExtension(
        determination({ outcome: 'meets-criteria', limitations }),
        context({ hook: 'order-sign' }),
        texts,
        '6.01.VT204:id-1',
      ),
    );
    expect(v.covered).toEqual(['covered']);
  });
});

describe('CRD 2.0.1 (crdVersion 2.0)', () => {
  const limitations = [{ topic: 'conditions', message: 'Condition search timed out' }];

  it('a technical failure is conditional with info-needed OTH (2.0.1 has no indeterminate), reason in text', () => {
    const v = values(
      coverageInformationExtension(
        determination({ outcome: 'not-medically-necessary', limitations }),
        context({ crdVersion: '2.0' }),
        texts,
        '6.01.VT204:id-1',
      ),
    );
    expect(v.covered).toEqual(['conditional']);
    expect(v['pa-needed']).toEqual(['auth-needed']);
    expect(v['info-needed']).toEqual(['OTH']);
    expect(v.reason).toEqual([{ text: texts.actions.technicalReason }]);
    expect(details(v)[0]).toEqual({ code: 'Instructions', value: texts.actions.technicalReason });
  });

  it('details have no category, name their kind in text, and carry the policy link as a string', () => {
    const v = values(extensionFor('investigational', 'order-sign', '2.0'));
    expect(details(v)).toEqual([
      { code: 'Policy link', value: POLICY_URL, qualification: 'Blue Cross VT medical policy 6.01.VT204' },
    ]);
    const [detail] = v.detail as Extension[][];
    expect(detail!.map((part) => part.url)).toEqual(['code', 'value', 'qualification']);
    expect(detail!.find((part) => part.url === 'value')).toEqual({ url: 'value', valueString: POLICY_URL });
  });

  it.each(['meets-criteria', 'needs-documentation', 'not-medically-necessary', 'investigational'] as const)(
    '%s: only codes the 2.0.1 value sets hold (covered, pa-needed, doc-needed 0..1, doc-purpose, info-needed)',
    (outcome) => {
      const v = values(extensionFor(outcome, 'order-sign', '2.0'));
      expect(['covered', 'not-covered', 'conditional']).toEqual(
        expect.arrayContaining(v.covered as string[]),
      );
      expect(v['doc-needed']?.length ?? 0).toBeLessThanOrEqual(1);
      for (const code of v['info-needed'] ?? []) {
        expect(['performer', 'location', 'timeframe', 'contract-window', 'OTH']).toContain(code);
      }
    },
  );
});

describe('order-select (CRD supporting hook)', () => {
  it.each(['meets-criteria', 'needs-documentation', 'not-medically-necessary', 'investigational'] as const)(
    '%s: no doc-needed or doc-purpose (hook-19)',
    (outcome) => {
      const v = values(extensionFor(outcome, 'order-select'));
      expect(v['doc-needed']).toBeUndefined();
      expect(v['doc-purpose']).toBeUndefined();
      expect(v.covered).toHaveLength(1);
    },
  );
});

describe('coverageInformationAction', () => {
  it('updates the draft as sent, keeping its other extensions', () => {
    const other = { url: 'http://example.org/ext', valueString: 'keep me' };
    const draft = spectDraft('spect-1', { extension: [other] });
    const ctx = context({ draftResources: new Map([['ServiceRequest/spect-1', draft]]) });
    const action = coverageInformationAction(determination(), 'SPECT/CT lumbar spine (78830)', ctx, texts)!;
    expect(actionSchema.parse(action).type).toBe('update');
    expect(action.resource).toMatchObject({ resourceType: 'ServiceRequest', id: 'spect-1', status: 'draft' });
    expect(updated(action).extension?.[0]).toEqual(other);
    expect(fhirR4Problems(action.resource)).toEqual([]);
    // The EHR's draft object is not modified.
    expect(draft.extension).toEqual([other]);
  });

  it('replaces an earlier coverage-information assertion for the same coverage', () => {
    const first = coverageInformationAction(determination(), 'o', context(), texts)!;
    const ctx = context({ draftResources: new Map([['ServiceRequest/spect-1', first.resource as never]]) });
    const second = coverageInformationAction(determination({ outcome: 'investigational' }), 'o', ctx, texts)!;
    const infos = updated(second).extension!.filter((e) => e.url === COVERAGE_INFORMATION_URL);
    expect(infos).toHaveLength(1);
    expect(values(infos[0]!).covered).toEqual(['not-covered']);
  });

  it('keeps another coverage-information assertion for a different coverage', () => {
    const foreign = {
      url: COVERAGE_INFORMATION_URL,
      extension: [
        { url: 'coverage', valueReference: { reference: 'Coverage/other-plan' } },
        { url: 'coverage-assertion-id', valueString: 'someone-else' },
      ],
    };
    const ctx = context({
      draftResources: new Map([['ServiceRequest/spect-1', spectDraft('spect-1', { extension: [foreign] })]]),
    });
    const action = coverageInformationAction(determination(), 'o', ctx, texts)!;
    expect(updated(action).extension!.filter((e) => e.url === COVERAGE_INFORMATION_URL)).toHaveLength(2);
  });

  it('gives a unique assertion id per action', () => {
    const ctx = context();
    const ids = [1, 2, 3].map(
      () =>
        values(updated(coverageInformationAction(determination(), 'o', ctx, texts)).extension![0]!)[
          'coverage-assertion-id'
        ]![0],
    );
    expect(new Set(ids).size).toBe(3);
  });

  it('gives nothing without a Coverage or without the draft', () => {
    expect(
      coverageInformationAction(determination(), 'o', context({ coverage: undefined }), texts),
    ).toBeUndefined();
    expect(
      coverageInformationAction(determination(), 'o', context({ draftResources: new Map() }), texts),
    ).toBeUndefined();
  });

  it('omits billingCode when the determination has none', () => {
    const ext = coverageInformationExtension(
      determination({ billingCode: undefined }),
      context(),
      texts,
      'x',
    );
    expect(values(ext).billingCode).toBeUndefined();
  });
});
