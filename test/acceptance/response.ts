/**
 * Reading a CDS Hooks response the way the contract describes it: cards carry the determination under the
 * extension key "vt.bluecross.spect-spine/determination"; system actions carry the CRD coverage information.
 * Loose structural types on purpose: the acceptance suite reads the wire format, not the implementation's types.
 */
export const DETERMINATION_KEY = 'vt.bluecross.spect-spine/determination';
export const COVERAGE_INFO_URL =
  'http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information';

export interface WireCoding {
  system?: string;
  code?: string;
  display?: string;
}
export interface WireExtension {
  url: string;
  valueCode?: string;
  valueCoding?: WireCoding;
  valueCodeableConcept?: { coding?: WireCoding[]; text?: string };
  valueReference?: { reference?: string };
  valueDate?: string;
  valueString?: string;
  valueUrl?: string;
  valueUri?: string;
  extension?: WireExtension[];
}
export interface WireResource {
  resourceType: string;
  id?: string;
  code?: { coding?: WireCoding[] };
  extension?: WireExtension[];
  [key: string]: unknown;
}
export interface WireAction {
  type: string;
  description?: string;
  resource?: WireResource;
  resourceId?: string | string[];
}
export interface WireSuggestion {
  label?: string;
  uuid?: string;
  actions?: WireAction[];
}
export interface WireDetermination {
  policy?: string;
  order?: string;
  outcome?: string;
  criteriaMet?: string[];
  findings?: Array<{ code?: string; criterion?: string }>;
}
export interface WireCard {
  uuid?: string;
  summary?: string;
  detail?: string;
  indicator?: string;
  source?: { label?: string; url?: string; topic?: WireCoding };
  suggestions?: WireSuggestion[];
  selectionBehavior?: string;
  links?: Array<{ label?: string; url?: string; type?: string }>;
  extension?: Record<string, unknown>;
}
export interface WireResponse {
  cards: WireCard[];
  systemActions?: WireAction[];
}

export const determinationOf = (card: WireCard): WireDetermination | undefined =>
  card.extension?.[DETERMINATION_KEY] as WireDetermination | undefined;

/** Delete actions name their target as a relative reference; accept "ServiceRequest/x" or a list of them. */
export const deletedRefs = (action: WireAction): string[] =>
  action.type === 'delete' ? ([] as string[]).concat(action.resourceId ?? []) : [];

export const coverageInformationOf = (resource: WireResource | undefined): WireExtension[] =>
  (resource?.extension ?? []).filter((e) => e.url === COVERAGE_INFO_URL);

export const subExtensions = (ext: WireExtension, url: string): WireExtension[] =>
  (ext.extension ?? []).filter((e) => e.url === url);

/**
 * The codes a sub-extension carries, systems ignored on purpose. The CRD IG types covered / pa-needed / doc-needed /
 * doc-purpose / info-needed as `code` (valueCode); a Coding or CodeableConcept is read the same way.
 */
export function codesOf(ext: WireExtension): string[] {
  const codes: string[] = [];
  if (ext.valueCode) codes.push(ext.valueCode);
  if (ext.valueCoding?.code) codes.push(ext.valueCoding.code);
  for (const c of ext.valueCodeableConcept?.coding ?? []) if (c.code) codes.push(c.code);
  return codes;
}
