/**
 * context.draftOrders -> OrderFacts (and the reason Conditions some EHRs send along).
 *
 * draftOrders is a Bundle of any request type (ServiceRequest, MedicationRequest, NutritionOrder, ...), of type
 * "collection" in the spec's examples. This policy is about imaging, so only ServiceRequests become orders;
 * the other types are ignored. Nothing here throws on a malformed bundle: it yields nothing instead.
 */
import type { ConditionFact, OrderFact } from '../facts.js';
import { normalizeCondition } from './condition.js';
import { asArray, asObject, asString, resourceOfType } from './fhir-values.js';
import { normalizeServiceRequest, supportingResourceText } from './service-request.js';

interface Entry {
  resource: Record<string, unknown>;
  fullUrl?: string;
}

function entriesOf(bundle: unknown): Entry[] {
  const entries: Entry[] = [];
  for (const item of asArray(resourceOfType(bundle, 'Bundle')?.entry)) {
    const entry = asObject(item);
    const resource = asObject(entry?.resource);
    if (!resource) continue;
    const fullUrl = asString(entry?.fullUrl);
    entries.push(fullUrl ? { resource, fullUrl } : { resource });
  }
  return entries;
}

/**
 * Every ServiceRequest in the bundle, as a draft OrderFact. A supportingInfo reference to another entry of the
 * bundle (a DocumentReference sent with the drafts, by id or fullUrl) adds that resource's words to the order.
 */
export function normalizeDraftOrders(bundle: unknown): OrderFact[] {
  const entries = entriesOf(bundle);
  const orders: OrderFact[] = [];
  let byReference: Map<string, Record<string, unknown>> | undefined;
  for (const { resource } of entries) {
    const order = normalizeServiceRequest(resource, 'draft');
    if (!order) continue;
    orders.push(order);
    if (order.supportingReferences.length === 0) continue;
    byReference ??= referencedEntries(entries);
    for (const reference of order.supportingReferences) {
      const text = supportingResourceText(byReference.get(reference));
      if (text) order.supportingTexts.push(text);
    }
  }
  return orders;
}

/** Bundle entries other than the orders, by "Type/id" and by fullUrl. */
function referencedEntries(entries: Entry[]): Map<string, Record<string, unknown>> {
  const map = new Map<string, Record<string, unknown>>();
  for (const { resource, fullUrl } of entries) {
    if (resource.resourceType === 'ServiceRequest') continue;
    const id = asString(resource.id);
    if (id) map.set(`${String(resource.resourceType)}/${id}`, resource);
    if (fullUrl) map.set(fullUrl, resource);
  }
  return map;
}

/**
 * The Conditions that travel with the drafts: Condition entries of the bundle, and Conditions contained in a
 * draft ServiceRequest ("ServiceRequest/<id>#<cid>", the form its reasonReference is resolved to). A Condition
 * the drafts cite as their reason is marked fromOrderReason.
 */
export function normalizeDraftConditions(bundle: unknown): ConditionFact[] {
  const entries = entriesOf(bundle);
  const cited = new Set(normalizeDraftOrders(bundle).flatMap((order) => order.reasonReferences));
  const conditions: ConditionFact[] = [];
  const add = (resource: unknown, fallbackReference?: string) => {
    const condition = normalizeCondition(resource, 'draft', fallbackReference ? { fallbackReference } : {});
    if (!condition) return;
    // The order may cite the Condition by its id or by the entry's fullUrl ("urn:uuid:...").
    condition.fromOrderReason =
      cited.has(condition.reference) || (fallbackReference !== undefined && cited.has(fallbackReference));
    conditions.push(condition);
  };

  for (const { resource, fullUrl } of entries) {
    if (resource.resourceType === 'Condition') add(resource, fullUrl);
    const orderId = resource.resourceType === 'ServiceRequest' ? asString(resource.id) : undefined;
    if (!orderId) continue;
    for (const contained of asArray(resource.contained)) {
      const containedId = asString(asObject(contained)?.id);
      // A contained resource has a local id only; cite it through its order.
      if (containedId)
        add({ ...asObject(contained), id: undefined }, `ServiceRequest/${orderId}#${containedId}`);
    }
  }
  return conditions;
}
