/** Every scenario of the acceptance suite, grouped as the policy reads. */
import type { Scenario } from '../scenario.js';
import { avascularNecrosisScenarios } from './avascular-necrosis.js';
import { boneLesionScenarios } from './bone-lesion.js';
import { boneTumorSymptomScenarios } from './bone-tumor-symptoms.js';
import { fractureScenarios } from './fracture.js';
import {
  multipleOrderScenarios,
  noCoverageScenarios,
  orderSelectScenarios,
  scopeScenarios,
} from './hooks.js';
import { infectionScenarios } from './infection.js';
import { investigationalScenarios } from './investigational.js';
import { osseousTumorScenarios, osteoidOsteomaScenarios } from './osseous-tumor.js';
import { postSurgicalScenarios } from './post-surgical.js';
import { simultaneousScenarios } from './simultaneous.js';
import { spondyloarthropathyScenarios } from './spondyloarthropathy.js';
import { spondylolysisScenarios } from './spondylolysis.js';
import { vocabularyScenarios } from './vocabulary.js';

/** The ten medically-necessary indications, in the policy's order. */
export const INDICATION_GROUPS: Array<[string, Scenario[]]> = [
  ['MN-1 infection', infectionScenarios],
  ['MN-2 avascular necrosis', avascularNecrosisScenarios],
  ['MN-3 bony lesion indeterminate on prior imaging', boneLesionScenarios],
  ['MN-4 pain or signs in patients with bone tumours', boneTumorSymptomScenarios],
  ['MN-5 osseous tumour', osseousTumorScenarios],
  ['MN-6 osteoid osteoma', osteoidOsteomaScenarios],
  ['MN-7 stress or occult fracture', fractureScenarios],
  ['MN-8 surgical bed after spinal surgery', postSurgicalScenarios],
  ['MN-9 spondyloarthropathy / sacroiliac joints', spondyloarthropathyScenarios],
  ['MN-10 spondylolysis / spondylolisthesis', spondylolysisScenarios],
];

/** Codes beyond the research lists: whole ICD-10-CM categories and WHO ICD-10 (issue 11, item 4). */
export const VOCABULARY_GROUPS: Array<[string, Scenario[]]> = [
  ['whole vocabularies: every code of the categories a bullet names, and WHO ICD-10', vocabularyScenarios],
];

/** The rules that are not one indication: NMN-1 simultaneous ordering, INV-1 / NMN-2. */
export const RULE_GROUPS: Array<[string, Scenario[]]> = [
  ['NMN-1 simultaneous advanced imaging', simultaneousScenarios],
  ['INV-1 surgical planning for disc degeneration / NMN-2 all other indications', investigationalScenarios],
];

/** Which orders are evaluated and what the answer carries, per hook. */
export const HOOK_GROUPS: Array<[string, Scenario[]]> = [
  ['scope: spine SPECT only (Attachment I + spine body site)', scopeScenarios],
  ['several SPECT orders in one call', multipleOrderScenarios],
  ['order-select: only the selected orders, the other drafts are context', orderSelectScenarios],
  ['no Coverage on file', noCoverageScenarios],
];

export const ALL_SCENARIOS: Scenario[] = [
  ...INDICATION_GROUPS,
  ...VOCABULARY_GROUPS,
  ...RULE_GROUPS,
  ...HOOK_GROUPS,
].flatMap(([, scenarios]) => scenarios);
