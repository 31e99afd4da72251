/**
 * The policy layer's public face: pure functions, patient facts in, determinations out.
 * No I/O, no clock, no HTTP: everything arrives as arguments.
 */
export type { CompiledIndication, CompiledPolicy, PolicyBullet } from './compile.js';
export { compilePolicy, missingCardTexts } from './compile.js';
export type { PolicyDefinition, Requirement } from './definition.js';
export * from './determination.js';
export { evaluateOrder } from './evaluate.js';
export {
  billingCodeOf,
  isSpineSpectOrder,
  modalityOf,
  orderRegionsOf,
  regionOf,
  selectOrdersInScope,
} from './scope.js';
export { advancedModalityOf } from './simultaneous.js';
export type { CodeMatch, CompiledValueSet } from './value-set.js';
