/**
 * The policy review page: each bullet of the policy with its sentence, the value sets and the card texts that
 * implement it, and a bar chart (inline SVG) of how often each kind of card was accepted or overridden.
 */
import { renderCardMarkdown } from './card-markdown.js';

const $ = (id) => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

function svg(tag, attrs) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  return node;
}

const kindLabel = (kind) => `${kind.type === 'outcome' ? 'Outcome' : 'Finding'}: ${kind.code}`;

/** One bar per kind of card: accepted and overridden side by side, scaled to the busiest card. */
function renderChart(feedback) {
  const box = $('feedback-chart');
  box.replaceChildren();
  $('feedback-total').textContent =
    `${feedback.total} feedback item(s) in the store` +
    (feedback.unclassified
      ? `, ${feedback.unclassified} about cards answered before this start (not classified)`
      : '') +
    '.';
  const max = Math.max(1, ...feedback.cards.map((c) => c.accepted + c.overridden));
  for (const card of feedback.cards) {
    const width = 400;
    const chart = svg('svg', { width, height: 18, viewBox: `0 0 ${width} 18`, role: 'img' });
    const accepted = (card.accepted / max) * width;
    const overridden = (card.overridden / max) * width;
    chart.append(svg('rect', { x: 0, y: 0, width, height: 18, fill: '#eef1f5' }));
    chart.append(
      svg('rect', { x: 0, y: 0, width: accepted, height: 18, fill: '#2e7d32', class: 'bar-accepted' }),
    );
    chart.append(
      svg('rect', {
        x: accepted,
        y: 0,
        width: overridden,
        height: 18,
        fill: '#e0a100',
        class: 'bar-overridden',
      }),
    );
    const title = svg('title', {});
    title.textContent = `${card.accepted} accepted, ${card.overridden} overridden`;
    chart.append(title);
    const reasons = Object.entries(card.overrideReasons)
      .map(([reason, n]) => `${reason} (${n})`)
      .join('; ');
    box.append(
      el(
        'div',
        { class: 'chart-row', 'data-kind': card.kind.code },
        el('span', { text: kindLabel(card.kind), title: showPlaceholders(card.summary, false) }),
        chart,
        el('span', { class: 'counts', text: `${card.accepted} accepted · ${card.overridden} overridden` }),
      ),
    );
    if (reasons)
      box.append(el('p', { class: 'hint', text: `Override reasons for ${card.kind.code}: ${reasons}` }));
  }
}

function renderValueSet(set) {
  const table = el(
    'table',
    {},
    el('tr', {}, el('th', { text: 'system' }), el('th', { text: 'code' }), el('th', { text: 'display' })),
  );
  for (const code of set.codes) {
    table.append(
      el(
        'tr',
        {},
        el('td', { text: code.system.replace(/^https?:\/\//, '') }),
        el('td', { text: code.match === 'prefix' ? `${code.code}*` : code.code }),
        el('td', { text: code.display ?? '' }),
      ),
    );
  }
  const includes = set.includes?.length ? ` Includes ${set.includes.join(', ')}.` : '';
  return el(
    'details',
    { class: 'valueset' },
    el('summary', { text: `${set.id} (${set.codes.length} codes)` }),
    el('p', { class: 'hint', text: `${set.description ?? ''}${includes}` }),
    table,
  );
}

/**
 * A template's {{placeholders}} as a reviewer reads them: the value's name in words between angle quotes
 * ("{{orderText}}" reads "‹order text›"), in italics in the detail, so the wording reads as a sentence.
 */
function showPlaceholders(template, markdown) {
  return String(template ?? '').replace(/\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g, (_whole, name) => {
    const words = `‹${name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase()}›`;
    return markdown ? `*${words}*` : words;
  });
}

function renderCardText(card) {
  const detail = el('div', { class: 'detail' });
  detail.innerHTML = renderCardMarkdown(showPlaceholders(card.detail, true)); // markdown-it, then DOMPurify
  return el(
    'div',
    { class: 'cardtext' },
    el(
      'div',
      {},
      el('span', { class: 'tag', text: kindLabel(card.kind) }),
      card.criterion ? el('span', { class: 'tag', text: `for ${card.criterion}` }) : '',
      el('span', { class: 'tag', text: `topic ${card.topic}` }),
    ),
    el('p', { class: 'summary', text: showPlaceholders(card.summary, false) }),
    detail,
    card.suggestionLabel
      ? el('p', { class: 'hint', text: `Suggestion: ${showPlaceholders(card.suggestionLabel, false)}` })
      : '',
    card.overrideReasons.length
      ? el('p', { class: 'hint', text: `Override reasons: ${card.overrideReasons.join('; ')}` })
      : '',
  );
}

function renderCriteria(criteria) {
  const box = $('criteria');
  box.replaceChildren();
  for (const criterion of criteria) {
    const node = el(
      'section',
      { class: 'criterion', id: `bullet-${criterion.bullet}`, 'data-bullet': criterion.bullet },
      el(
        'div',
        {},
        el('span', { class: 'bullet', text: criterion.bullet }),
        ' ',
        el('span', { class: 'tag', text: criterion.section }),
      ),
      el('blockquote', { text: criterion.sentence }),
    );
    if (criterion.rules.length)
      node.append(el('p', { class: 'hint', text: `Implemented by: ${criterion.rules.join(', ')}` }));
    if (criterion.valueSets.length) {
      node.append(el('h3', { text: 'Value sets' }));
      for (const set of criterion.valueSets) node.append(renderValueSet(set));
    }
    if (criterion.cards.length) {
      node.append(el('h3', { text: 'Cards' }));
      for (const card of criterion.cards) node.append(renderCardText(card));
    }
    box.append(node);
  }
}

async function start() {
  const res = await fetch('/demo/api/policy');
  if (!res.ok) {
    $('policy-title').textContent = `Cannot load the policy (${res.status})`;
    return;
  }
  const view = await res.json();
  $('policy-title').textContent = `${view.policy.id}: ${view.policy.title}`;
  $('policy-meta').replaceChildren(
    `Version ${view.policy.version}, effective ${view.policy.effectiveDate}. `,
    el('a', {
      href: view.policy.url,
      target: '_blank',
      rel: 'noopener noreferrer',
      text: 'Published policy',
    }),
  );
  renderChart(view.feedback);
  renderCriteria(view.criteria);
  document.body.dataset.ready = 'true';
}

start();
