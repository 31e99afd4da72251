/**
 * The floor: a bare node:http server that reads the whole request body and answers fixed response bytes (the
 * service's own answer for the same request, captured by the runner). Nothing but Node's HTTP stack, so its
 * throughput is the ceiling any service on this machine can reach for that request.
 *
 * Run as a child process: FLOOR_RESPONSE=<file> node floor-server.js; prints {"port":N} once listening.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const body = readFileSync(process.env.FLOOR_RESPONSE ?? '');
const headers = { 'content-type': 'application/json; charset=utf-8', 'content-length': String(body.length) };

const server = createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(200, headers);
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
