/**
 * The clinical phrase matcher: finds the lexicons' concepts in free text and says, for each mention, whether it
 * is negated, historical or a possibility being evaluated. It follows NegEx / ConText (Chapman et al.): trigger
 * terms open a scope that runs forward (or, for post-triggers, backward) to the end of the sentence, a scope
 * terminator ("but", "however") or a few words, whichever comes first.
 *
 * - negation ("no evidence of", "denies", "negative for", "without", "ruled out") : the mention never counts;
 * - possible ("rule out", "r/o", "suspected", "concern for", "evaluate for", and the pseudo-negations
 *   "not ruled out", "cannot rule out"): the mention counts, since evaluating or ruling out a condition is what
 *   the Policy Guidelines ask the documentation to name;
 * - historical ("history of", "s/p", "prior"): counts only where a criterion accepts history;
 * - pseudo ("no change", "not only"): looks like a trigger but is none; it is matched so that its words are not
 *   read as one.
 *
 * Everything is compiled once at load: the concepts' terms and the triggers go into one token trie, so a text is
 * tokenized once and read left to right with one map lookup per token. Pure: no I/O, no clock.
 */
import type { LexiconFile } from './lexicon.js';

export type TriggerRole = 'negation' | 'possible' | 'historical' | 'pseudo' | 'terminator';

export interface Mention {
  concept: string;
  /** The words as written: from the trigger that qualifies the mention (if any) to the end of the term. */
  quote: string;
  negated: boolean;
  historical: boolean;
  /** Written as a possibility being evaluated or ruled out ("r/o", "suspected", "cannot rule out"). */
  possible: boolean;
}

export interface PhraseMatcher {
  /** Every mention of any concept in the text, in text order. */
  mentions(text: string): readonly Mention[];
  /** The concept ids the lexicon declares. */
  readonly concepts: ReadonlySet<string>;
}

interface Trigger {
  role: TriggerRole;
  /** forward: the trigger qualifies what follows it; backward: what precedes it ("discitis ruled out"). */
  direction: 'forward' | 'backward';
}

/** What a phrase is: concept terms, and a trigger per direction (one phrase may be both, e.g. "suspected"). */
interface Payload {
  concepts: string[];
  forward?: Trigger;
  backward?: Trigger;
}

interface TrieNode {
  next: Map<string, TrieNode>;
  payload?: Payload;
}

interface Token {
  word: string;
  start: number;
  end: number;
}

interface Item {
  first: number;
  last: number;
  payload: Payload;
}

/** How far a forward trigger reaches (tokens between its end and the term), and a backward one. */
const FORWARD_REACH = 6;
const BACKWARD_REACH = 4;
const QUOTE_MAX = 160;

/** Words, and the sentence boundaries a scope never crosses. */
const TOKEN = /[a-z0-9]+|[.;!?\n]/g;
const BOUNDARY = '.';

function tokenize(text: string): Token[] {
  const lower = text.toLowerCase();
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(lower); m !== null; m = TOKEN.exec(lower)) {
    const word = m[0];
    const boundary = word === '.' || word === ';' || word === '!' || word === '?' || word === '\n';
    tokens.push({ word: boundary ? BOUNDARY : word, start: m.index, end: m.index + word.length });
  }
  return tokens;
}

/** A phrase as the tokens the matcher compares ("R/O" -> ["r", "o"]). */
export function phraseTokens(phrase: string): string[] {
  return tokenize(phrase)
    .map((t) => t.word)
    .filter((w) => w !== BOUNDARY);
}

export function compileMatcher(lexicons: LexiconFile): PhraseMatcher {
  const root: TrieNode = { next: new Map() };
  const insert = (phrase: string): Payload => {
    let node = root;
    for (const word of phraseTokens(phrase)) {
      let child = node.next.get(word);
      if (!child) {
        child = { next: new Map() };
        node.next.set(word, child);
      }
      node = child;
    }
    node.payload ??= { concepts: [] };
    return node.payload;
  };
  for (const t of lexicons.triggers) {
    const direction = t.direction ?? 'forward';
    insert(t.phrase)[direction] = { role: t.role, direction };
  }
  for (const c of lexicons.concepts) {
    for (const term of c.terms) {
      const payload = insert(term);
      if (!payload.concepts.includes(c.id)) payload.concepts.push(c.id);
    }
  }

  /** Longest phrase starting at each position, left to right; matched words are not read again. */
  const itemsOf = (tokens: Token[]): Item[] => {
    const items: Item[] = [];
    let i = 0;
    while (i < tokens.length) {
      let node: TrieNode | undefined = root;
      let found: Item | undefined;
      for (let j = i; j < tokens.length && node; j++) {
        node = node.next.get(tokens[j]!.word);
        if (node?.payload) found = { first: i, last: j, payload: node.payload };
      }
      if (found) {
        items.push(found);
        i = found.last + 1;
      } else i++;
    }
    return items;
  };

  const memo = new Map<string, readonly Mention[]>();
  const MEMO_MAX = 20_000;
  const NONE: readonly Mention[] = [];

  const read = (text: string): readonly Mention[] => {
    const tokens = tokenize(text);
    const items = itemsOf(tokens);
    if (!items.some((it) => it.payload.concepts.length > 0)) return NONE;
    // Sentence of each token: the index of the boundary token that ends it.
    const sentence = new Int32Array(tokens.length);
    let s = 0;
    for (let t = 0; t < tokens.length; t++) {
      sentence[t] = s;
      if (tokens[t]!.word === BOUNDARY) s++;
    }
    const mentions: Mention[] = [];
    for (let k = 0; k < items.length; k++) {
      const item = items[k]!;
      if (item.payload.concepts.length === 0) continue;
      let negated = false;
      let historical = false;
      let possible = false;
      let quoteFrom = tokens[item.first]!.start;
      // Forward triggers before the term: the nearest polarity trigger decides.
      let polarityDecided = false;
      for (let b = k - 1; b >= 0; b--) {
        const before = items[b]!;
        if (sentence[before.last] !== sentence[item.first]) break;
        if (item.first - before.last - 1 > FORWARD_REACH) break;
        const trigger = before.payload.forward;
        if (!trigger) continue;
        if (trigger.role === 'terminator') break;
        if (trigger.role === 'pseudo') continue;
        if (trigger.role === 'historical') {
          if (!polarityDecided) {
            historical = true;
            quoteFrom = tokens[before.first]!.start;
          }
          continue;
        }
        if (polarityDecided) continue;
        polarityDecided = true;
        if (trigger.role === 'negation') negated = true;
        else {
          possible = true;
          quoteFrom = tokens[before.first]!.start;
        }
      }
      // Post-triggers after the term ("discitis ruled out", "fracture not excluded").
      let quoteTo = tokens[item.last]!.end;
      for (let a = k + 1; a < items.length; a++) {
        const after = items[a]!;
        if (sentence[after.first] !== sentence[item.last]) break;
        if (after.first - item.last - 1 > BACKWARD_REACH) break;
        if (after.payload.forward?.role === 'terminator') break;
        const trigger = after.payload.backward;
        if (!trigger) continue;
        if (trigger.role === 'negation') negated = true;
        else if (trigger.role === 'possible') {
          possible = true;
          negated = false;
          quoteTo = tokens[after.last]!.end;
        } else if (trigger.role === 'historical') historical = true;
        break;
      }
      let quote = text.slice(quoteFrom, quoteTo).replace(/\s+/g, ' ').trim();
      if (quote.length > QUOTE_MAX) quote = `${quote.slice(0, QUOTE_MAX - 1)}…`;
      for (const concept of item.payload.concepts) {
        mentions.push({ concept, quote, negated, historical, possible });
      }
    }
    return mentions.length > 0 ? mentions : NONE;
  };

  return {
    concepts: new Set(lexicons.concepts.map((c) => c.id)),
    mentions(text) {
      const known = memo.get(text);
      if (known) return known;
      const found = read(text);
      if (memo.size >= MEMO_MAX) memo.clear();
      memo.set(text, found);
      return found;
    },
  };
}
