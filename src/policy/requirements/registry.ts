/**
 * The one table of requirement kinds. The schema of a requirement, its compile check and its evaluation all come
 * from here: a kind is added by writing its module and listing it below.
 */
import { z } from 'zod';
import { allOf, anyOf } from './combinators.js';
import { conditionIn } from './condition-in.js';
import type { CompileContext, Requirement, RequirementAtom, RequirementKind } from './kind.js';
import { orderReasonIn } from './order-reason-in.js';
import { priorImagingIn } from './prior-imaging-in.js';
import { procedureIn } from './procedure-in.js';
import { textMentions } from './text-mentions.js';

// biome-ignore lint/suspicious/noExplicitAny: the table holds kinds of different spec types; each checks its own.
const KINDS: ReadonlyArray<RequirementKind<any>> = [
  conditionIn,
  procedureIn,
  priorImagingIn,
  orderReasonIn,
  textMentions,
  allOf,
  anyOf,
];

// biome-ignore lint/suspicious/noExplicitAny: see KINDS.
const byKey = new Map<string, RequirementKind<any>>(KINDS.map((k) => [k.key, k]));

/** A requirement: an object with exactly one key, naming its kind. */
export const requirementSchema: z.ZodType<Requirement> = z.lazy(() =>
  z.union(
    KINDS.map((kind) => z.strictObject({ [kind.key]: kind.schema(requirementSchema) })) as unknown as [
      z.ZodType<Requirement>,
      ...z.ZodType<Requirement>[],
    ],
  ),
);

/** The kind keys, for documentation and error messages. */
export const REQUIREMENT_KINDS: readonly string[] = KINDS.map((k) => k.key);

/** Compile a requirement that requirementSchema has validated into its atom. */
export function compileRequirement(requirement: Requirement, ctx: CompileContext): RequirementAtom {
  const [key] = Object.keys(requirement);
  const kind = key === undefined ? undefined : byKey.get(key);
  if (!kind) throw new Error(`${ctx.where}: unknown requirement kind "${key}"`);
  return kind.compile(requirement[key!], ctx);
}

/**
 * Compile one requirement against an already compiled policy (its value sets, lexicon concepts and windows), for
 * tools and tests that ask about a single rule. Throws on the first problem.
 */
export function compileRequirementFor(
  requirement: unknown,
  policy: {
    valueSets: ReadonlyMap<string, unknown>;
    windows: ReadonlyMap<string, number>;
    matcher: { concepts: ReadonlySet<string> };
  },
): RequirementAtom {
  const parsed = requirementSchema.parse(requirement);
  const ctx: CompileContext = {
    where: 'requirement',
    problem: (message) => {
      throw new Error(message);
    },
    needValueSet: (id) => {
      if (!policy.valueSets.has(id)) throw new Error(`unknown value set "${id}"`);
    },
    needConcept: (id) => {
      if (!policy.matcher.concepts.has(id)) throw new Error(`unknown lexicon concept "${id}"`);
    },
    windowDays: (id) => {
      const days = policy.windows.get(id);
      if (days === undefined) throw new Error(`unknown window "${id}"`);
      return days;
    },
    compile: (nested) => compileRequirement(nested, ctx),
  };
  return compileRequirement(parsed, ctx);
}
