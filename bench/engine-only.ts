/**
 * Scenario 6 on its own, without the HTTP scenarios: `node dist/p1/bench/engine-only.js [seconds]`.
 */
import { benchPolicyEngine } from './policy-engine.js';

benchPolicyEngine(Number(process.argv[2] ?? 5)).then((r) => console.log(JSON.stringify(r)));
