import express, { type Request } from 'express';
import request from 'supertest';
import {
  BODY_LIMIT_BYTES,
  decodeUtf8,
  isPlainJsonType,
  parseStrictJson,
} from '../../src/protocol/json-body.js';
import { ORDER_SIGN_SERVICE, orderSignBody, osteomyelitisPrefetch } from '../support/hook-request.js';
import { createTestClient, signHookJwt, TEST_BASE_URL, type TestClient, testConfig } from '../support/jwt.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

describe('isPlainJsonType: the bodies read without body-parser', () => {
  it.each([
    'application/json',
    'Application/JSON',
    'application/json; charset=utf-8',
    'application/json;charset="UTF-8"',
    'application/fhir+json',
  ])('%s is read directly', (type) => {
    expect(isPlainJsonType(type)).toBe(true);
  });

  it.each([
    undefined,
    'text/plain',
    'application/json; charset=utf-16',
    'application/json; foo=bar',
    'application/jsonx',
  ])('%s goes to body-parser', (type) => {
    expect(isPlainJsonType(type)).toBe(false);
  });
});

describe('decodeUtf8', () => {
  it.each([
    ['ASCII', '{"a":"plain"}'],
    ['Latin-1 range', '{"a":"h\u00e9 \u00fc"}'],
    ['beyond Latin-1', '{"a":"\u2192 \u{1F600}"}'],
  ])('%s reads as UTF-8', (_label, text) => {
    expect(decodeUtf8(Buffer.from(text, 'utf8'))).toBe(text);
  });
});

describe('parseStrictJson: body-parser strict semantics', () => {
  it('an empty body is {}', () => {
    expect(parseStrictJson('')).toEqual({});
  });

  it('drops a UTF-8 byte order mark', () => {
    expect(parseStrictJson('\uFEFF{"a":1}')).toEqual({ a: 1 });
  });

  it.each(['"text"', '42', 'null', '  true', '{"a":', '{"a":1}x'])('refuses %s with a 400', (text) => {
    expect(() => parseStrictJson(text)).toThrow(expect.objectContaining({ status: 400 }));
  });
});

describe('the hook endpoint reads every form of body the same way', () => {
  let client: TestClient;
  let harness: TestApp;

  beforeAll(async () => {
    client = await createTestClient();
    harness = buildTestApp(testConfig([client]));
  });

  async function post(body: Buffer | string, headers: Record<string, string>) {
    const jwt = await signHookJwt(client, `${TEST_BASE_URL}/cds-services/${ORDER_SIGN_SERVICE}`);
    let req = request(harness.app)
      .post(`/cds-services/${ORDER_SIGN_SERVICE}`)
      .set('Authorization', `Bearer ${jwt}`);
    for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
    return req.send(body);
  }

  const text = () => JSON.stringify(orderSignBody({ prefetch: osteomyelitisPrefetch() }));

  /** A JSON POST signed with `jwt`, whose body the test writes chunk by chunk (no Content-Length). */
  function chunkedPost(jwt: string) {
    return request(harness.app)
      .post(`/cds-services/${ORDER_SIGN_SERVICE}`)
      .set('Authorization', `Bearer ${jwt}`)
      .set('Content-Type', 'application/json')
      .set('Transfer-Encoding', 'chunked');
  }

  it('plain, body-parser and BOM-prefixed bodies get the same cards', async () => {
    const plain = await post(text(), { 'Content-Type': 'application/json' });
    // A media type parameter other than charset is left to body-parser.
    const general = await post(text(), { 'Content-Type': 'application/json; profile=x' });
    const bom = await post(`\uFEFF${text()}`, { 'Content-Type': 'application/json; charset=utf-8' });
    expect(plain.status).toBe(200);
    expect(general.status).toBe(200);
    expect(bom.status).toBe(200);
    const summaries = (res: request.Response) =>
      (res.body.cards as Array<{ summary: string }>).map((card) => card.summary);
    expect(summaries(plain).length).toBeGreaterThan(0);
    expect(summaries(general)).toEqual(summaries(plain));
    expect(summaries(bom)).toEqual(summaries(plain));
  });

  it('decodes UTF-8 characters split across chunks whole', async () => {
    const hookInstance = 'h\u00e9-\u{1F600}-\u00fc-split';
    const bytes = Buffer.from(
      JSON.stringify({ ...orderSignBody({ prefetch: osteomyelitisPrefetch() }), hookInstance }),
    );
    const req = chunkedPost(await signHookJwt(client, `${TEST_BASE_URL}/cds-services/${ORDER_SIGN_SERVICE}`));
    // Cut inside the 2-byte é and inside the 4-byte emoji.
    const e = bytes.indexOf(Buffer.from('\u00e9'));
    const emoji = bytes.indexOf(Buffer.from('\u{1F600}'));
    for (const [from, to] of [
      [0, e + 1],
      [e + 1, emoji + 2],
      [emoji + 2, emoji + 3],
      [emoji + 3, bytes.length],
    ] as const) {
      req.write(bytes.subarray(from, to));
    }
    const res = await req;
    expect(res.status).toBe(200);
    const logged = harness.logs.entries().filter((entry) => entry.msg === 'request');
    expect(logged.at(-1)?.hookInstance).toBe(hookInstance);
  });

  it('400 for a body cut short, read directly', async () => {
    const res = await post(text().slice(0, -10), { 'Content-Type': 'application/json' });
    expect(res.status).toBe(400);
    expect(res.body.issue[0].diagnostics).toMatch(/not valid JSON/);
  });

  it('413 for a chunked body over the limit (no Content-Length to refuse it early)', async () => {
    const req = chunkedPost(await signHookJwt(client, `${TEST_BASE_URL}/cds-services/${ORDER_SIGN_SERVICE}`));
    const chunk = 'x'.repeat(1024 * 1024);
    for (let i = 0; i * chunk.length <= BODY_LIMIT_BYTES; i++) req.write(chunk);
    const res = await req;
    expect(res.status).toBe(413);
  });
});

describe('the parsed body is not kept once a hook call is answered', () => {
  it('leaves nothing of the chart on the request object (Node holds it until the connection’s next call)', async () => {
    const client = await createTestClient();
    const { app } = buildTestApp(testConfig([client]));
    let seen: Request | undefined;
    const outer = express();
    outer.use((req, _res, next) => {
      seen = req;
      next();
    });
    outer.use(app);
    const jwt = await signHookJwt(client, `${TEST_BASE_URL}/cds-services/${ORDER_SIGN_SERVICE}`);
    const res = await request(outer)
      .post(`/cds-services/${ORDER_SIGN_SERVICE}`)
      .set('Authorization', `Bearer ${jwt}`)
      .send(orderSignBody({ prefetch: osteomyelitisPrefetch() }));
    expect(res.status).toBe(200);
    // The answer still came from the chart: the osteomyelitis prefetch gives a card.
    expect(res.body.cards.length).toBeGreaterThan(0);
    expect(seen).toBeDefined();
    expect(seen!.body).toBeUndefined();
  });
});
