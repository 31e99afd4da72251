/**
 * A minimal structural check of FHIR R4 JSON, standing in until the `fhir` validator package is installed. It checks
 * what this service could plausibly get wrong: JSON rules (no null, no empty string/array/object), extensions with a
 * url and exactly one of value[x] or nested extensions, Coding/Reference shapes, primitive formats, and the
 * ServiceRequest required elements and code bindings.
 */
const SERVICE_REQUEST_STATUS = [
  'draft',
  'active',
  'on-hold',
  'revoked',
  'completed',
  'entered-in-error',
  'unknown',
];
const SERVICE_REQUEST_INTENT = [
  'proposal',
  'plan',
  'directive',
  'order',
  'original-order',
  'reflex-order',
  'filler-order',
  'instance-order',
  'option',
];
const DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;
const DATE_TIME = /^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/;
const URI = /^\S+$/;
const ID = /^[A-Za-z0-9\-.]{1,64}$/;

export function fhirR4Problems(resource: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(resource) || typeof resource.resourceType !== 'string')
    return ['not a resource (no resourceType)'];
  walk(resource, resource.resourceType, problems);
  if (resource.id !== undefined && !(typeof resource.id === 'string' && ID.test(resource.id))) {
    problems.push('id: not a FHIR id');
  }
  if (resource.resourceType === 'ServiceRequest') checkServiceRequest(resource, problems);
  return problems;
}

function checkServiceRequest(sr: Record<string, unknown>, problems: string[]): void {
  if (!SERVICE_REQUEST_STATUS.includes(sr.status as string))
    problems.push(`ServiceRequest.status: ${String(sr.status)}`);
  if (!SERVICE_REQUEST_INTENT.includes(sr.intent as string))
    problems.push(`ServiceRequest.intent: ${String(sr.intent)}`);
  if (!isObject(sr.subject)) problems.push('ServiceRequest.subject is required');
  if (sr.authoredOn !== undefined && !DATE_TIME.test(String(sr.authoredOn)))
    problems.push('ServiceRequest.authoredOn');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function walk(value: unknown, path: string, problems: string[]): void {
  if (value === null) {
    problems.push(`${path}: null`);
  } else if (typeof value === 'string') {
    if (value.length === 0 || value.trim() !== value) problems.push(`${path}: empty or padded string`);
  } else if (Array.isArray(value)) {
    if (value.length === 0) problems.push(`${path}: empty array`);
    for (const [i, item] of value.entries()) walk(item, `${path}[${i}]`, problems);
  } else if (isObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0) problems.push(`${path}: empty object`);
    checkElement(value, path, problems);
    for (const key of keys) walk(value[key], `${path}.${key}`, problems);
  }
}

function checkElement(element: Record<string, unknown>, path: string, problems: string[]): void {
  const lastName = path
    .split('.')
    .pop()!
    .replace(/\[\d+\]$/, '');
  if (lastName === 'extension' || lastName === 'modifierExtension') {
    if (typeof element.url !== 'string' || !URI.test(element.url))
      problems.push(`${path}: extension without url`);
    const values = Object.keys(element).filter((key) => key.startsWith('value'));
    const nested = Array.isArray(element.extension);
    if (values.length + (nested ? 1 : 0) !== 1)
      problems.push(`${path}: needs exactly one of value[x] or extension`);
  }
  if (lastName === 'coding' || lastName === 'valueCoding') {
    if (typeof element.code !== 'string') problems.push(`${path}: Coding without code`);
    if (element.system !== undefined && !URI.test(String(element.system)))
      problems.push(`${path}: bad system`);
  }
  if (/(^|\.)(reference)$/.test(lastName)) return;
  for (const [key, v] of Object.entries(element)) {
    if (key === 'valueDate' && !DATE.test(String(v))) problems.push(`${path}.${key}: not a date`);
    if (key === 'valueCode' && !/^[^\s]+( [^\s]+)*$/.test(String(v)))
      problems.push(`${path}.${key}: not a code`);
    if (
      key === 'reference' &&
      typeof v === 'string' &&
      !/^([A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}|#.*|https?:\/\/\S+|urn:\S+)$/.test(v)
    ) {
      problems.push(`${path}.reference: ${v}`);
    }
  }
}
