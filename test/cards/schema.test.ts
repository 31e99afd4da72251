import { actionSchema, cardSchema, linkSchema, responseSchema } from '../../src/cards/schema.js';

const card = {
  uuid: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
  summary: 'Prior approval required',
  indicator: 'info',
  source: {
    label: 'Blue Cross VT',
    topic: { system: 'http://terminology.hl7.org/CodeSystem/cdshooks-card-type', code: 'coverage-info' },
  },
};

describe('CDS Hooks response schemas', () => {
  it('accepts a minimal card and response', () => {
    expect(cardSchema.safeParse(card).success).toBe(true);
    expect(responseSchema.safeParse({ cards: [] }).success).toBe(true);
  });

  it.each([
    ['a summary of 140 characters', { summary: 'x'.repeat(140) }],
    ['an unknown indicator', { indicator: 'hard-stop' }],
    ['a card without uuid', { uuid: undefined }],
    ['suggestions without selectionBehavior', { suggestions: [{ label: 'x', uuid: card.uuid }] }],
    ['an empty links array', { links: [] }],
    ['override reasons without display', { overrideReasons: [{ system: 'https://x.org', code: 'a' }] }],
    ['a source without label', { source: {} }],
  ])('rejects %s', (_name, change) => {
    expect(cardSchema.safeParse({ ...card, ...change }).success).toBe(false);
  });

  it('requires a resource on create/update and a resourceId on delete', () => {
    expect(
      actionSchema.safeParse({ type: 'delete', description: 'd', resourceId: 'ServiceRequest/1' }).success,
    ).toBe(true);
    expect(actionSchema.safeParse({ type: 'delete', description: 'd' }).success).toBe(false);
    expect(actionSchema.safeParse({ type: 'update', description: 'd' }).success).toBe(false);
    expect(
      actionSchema.safeParse({
        type: 'create',
        description: 'd',
        resource: { resourceType: 'ServiceRequest' },
      }).success,
    ).toBe(true);
    expect(
      actionSchema.safeParse({ type: 'create', resource: { resourceType: 'ServiceRequest' } }).success,
    ).toBe(false);
    expect(
      actionSchema.safeParse({ type: 'delete', description: 'd', resourceId: 'http://x/1' }).success,
    ).toBe(false);
  });

  it('keeps appContext to smart links', () => {
    expect(
      linkSchema.safeParse({ label: 'l', url: 'https://x.org', type: 'absolute', appContext: 'a' }).success,
    ).toBe(false);
    expect(
      linkSchema.safeParse({ label: 'l', url: 'https://x.org', type: 'smart', appContext: 'a' }).success,
    ).toBe(true);
  });

  it('rejects an empty systemActions array (omit it instead)', () => {
    expect(responseSchema.safeParse({ cards: [], systemActions: [] }).success).toBe(false);
  });
});
