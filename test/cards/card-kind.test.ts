/**
 * The kind of each card of a rendered response, following the layout src/cards/render.ts gives cards. Cards from the
 * real renderer are checked in the audit trail test (test/protocol/audit) and on the demo's policy view.
 */
import { randomUUID } from 'node:crypto';
import { cardKindCodes, cardKindsOf, UNATTRIBUTED } from '../../src/cards/card-kind.js';
import { DETERMINATION_EXTENSION_KEY } from '../../src/cards/determination-extension.js';

function card(order: string, outcome: string, findings: string[]) {
  return {
    uuid: randomUUID(),
    extension: {
      [DETERMINATION_EXTENSION_KEY]: { order, outcome, findings: findings.map((code) => ({ code })) },
    },
  };
}

test('criteria met: one outcome card, whatever notes it lists', () => {
  const c = card('ServiceRequest/a', 'meets-criteria', ['simultaneous-advanced-imaging']);
  expect(cardKindsOf({ cards: [c] }).get(c.uuid)).toEqual({ type: 'outcome', code: 'meets-criteria' });
});

test('otherwise one card per finding, in finding order, per order', () => {
  const findings = ['missing-prior-imaging', 'missing-prior-mri'];
  const a1 = card('ServiceRequest/a', 'needs-documentation', findings);
  const b1 = card('ServiceRequest/b', 'investigational', ['investigational-surgical-planning']);
  const a2 = card('ServiceRequest/a', 'needs-documentation', findings);
  const kinds = cardKindsOf({ cards: [a1, b1, a2] });
  expect(kinds.get(a1.uuid)?.code).toBe('missing-prior-imaging');
  expect(kinds.get(a2.uuid)?.code).toBe('missing-prior-mri');
  expect(kinds.get(b1.uuid)).toEqual({ type: 'finding', code: 'investigational-surgical-planning' });
});

test('a determination without findings is its outcome card; cards without the extension are skipped', () => {
  const c = card('ServiceRequest/a', 'not-medically-necessary', []);
  const kinds = cardKindsOf({ cards: [c, { uuid: 'x' }, 'junk'] });
  expect([...kinds.values()]).toEqual([{ type: 'outcome', code: 'not-medically-necessary' }]);
});

test('kind codes are parallel to the uuids asked for; a card of unknown kind is unattributed', () => {
  const a = card('ServiceRequest/a', 'needs-documentation', ['missing-prior-imaging', 'missing-prior-mri']);
  const b = card('ServiceRequest/a', 'needs-documentation', ['missing-prior-imaging', 'missing-prior-mri']);
  const kinds = cardKindsOf({ cards: [a, b] });
  expect(cardKindCodes([b.uuid, 'unknown', a.uuid], kinds)).toEqual([
    'missing-prior-mri',
    UNATTRIBUTED,
    'missing-prior-imaging',
  ]);
});
