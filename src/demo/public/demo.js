/**
 * The order-entry simulator: acts as the EHR. It drafts orders, calls the CDS service on order-select and order-sign
 * with a signed JWT (asked of the demo API per call, as an EHR signs each call), the FHIR server and a token for it
 * (and prefetch when asked), shows the cards as an EHR does, applies suggestions to the drafts and sends feedback.
 */
import { renderCardMarkdown } from './card-markdown.js';
import { applyActions, draftOrders, feedbackItem, hookRequest, renderTemplate } from './orders.js';

const SERVICE = { 'order-select': 'spect-spine-order-select', 'order-sign': 'spect-spine-order-sign' };
const $ = (id) => document.getElementById(id);

const state = { session: null, discovery: null, patient: null, drafts: [], lastServiceId: null };

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

function setStatus(text, isError = false) {
  $('status').textContent = text;
  $('status').className = isError ? 'status error' : 'status';
}

async function json(url, options) {
  const res = await fetch(url, options);
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`${res.status} from ${url}: ${JSON.stringify(body).slice(0, 300)}`);
  return body;
}

/** A JWT for this audience, from the demo API: the page holds no key, as a browser never should. */
async function signedToken(aud) {
  const { token } = await json('/demo/api/jwt', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ aud }),
  });
  return token;
}

function renderPatients() {
  const list = $('patients');
  list.replaceChildren();
  for (const patient of state.session.patients) {
    const button = el(
      'button',
      {
        type: 'button',
        'data-patient': patient.id,
        'aria-pressed': 'false',
        onclick: () => choosePatient(patient),
      },
      el('span', { text: patient.name }),
      el('span', { class: 'case', text: patient.caseLabel }),
    );
    list.append(el('li', {}, button));
  }
}

function choosePatient(patient) {
  state.patient = patient;
  for (const button of document.querySelectorAll('[data-patient]')) {
    button.setAttribute('aria-pressed', String(button.dataset.patient === patient.id));
  }
  $('patient-name').textContent = `for ${patient.name}`;
  $('cpt').value = patient.draft.cpt;
  $('site').value = patient.draft.site;
  $('reason').value = patient.draft.reasonText ?? '';
  $('with-mri').checked = false;
  $('with-ct').checked = false;
  state.drafts = [];
  renderDrafts();
  $('cards').replaceChildren(el('p', { class: 'muted', text: `Expected: ${patient.expected}` }));
  $('system-actions').textContent = '';
  setStatus('Draft the orders, then select or sign them.');
}

function renderDrafts() {
  const list = $('drafts');
  list.replaceChildren();
  if (state.drafts.length === 0) list.append(el('li', { class: 'muted', text: 'No draft orders yet.' }));
  for (const order of state.drafts) {
    const code = order.code?.coding?.[0];
    const site = order.bodySite?.[0]?.coding?.[0]?.display;
    list.append(
      el('li', {
        'data-order': order.id,
        text: `${code?.code ?? ''} ${code?.display ?? order.code?.text ?? ''}${site ? ` · ${site}` : ''}`,
      }),
    );
  }
  const none = state.drafts.length === 0 || !state.patient;
  $('select').disabled = none || state.busy;
  $('sign').disabled = none || state.busy;
}

function draft() {
  if (!state.patient) return setStatus('Pick a patient first.', true);
  state.drafts = draftOrders({
    patientId: state.patient.id,
    userId: state.session.userId,
    catalogue: state.session.catalogue,
    site: $('site').value,
    cpt: $('cpt').value,
    reasonText: $('reason').value.trim() || undefined,
    withMri: $('with-mri').checked,
    withCt: $('with-ct').checked,
  });
  renderDrafts();
  setStatus(`${state.drafts.length} draft order(s). Select or sign them to call the service.`);
}

/** What the EHR would prefetch: the service's templates from discovery, read from its own FHIR server. */
async function prefetch(patientId) {
  const service = state.discovery.services.find((s) => s.id === SERVICE['order-sign']);
  const out = {};
  for (const [key, template] of Object.entries(service?.prefetch ?? {})) {
    const url = `${state.session.fhirServer}/${renderTemplate(template, { patientId, userId: state.session.userId })}`;
    out[key] = await json(url, { headers: { authorization: `Bearer ${state.session.fhirAccessToken}` } });
  }
  return out;
}

/** While a hook call is out, Select and Sign are disabled and the cards panel says it is busy (as EHRs do). */
function setBusy(busy) {
  state.busy = busy;
  $('cards').setAttribute('aria-busy', String(busy));
  const none = state.drafts.length === 0 || !state.patient;
  for (const id of ['select', 'sign']) $(id).disabled = busy || none;
}

async function callHook(hook) {
  if (state.busy) return;
  const serviceId = SERVICE[hook];
  const { baseUrl, userId, fhirServer, fhirAccessToken } = state.session;
  setStatus(`Calling ${serviceId}…`);
  setBusy(true);
  try {
    const body = hookRequest({
      hook,
      hookInstance: crypto.randomUUID(),
      patientId: state.patient.id,
      userId,
      drafts: state.drafts,
      fhirServer,
      fhirAccessToken,
      prefetch: $('send-prefetch').checked ? await prefetch(state.patient.id) : undefined,
    });
    const token = await signedToken(`${baseUrl}/cds-services/${serviceId}`);
    const started = performance.now();
    const response = await json(`/cds-services/${serviceId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    state.lastServiceId = serviceId;
    renderCards(response.cards ?? []);
    $('system-actions').textContent = JSON.stringify(response.systemActions ?? [], null, 2);
    setStatus(
      `${hook}: ${response.cards?.length ?? 0} card(s) in ${Math.round(performance.now() - started)} ms.`,
    );
  } catch (error) {
    // The previous call's cards no longer answer these drafts: an EHR would not leave them up.
    $('cards').replaceChildren(
      el('p', { class: 'call-error', text: `The service did not answer: ${error.message}` }),
    );
    $('system-actions').textContent = '';
    setStatus(error.message, true);
  } finally {
    setBusy(false);
  }
}

async function sendFeedback(item, cardNode) {
  const serviceId = state.lastServiceId;
  const url = `/cds-services/${serviceId}/feedback`;
  const token = await signedToken(`${state.session.baseUrl}${url}`);
  await json(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ feedback: [item] }),
  });
  cardNode
    .querySelector('.actions')
    ?.replaceChildren(el('span', { class: 'feedback-sent', text: `Feedback sent: ${item.outcome}.` }));
}

function renderCard(card) {
  const node = el('article', { class: `card ${card.indicator}`, 'data-card': card.uuid });
  node.append(el('div', { class: 'indicator', text: card.indicator }));
  node.append(el('div', { class: 'summary', text: card.summary }));
  if (card.detail) {
    const detail = el('div', { class: 'detail' });
    detail.innerHTML = renderCardMarkdown(card.detail); // markdown-it, then DOMPurify (card-markdown.js)
    node.append(detail);
  }
  if (card.links?.length) {
    const links = el('div', { class: 'links' });
    for (const link of card.links) {
      if (!/^https?:\/\//i.test(link.url)) continue;
      links.append(
        el('a', { href: link.url, target: '_blank', rel: 'noopener noreferrer', text: link.label }),
      );
    }
    node.append(links);
  }
  const actions = el('div', { class: 'actions' });
  for (const suggestion of card.suggestions ?? []) {
    actions.append(
      el('button', {
        type: 'button',
        class: suggestion.isRecommended ? 'primary suggestion' : 'suggestion',
        text: suggestion.label,
        onclick: async () => {
          state.drafts = applyActions(state.drafts, suggestion.actions);
          renderDrafts();
          try {
            await sendFeedback(feedbackItem({ card, suggestion }), node);
            // An accepted suggestion has done what its card asked: the EHR takes the card down.
            node.remove();
            if ($('cards').childElementCount === 0)
              $('cards').append(
                el('p', { class: 'no-cards', text: 'No cards left: every suggestion was acted on.' }),
              );
            setStatus(`Applied "${suggestion.label}" to the drafts.`);
          } catch (error) {
            setStatus(error.message, true);
          }
        },
      }),
    );
  }
  if (card.overrideReasons?.length) {
    const select = el('select', { class: 'override-reason', 'aria-label': 'Override reason' });
    select.append(el('option', { value: '', text: 'Override reason…' }));
    for (const [i, reason] of card.overrideReasons.entries()) {
      select.append(el('option', { value: String(i), text: reason.display }));
    }
    const button = el('button', {
      type: 'button',
      class: 'override',
      text: 'Override',
      onclick: async () => {
        const reason = select.value === '' ? undefined : card.overrideReasons[Number(select.value)];
        try {
          await sendFeedback(feedbackItem({ card, overrideReason: reason }), node);
          setStatus('Override sent as CDS Hooks feedback.');
        } catch (error) {
          setStatus(error.message, true);
        }
      },
    });
    actions.append(el('span', { class: 'override' }, select, button));
  }
  if (actions.childElementCount) node.append(actions);
  node.append(el('div', { class: 'source', text: `Source: ${card.source?.label ?? ''}` }));
  return node;
}

function renderCards(cards) {
  const box = $('cards');
  box.replaceChildren();
  if (cards.length === 0)
    box.append(el('p', { class: 'no-cards', text: 'No cards: the service has nothing to say.' }));
  for (const card of cards) box.append(renderCard(card));
}

async function start() {
  try {
    [state.session, state.discovery] = await Promise.all([json('/demo/api/session'), json('/cds-services')]);
  } catch (error) {
    setStatus(`Cannot load the demo session: ${error.message}`, true);
    return;
  }
  const { catalogue } = state.session;
  for (const coding of catalogue.spect)
    $('cpt').append(el('option', { value: coding.code, text: `${coding.code} ${coding.display}` }));
  for (const [key, coding] of Object.entries(catalogue.sites))
    $('site').append(el('option', { value: key, text: coding.display }));
  renderPatients();
  $('draft').addEventListener('click', draft);
  $('select').addEventListener('click', () => callHook('order-select'));
  $('sign').addEventListener('click', () => callHook('order-sign'));
  document.body.dataset.ready = 'true';
}

start();
