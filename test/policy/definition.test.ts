import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultPolicyDir } from '../../src/app/load-policy.js';
import { policyDefinitionSchema, requirementSchema } from '../../src/policy/definition.js';

describe('policy definition schema', () => {
  it('accepts the shipped policy.json', () => {
    const raw = JSON.parse(readFileSync(join(defaultPolicyDir(), 'policy.json'), 'utf8'));
    expect(policyDefinitionSchema.safeParse(raw).success).toBe(true);
  });

  it('parses nested requirements', () => {
    const req = {
      allOf: [
        { conditionIn: ['a'] },
        { anyOf: [{ procedureIn: ['b'] }, { textMentions: { concept: 'words' } }, { orderReasonIn: ['c'] }] },
        { priorImagingIn: { valueSets: ['d'], modalities: ['MR'], region: 'focus', window: 'w' } },
        { conditionIn: { valueSets: ['e'], region: 'order', history: true } },
      ],
    };
    expect(requirementSchema.parse(req)).toEqual(req);
  });

  it.each([
    ['two keys in one requirement', { conditionIn: ['a'], procedureIn: ['b'] }],
    ['an empty value-set list', { conditionIn: [] }],
    ['an empty allOf', { allOf: [] }],
    [
      'an unknown region rule',
      { priorImagingIn: { valueSets: [], modalities: [], region: 'knee', window: 'w' } },
    ],
    ['an unknown key', { conditionNotIn: ['a'] }],
  ])('rejects %s', (_name, req) => {
    expect(requirementSchema.safeParse(req).success).toBe(false);
  });
});
