/**
 * The card ledger remembers, per card uuid, which kind of card the service answered (read by src/cards/card-kind.ts).
 * Cards from the real renderer are counted end to end in start-demo.test.ts (feedback on the policy view).
 */
import { randomUUID } from 'node:crypto';
import express from 'express';
import request from 'supertest';
import { DETERMINATION_EXTENSION_KEY } from '../../src/cards/determination-extension.js';
import { CardLedger } from '../../src/demo/card-ledger.js';

function card(order: string, outcome: string, findings: string[]) {
  return {
    uuid: randomUUID(),
    extension: {
      [DETERMINATION_EXTENSION_KEY]: { order, outcome, findings: findings.map((code) => ({ code })) },
    },
  };
}

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
