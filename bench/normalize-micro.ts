/**
 * Normalization alone on the HUGE chart's resources: ms per chart for each topic (min and median of many rounds).
 *   node dist/p1/bench/normalize-micro.js [rounds]
 */
import { performance } from 'node:perf_hooks';
import { normalizeCondition } from '../src/data/normalize/condition.js';
import { normalizeImagingStudy } from '../src/data/normalize/imaging-study.js';
import { normalizeServiceRequest } from '../src/data/normalize/service-request.js';
import { chartFor, HUGE } from './charts.js';

const rounds = Number(process.argv[2] ?? 100);
const chart = JSON.parse(JSON.stringify(chartFor('micro-1', HUGE)));
const topics: Array<[string, unknown[], (value: unknown) => unknown]> = [
  ['conditions', chart.conditions, (v) => normalizeCondition(v, 'prefetch')],
  ['imagingStudies', chart.imagingStudies, (v) => normalizeImagingStudy(v, 'prefetch')],
  ['serviceRequests', chart.serviceRequests, (v) => normalizeServiceRequest(v, 'prefetch')],
];
for (const [name, resources, normalize] of topics) {
  const times: number[] = [];
  let kept = 0;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    const out: unknown[] = [];
    for (const resource of resources) out.push(normalize(resource));
    times.push(performance.now() - t0);
    kept += out.length;
  }
  times.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(16)} min ${times[0]!.toFixed(2)} ms  median ${times[times.length >> 1]!.toFixed(2)} ms  (${kept / rounds} resources)`,
  );
}
