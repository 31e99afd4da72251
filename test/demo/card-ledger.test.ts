/**
 * The card ledger tells, from a card uuid, which kind of card it was, following the layout src/cards/render.ts
 * gives cards. Cards from the real renderer are counted end to end in start-demo.test.ts (feedback on the policy view).
 */
import { randomUUID } from 'node:crypto';
import express from 'express';
import request from 'supertest';
import { DETERMINATION_EXTENSION_KEY } from '../../src/cards/determination-extension.js';
import { CardLedger, cardKindsOf } from '../../src/demo/card-ledger.js';

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

test('the recorder records successful answers only, and forgets the oldest beyond its bound', async () => {
  const ledger = new CardLedger(2);
  const cards = [1, 2, 3].map(() => card('ServiceRequest/a', 'meets-criteria', []));
  const app = express();
  app.post('/ok', ledger.recorder(), (_req, res) => {
    res.json({ cards });
  });
  app.post('/fail', ledger.recorder(), (_req, res) => {
    res.status(412).json({ cards: [card('ServiceRequest/z', 'meets-criteria', [])] });
  });
  await request(app).post('/ok').expect(200);
  await request(app).post('/fail').expect(412);
  expect(ledger.kindOf(cards[0]!.uuid)).toBeUndefined();
  expect(ledger.kindOf(cards[2]!.uuid)?.code).toBe('meets-criteria');
});
