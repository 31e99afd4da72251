import {
  PREFETCH_TEMPLATES,
  PREFETCH_TOPICS,
  prefetchTemplates,
  REQUIRED_TOPICS,
  renderPrefetchTemplate,
  TemplateRenderError,
} from '../../src/data/prefetch-templates.js';

describe('PREFETCH_TEMPLATES', () => {
  test('one template per topic', () => {
    expect(PREFETCH_TOPICS.sort()).toEqual(
      ['conditions', 'coverage', 'imagingStudies', 'patient', 'procedures', 'serviceRequests'].sort(),
    );
    expect(REQUIRED_TOPICS.every((topic) => PREFETCH_TOPICS.includes(topic))).toBe(true);
  });

  test('only CDS Hooks 2.0 tokens: root-level context primitives, never draftOrders', () => {
    for (const template of Object.values(PREFETCH_TEMPLATES)) {
      const tokens = [...template.matchAll(/\{\{([^}]*)\}\}/g)].map((m) => m[1]);
      expect(tokens.length).toBeGreaterThan(0);
      for (const token of tokens) expect(token).toMatch(/^context\.(patientId|userId|encounterId)$/);
    }
  });
});

describe('prefetchTemplates (narrowed by what the policy reads)', () => {
  const narrowed = prefetchTemplates({
    excludedProcedureStatuses: ['not-done', 'entered-in-error'],
    countedImagingStatuses: ['available'],
    openOrderStatuses: ['active', 'draft'],
  });

  test('Procedure: every R4 status but the excluded ones; ImagingStudy and ServiceRequest: the counted ones', () => {
    expect(narrowed.procedures).toBe(
      'Procedure?patient={{context.patientId}}&status=preparation,in-progress,on-hold,stopped,completed,unknown',
    );
    expect(narrowed.imagingStudies).toBe('ImagingStudy?patient={{context.patientId}}&status=available');
    expect(narrowed.serviceRequests).toBe('ServiceRequest?patient={{context.patientId}}&status=active,draft');
  });

  test('Patient, Coverage and Condition as before (no search says what the policy reads of Conditions)', () => {
    for (const key of ['patient', 'coverage', 'conditions'] as const)
      expect(narrowed[key]).toBe(PREFETCH_TEMPLATES[key]);
  });

  test('an empty status list adds no filter rather than one that matches nothing', () => {
    const none = prefetchTemplates({
      excludedProcedureStatuses: [],
      countedImagingStatuses: [],
      openOrderStatuses: [],
    });
    expect(none.imagingStudies).toBe(PREFETCH_TEMPLATES.imagingStudies);
    expect(none.serviceRequests).toBe(PREFETCH_TEMPLATES.serviceRequests);
  });
});

describe('renderPrefetchTemplate', () => {
  test('renders each template for a patient', () => {
    expect(renderPrefetchTemplate(PREFETCH_TEMPLATES.patient, { patientId: 'p1' })).toBe('Patient/p1');
    expect(renderPrefetchTemplate(PREFETCH_TEMPLATES.coverage, { patientId: 'p1' })).toBe(
      'Coverage?patient=p1&status=active',
    );
    expect(renderPrefetchTemplate(PREFETCH_TEMPLATES.conditions, { patientId: 'p1' })).toBe(
      'Condition?patient=p1',
    );
  });

  test('URL-encodes values so an id cannot add parameters or change the path', () => {
    expect(renderPrefetchTemplate('Condition?patient={{context.patientId}}', { patientId: 'a&_id=b' })).toBe(
      'Condition?patient=a%26_id%3Db',
    );
    expect(renderPrefetchTemplate('Patient/{{context.patientId}}', { patientId: '../Practitioner/x' })).toBe(
      'Patient/..%2FPractitioner%2Fx',
    );
  });

  test('fills user and encounter tokens', () => {
    const ctx = { patientId: 'p1', userId: 'Practitioner/dr 1', encounterId: 'e1' };
    expect(renderPrefetchTemplate('Encounter/{{context.encounterId}}', ctx)).toBe('Encounter/e1');
    expect(renderPrefetchTemplate('X?u={{context.userId}}', ctx)).toBe('X?u=Practitioner%2Fdr%201');
    expect(renderPrefetchTemplate('Practitioner/{{userPractitionerId}}', ctx)).toBe('Practitioner/dr%201');
  });

  test('a token without a value throws instead of rendering an unfiltered query', () => {
    expect(() => renderPrefetchTemplate('Encounter/{{context.encounterId}}', { patientId: 'p1' })).toThrow(
      TemplateRenderError,
    );
    expect(() =>
      renderPrefetchTemplate('Condition?patient={{context.patientId}}', { patientId: '' }),
    ).toThrow(TemplateRenderError);
    expect(() =>
      renderPrefetchTemplate('Practitioner/{{userPractitionerId}}', {
        patientId: 'p',
        userId: 'PractitionerRole/r',
      }),
    ).toThrow(TemplateRenderError);
  });
});
