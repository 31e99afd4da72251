/**
 * Rewrites policy/<id>/value-sets.json from the category rules and the ICD-10-CM code list beside it
 * (policy/<id>/derive/), keeping every entry the rules do not own. `npm run derive:value-sets [policy folder]`;
 * review the diff, then commit the rules, the code list and value-sets.json together (docs/policy.md, "How the value
 * sets are derived"). test/policy/value-set-derivation.test.ts fails while value-sets.json is not what this writes.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type ValueSetFile, valueSetFileSchema } from '../src/policy/value-set.js';
import { applyDerivation, parseCodeList, rulesFileSchema } from './value-sets/derive.js';

const policyDir = resolve(process.argv[2] ?? join('policy', '6.01.VT204'));
const rules = rulesFileSchema.parse(
  JSON.parse(readFileSync(join(policyDir, 'derive', 'icd10cm-rules.json'), 'utf8')),
);
const codes = parseCodeList(readFileSync(join(policyDir, 'derive', rules.codeList.file), 'utf8'));
const target = join(policyDir, 'value-sets.json');
// Validated, but written from what was read, so that fields the schema does not hold (derivation notes) stay.
const current = JSON.parse(readFileSync(target, 'utf8')) as ValueSetFile;
valueSetFileSchema.parse(current);
writeFileSync(target, `${JSON.stringify(applyDerivation(rules, codes, current), null, 2)}\n`);
// The repository's formatter decides the layout, so that a re-derivation diffs only in content.
execFileSync(join('node_modules', '.bin', 'biome'), ['format', '--write', target], { stdio: 'inherit' });
console.log(`wrote ${target}`);
