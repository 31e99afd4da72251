/** The cards layer: Determinations in, CDS Hooks cards and CRD coverage-information system actions out. */
export type { CrdVersion, RenderContext } from './context.js';
export { COVERAGE_INFORMATION_URL, CRD_TEMP_SYSTEM, cardTopicSystem } from './coverage-information.js';
export { DETERMINATION_EXTENSION_KEY, type DeterminationExtension } from './determination-extension.js';
export { renderResponse } from './render.js';
export * from './schema.js';
export { type CardTexts, cardTextsSchema } from './texts.js';
