/**
 * The demo EHR's DTR form filler. After Sign, it reads the CRD coverage-information the service returned (shown in
 * #system-actions); when an assertion says documentation is needed and names a questionnaire (CRD resp-38), it
 * offers to open it. Opening asks the demo EHR (/demo/api/dtr/open) to fetch the payer's questionnaire package and
 * prefill it from the chart, then renders the form: only enabled items show (enableWhen), answers taken from the
 * chart are marked, and the clinician completes what is missing and saves a QuestionnaireResponse to the EHR.
 *
 * A small renderer for the item types the payer's questionnaire uses (group, display, choice, open-choice, date,
 * boolean, string, text); the SDC renderers on npm need React and a bundler, which this page does without.
 */
const ORIGIN = 'http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/information-origin';
const COVERAGE_INFO = 'http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information';

const dtr = { session: null, questionnaire: null, valueSets: new Map(), response: null, answers: new Map() };

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (value !== undefined && value !== false) node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children) node.append(child);
  return node;
}

async function post(url, body) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(json.error ?? `${res.status} from ${url}`);
  return json;
}

function section() {
  let box = document.getElementById('dtr');
  if (!box) {
    box = el('section', { id: 'dtr', class: 'panel dtr', 'aria-labelledby': 'dtr-title' });
    document.querySelector('main')?.append(box);
  }
  return box;
}

function setDtrStatus(text, isError = false) {
  const status = document.getElementById('dtr-status');
  if (status) {
    status.textContent = text;
    status.className = isError ? 'status error' : 'status';
  }
}

/** The coverage assertions that ask for documentation and name a questionnaire, with their order. */
function documentationRequests(actions) {
  const found = [];
  for (const action of actions ?? []) {
    const order = action.resource;
    for (const ext of order?.extension ?? []) {
      if (ext.url !== COVERAGE_INFO) continue;
      const part = (url) => ext.extension?.find((p) => p.url === url);
      const questionnaire = part('questionnaire')?.valueCanonical;
      if (!part('doc-needed') || !questionnaire) continue;
      found.push({
        order,
        questionnaire,
        coverage: part('coverage')?.valueReference?.reference,
        assertionId: part('coverage-assertion-id')?.valueString,
      });
    }
  }
  return found;
}

function offer(requests) {
  const box = section();
  box.replaceChildren(el('h2', { id: 'dtr-title', text: 'Documentation (DTR)' }));
  if (requests.length === 0) {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  box.append(
    el('p', { class: 'hint', text: 'The payer needs documentation with the prior approval request.' }),
  );
  for (const request of requests) {
    box.append(
      el('button', {
        type: 'button',
        class: 'primary',
        id: 'dtr-open',
        text: 'Open the documentation questionnaire',
        onclick: () => open(request),
      }),
    );
  }
  box.append(el('p', { id: 'dtr-status', class: 'status', role: 'status' }));
}

async function open(request) {
  setDtrStatus('Fetching the questionnaire package and reading the chart…');
  try {
    const answer = await post('/demo/api/dtr/open', request);
    dtr.questionnaire = answer.questionnaire;
    dtr.valueSets = new Map(answer.valueSets.map((vs) => [`${vs.url}|${vs.version}`, vs]));
    dtr.response = answer.response;
    dtr.answers = new Map();
    collectAnswers(answer.response.item);
    renderForm();
    const filled = dtr.answers.size;
    setDtrStatus(
      `${filled} answer(s) taken from the chart.${answer.skipped.length ? ` ${answer.skipped.length} expression(s) could not run.` : ''}`,
    );
  } catch (error) {
    setDtrStatus(error.message, true);
  }
}

function collectAnswers(items) {
  for (const item of items ?? []) {
    if (item.answer?.length) dtr.answers.set(item.linkId, { answer: item.answer[0], source: 'auto-client' });
    collectAnswers(item.item);
  }
}

function optionsOf(item) {
  if (item.answerOption) return item.answerOption.map((o) => o.valueCoding).filter(Boolean);
  const vs = dtr.valueSets.get(item.answerValueSet);
  return vs?.expansion?.contains ?? [];
}

const codingKey = (c) => `${c.system ?? ''}|${c.code}`;

function isEnabled(item) {
  if (!item.enableWhen?.length) return true;
  const results = item.enableWhen.map((when) => {
    const given = dtr.answers.get(when.question)?.answer;
    if (when.operator === 'exists') return Boolean(given) === when.answerBoolean;
    let match = false;
    if (given && when.answerCoding) match = given.valueCoding?.code === when.answerCoding.code;
    else if (given && when.answerBoolean !== undefined) match = given.valueBoolean === when.answerBoolean;
    return when.operator === '!=' ? !match : match;
  });
  return item.enableBehavior === 'any' ? results.some(Boolean) : results.every(Boolean);
}

/** Record the clinician's answer: `manual` when new, `override` when it replaces one from the chart (DTR dtrx-1). */
function setAnswer(item, answer, rerender = true) {
  const previous = dtr.answers.get(item.linkId);
  if (!answer) dtr.answers.delete(item.linkId);
  else {
    const source = previous && previous.source !== 'manual' ? 'override' : 'manual';
    dtr.answers.set(item.linkId, { answer, source });
  }
  // Typed answers enable nothing here; choices and yes/no may (enableWhen), so the form is drawn again.
  if (rerender) renderForm();
}

function control(item) {
  const current = dtr.answers.get(item.linkId);
  const value = current?.answer;
  const id = `q-${item.linkId.replace(/[^A-Za-z0-9-]/g, '_')}`;
  const attrs = { id, 'data-link-id': item.linkId, 'aria-required': item.required ? 'true' : undefined };
  switch (item.type) {
    case 'choice':
    case 'open-choice': {
      const options = optionsOf(item);
      const select = el('select', attrs, el('option', { value: '', text: '—' }));
      const known = new Set(options.map(codingKey));
      if (value?.valueCoding && !known.has(codingKey(value.valueCoding))) options.unshift(value.valueCoding);
      for (const coding of options) {
        select.append(
          el('option', {
            value: codingKey(coding),
            text: coding.display ? `${coding.display} (${coding.code})` : coding.code,
            selected: value?.valueCoding && codingKey(value.valueCoding) === codingKey(coding),
          }),
        );
      }
      select.addEventListener('change', () => {
        const coding = options.find((c) => codingKey(c) === select.value);
        setAnswer(
          item,
          coding
            ? { valueCoding: { system: coding.system, code: coding.code, display: coding.display } }
            : undefined,
        );
      });
      return select;
    }
    case 'date': {
      const input = el('input', { ...attrs, type: 'date', value: value?.valueDate ?? '' });
      input.addEventListener('input', () =>
        setAnswer(item, input.value ? { valueDate: input.value } : undefined, false),
      );
      return input;
    }
    case 'boolean': {
      const select = el(
        'select',
        attrs,
        el('option', { value: '', text: '—' }),
        el('option', { value: 'true', text: 'Yes', selected: value?.valueBoolean === true }),
        el('option', { value: 'false', text: 'No', selected: value?.valueBoolean === false }),
      );
      select.addEventListener('change', () =>
        setAnswer(item, select.value === '' ? undefined : { valueBoolean: select.value === 'true' }),
      );
      return select;
    }
    case 'text':
    case 'string': {
      const input =
        item.type === 'text'
          ? el('textarea', { ...attrs, rows: '3' })
          : el('input', { ...attrs, type: 'text', autocomplete: 'off' });
      input.value = value?.valueString ?? '';
      input.addEventListener('input', () =>
        setAnswer(item, input.value.trim() ? { valueString: input.value.trim() } : undefined, false),
      );
      return input;
    }
    default:
      return el('span', { class: 'muted', text: `(${item.type} is not supported here)` });
  }
}

function renderItems(items, container) {
  for (const item of items ?? []) {
    if (!isEnabled(item)) continue;
    if (item.type === 'group') {
      const fieldset = el(
        'fieldset',
        { class: 'dtr-group', 'data-link-id': item.linkId },
        el('legend', { text: item.text }),
      );
      renderItems(item.item, fieldset);
      container.append(fieldset);
    } else if (item.type === 'display') {
      container.append(el('p', { class: 'dtr-display', text: item.text }));
    } else {
      const source = dtr.answers.get(item.linkId)?.source;
      const field = control(item);
      const label = el('label', { for: field.id, text: item.text });
      const row = el('div', { class: `dtr-item${item.required ? ' required' : ''}` }, label, field);
      if (source === 'auto-client') row.append(el('span', { class: 'from-chart', text: 'from the chart' }));
      container.append(row);
      renderItems(item.item, container);
    }
  }
}

function renderForm() {
  const box = section();
  let form = document.getElementById('dtr-form');
  if (!form) {
    form = el('form', { id: 'dtr-form' });
    box.insertBefore(form, document.getElementById('dtr-status'));
  }
  // Keep the focus where the clinician was typing across re-renders.
  const focused = document.activeElement?.dataset?.linkId;
  form.replaceChildren(el('h3', { text: dtr.questionnaire.title }));
  renderItems(dtr.questionnaire.item, form);
  form.append(
    el(
      'div',
      { class: 'buttons' },
      el('button', { type: 'submit', class: 'primary', id: 'dtr-save', text: 'Save the response' }),
    ),
  );
  form.onsubmit = (event) => {
    event.preventDefault();
    save();
  };
  if (focused) form.querySelector(`[data-link-id="${CSS.escape(focused)}"]`)?.focus();
}

/** The enabled required questions still unanswered. */
function missing(items, out = []) {
  for (const item of items ?? []) {
    if (!isEnabled(item)) continue;
    if (item.required && item.type !== 'group' && !dtr.answers.has(item.linkId)) out.push(item.text);
    missing(item.item, out);
  }
  return out;
}

function responseItems(items) {
  const out = [];
  for (const item of items ?? []) {
    if (!isEnabled(item)) continue;
    const children = responseItems(item.item);
    const given = dtr.answers.get(item.linkId);
    if (item.type === 'group') {
      if (children.length) out.push({ linkId: item.linkId, text: item.text, item: children });
    } else if (given) {
      const origin = [{ url: 'source', valueCode: given.source }];
      // dtrx-1: a person who entered or changed an answer is named.
      if (given.source !== 'auto-client')
        origin.push({
          url: 'author',
          extension: [{ url: 'practitioner', valueReference: { reference: dtr.session.userId } }],
        });
      out.push({
        linkId: item.linkId,
        text: item.text,
        answer: [{ ...given.answer, extension: [{ url: ORIGIN, extension: origin }] }],
      });
    }
  }
  return out;
}

async function save() {
  const gaps = missing(dtr.questionnaire.item);
  if (gaps.length) {
    setDtrStatus(`Still required: ${gaps.join('; ')}`, true);
    return;
  }
  const response = {
    ...dtr.response,
    status: 'completed',
    authored: new Date().toISOString(),
    author: { reference: dtr.session.userId },
    item: responseItems(dtr.questionnaire.item),
  };
  try {
    const saved = await post('/demo/api/dtr/save', { response });
    setDtrStatus(`Saved ${saved.reference} in the EHR.`);
    section().dataset.saved = saved.reference;
  } catch (error) {
    setDtrStatus(error.message, true);
  }
}

async function start() {
  dtr.session = await fetch('/demo/api/session').then((r) => r.json());
  const actions = document.getElementById('system-actions');
  if (!actions) return;
  // The page shows each answer's system actions here; a new answer is a new offer.
  new MutationObserver(() => {
    let parsed = [];
    try {
      parsed = JSON.parse(actions.textContent || '[]');
    } catch {
      parsed = [];
    }
    offer(documentationRequests(parsed));
  }).observe(actions, { childList: true, characterData: true, subtree: true });
}

start();
