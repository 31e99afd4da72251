/**
 * What the demo EHR does with orders, without the DOM: draft ServiceRequests, build the CDS Hooks request the way
 * an EHR sends it, apply a suggestion's actions to the drafts, and build feedback. Pure functions, so the service's
 * tests can build their requests with the very code the page uses.
 */

const IMAGING_CATEGORY = {
  coding: [{ system: 'http://snomed.info/sct', code: '363679005', display: 'Imaging' }],
};

let counter = 0;
/** A fresh draft id ("spect-3"): drafts live only in the page until signed. */
export function nextDraftId(prefix) {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}${counter}`;
}

/** A draft imaging order for the patient. */
export function draftOrder({ id, patientId, userId, code, site, reasonText, now = new Date() }) {
  const order = {
    resourceType: 'ServiceRequest',
    id,
    status: 'draft',
    intent: 'order',
    category: [IMAGING_CATEGORY],
    code: { coding: [code], text: code.display },
    subject: { reference: `Patient/${patientId}` },
    requester: { reference: userId },
    authoredOn: now.toISOString(),
  };
  if (site) order.bodySite = [{ coding: [site], text: site.display }];
  if (reasonText) order.reasonCode = [{ text: reasonText }];
  return order;
}

/** The SPECT draft and, optionally, an MRI and/or CT of the same region beside it. */
export function draftOrders({ patientId, userId, catalogue, site, cpt, reasonText, withMri, withCt }) {
  const spectCode = catalogue.spect.find((coding) => coding.code === cpt) ?? catalogue.spect[0];
  const bodySite = catalogue.sites[site];
  const drafts = [
    draftOrder({ id: nextDraftId('spect'), patientId, userId, code: spectCode, site: bodySite, reasonText }),
  ];
  if (withMri && catalogue.mri[site]) {
    drafts.push(
      draftOrder({ id: nextDraftId('mri'), patientId, userId, code: catalogue.mri[site], site: bodySite }),
    );
  }
  if (withCt && catalogue.ct[site]) {
    drafts.push(
      draftOrder({ id: nextDraftId('ct'), patientId, userId, code: catalogue.ct[site], site: bodySite }),
    );
  }
  return drafts;
}

const SPECT_CODES = new Set(['78803', '78830', '78831', '78832']);

/** References of the SPECT drafts: what the clinician has "selected" on order-select. */
export function spectSelections(drafts) {
  return drafts
    .filter((order) => order.code?.coding?.some((coding) => SPECT_CODES.has(coding.code)))
    .map((order) => `ServiceRequest/${order.id}`);
}

/** Fill a prefetch template's tokens, URL-encoded, as the EHR does. */
export function renderTemplate(template, context) {
  return template.replace(/\{\{\s*context\.(\w+)\s*\}\}/g, (_m, key) =>
    encodeURIComponent(context[key] ?? ''),
  );
}

/**
 * The hook request, exactly as an EHR sends it: context with the draft orders as a Bundle, the FHIR server and a
 * bearer token for it, and the prefetch the EHR chose to fill (possibly none, then the service queries itself).
 */
export function hookRequest({
  hook,
  hookInstance,
  patientId,
  userId,
  drafts,
  fhirServer,
  fhirAccessToken,
  prefetch,
}) {
  const context = {
    userId,
    patientId,
    draftOrders: {
      resourceType: 'Bundle',
      type: 'collection',
      entry: drafts.map((resource) => ({ resource })),
    },
  };
  if (hook === 'order-select') context.selections = spectSelections(drafts);
  const request = {
    hook,
    hookInstance,
    fhirServer,
    fhirAuthorization: {
      access_token: fhirAccessToken,
      token_type: 'Bearer',
      expires_in: 300,
      scope: 'patient/*.read',
      subject: 'demo-ehr-client',
    },
    context,
  };
  if (prefetch && Object.keys(prefetch).length > 0) request.prefetch = prefetch;
  return request;
}

/** The drafts after a suggestion's actions: create adds, update replaces, delete removes (by "Type/id"). */
export function applyActions(drafts, actions) {
  let next = [...drafts];
  for (const action of actions ?? []) {
    if (action.type === 'delete' && action.resourceId) {
      next = next.filter((order) => `${order.resourceType}/${order.id}` !== action.resourceId);
    } else if (action.type === 'create' && action.resource) {
      const resource = { ...action.resource };
      resource.id ??= nextDraftId('suggested');
      next.push(resource);
    } else if (action.type === 'update' && action.resource) {
      next = next.map((order) =>
        order.resourceType === action.resource.resourceType && order.id === action.resource.id
          ? action.resource
          : order,
      );
    }
  }
  return next;
}

/** One CDS Hooks feedback item: a suggestion taken, or the card overridden with a reason. */
export function feedbackItem({ card, suggestion, overrideReason, userComment, now = new Date() }) {
  const item = { card: card.uuid, outcomeTimestamp: now.toISOString() };
  if (suggestion) {
    item.outcome = 'accepted';
    item.acceptedSuggestions = [{ id: suggestion.uuid }];
  } else {
    item.outcome = 'overridden';
    const reason = {};
    if (overrideReason) reason.reason = overrideReason;
    if (userComment) reason.userComment = userComment;
    if (Object.keys(reason).length > 0) item.overrideReason = reason;
  }
  return item;
}
