/**
 * priorImagingIn: a completed imaging study before the order, of the kind named (study codes in the value sets,
 * or a DICOM modality), of the suspicious area, and recent enough to be the study the bullet speaks of.
 *
 * - Kind: a code in one of the sets (a code that is not region-specific needs the study to name a spine, SI or
 *   pelvis region), or one of the modalities.
 * - Region (`region: "focus"`): the study's regions must overlap the suspicious area: the regions of the diagnosis
 *   that documented the indication, else those of the order. Whole-spine and whole-body studies cover every spine
 *   region. A study whose region cannot be compared (none stated, or only "spine") counts only with the finding
 *   that asks the request to show the region (`placed` false).
 * - Time (`window`): a study that must show something nondiagnostic or indeterminate must postdate the onset of the
 *   condition where the onset is stated; otherwise it must fall within the named look-back window before the
 *   request. A study with no start date counts (imagingRules.countMissingStartDate; the card asks for it).
 *
 * Whether a study was nondiagnostic cannot be read from an ImagingStudy, so a study on file satisfies the
 * requirement and the cards ask the request to say so (A-IMG-1).
 */
import { z } from 'zod';
import type { Evidence } from '../determination.js';
import { studyRegions } from '../fact-regions.js';
import { describeMatch } from '../value-set.js';
import { dateMs, leafResult, NOT_MET, type RequirementKind } from './kind.js';

const DAY_MS = 86_400_000;

const specSchema = z.strictObject({
  valueSets: z.array(z.string().min(1)),
  modalities: z.array(z.string().min(1)),
  region: z.literal('focus'),
  window: z.string().min(1),
});

export type PriorImagingSpec = z.infer<typeof specSchema>;

export const priorImagingIn: RequirementKind<PriorImagingSpec> = {
  key: 'priorImagingIn',
  schema: () => specSchema,
  compile(spec, ctx) {
    for (const id of spec.valueSets) ctx.needValueSet(id);
    const days = ctx.windowDays(spec.window) ?? 0;
    const modalities = new Set(spec.modalities.map((m) => m.toUpperCase()));
    return {
      evaluate(chart, policy, focus) {
        if (chart.priorStudies.length === 0) return NOT_MET;
        const area = focus && policy.regions.isStated(focus.regions) ? focus.regions : chart.orderRegions;
        const asOf = dateMs(chart.asOf);
        const earliest =
          focus?.onset !== undefined
            ? focus.onset - (focus.onset % DAY_MS)
            : asOf !== undefined
              ? asOf - days * DAY_MS
              : undefined;
        const counted: Evidence[] = [];
        let unplaced = 0;
        let regions = 0;
        for (const s of chart.priorStudies) {
          let kind: string | undefined;
          let valueSet: string | undefined;
          const where = studyRegions(s, policy);
          for (const code of s.codes) {
            const m = policy.codes.firstMatch(code, spec.valueSets);
            if (m && (!m.spineSiteRequired || policy.regions.isStated(where))) {
              kind = describeMatch(m);
              valueSet = m.valueSet;
              break;
            }
          }
          if (!kind) {
            const modality = s.modalities.find((m) => modalities.has(m.toUpperCase()));
            if (modality) {
              const what = s.description ?? (policy.regions.idsOf(where).join(', ') || 'region not stated');
              kind = `${modality} study: ${what}`;
            }
          }
          if (!kind) continue;
          const started = dateMs(s.started);
          if (started !== undefined && earliest !== undefined && started < earliest) continue;
          const overlap = policy.regions.overlap(where, area);
          if (overlap === 'no') continue;
          const when = s.started ? ` (${s.started.slice(0, 10)})` : '';
          const note = overlap === 'unknown' ? ' (region imaged not stated)' : '';
          counted.push({
            reference: s.reference,
            description: `${kind}${when}${note}`,
            ...(valueSet ? { valueSet } : {}),
            ...(s.started ? { date: s.started } : {}),
          });
          if (overlap === 'unknown') unplaced++;
          else regions |= where;
        }
        return leafResult(counted, unplaced, [], regions, undefined);
      },
    };
  },
};
