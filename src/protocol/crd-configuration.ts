/**
 * Da Vinci CRD configuration options: discovery advertises one boolean per card type the service can return
 * (plus max-cards), and a hook call may switch them via extension["davinci-crd.configuration"]. The server SHALL
 * obey what it receives (dev-14), SHALL NOT require it (dev-15) and SHALL ignore unknown codes (dev-17).
 */
import type { CdsResponse } from './pipeline.js';

export const COVERAGE_INFO = 'coverage-info';
export const MAX_CARDS = 'max-cards';
const DEFAULT_MAX_CARDS = 10;

export interface ConfigurationOption {
  code: string;
  type: 'boolean' | 'integer';
  name: string;
  description: string;
  default: boolean | number;
}

const TOPIC_NAMES: Record<string, string> = {
  'coverage-info': 'Coverage information',
  'therapy-alternatives-req': 'Required alternatives',
  'therapy-alternatives-opt': 'Optional alternatives',
  'duplicate-therapy': 'Duplicate or simultaneous imaging',
  'off-guideline': 'Off-guideline or investigational use',
  guideline: 'Guideline',
  'appropriate-use': 'Appropriate use',
  'clinical-reminder': 'Clinical reminder',
};

/** Every `topic` value found anywhere in the card texts: the card types this service can emit. */
export function cardTopicsIn(cardTexts: unknown): string[] {
  const topics = new Set<string>([COVERAGE_INFO]);
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (key === 'topic' && typeof child === 'string') topics.add(child);
        else walk(child);
      }
    }
  };
  walk(cardTexts);
  return [...topics].sort();
}

export function configurationOptions(topics: readonly string[]): ConfigurationOption[] {
  const booleans = topics.map<ConfigurationOption>((code) => ({
    code,
    type: 'boolean',
    name: TOPIC_NAMES[code] ?? code,
    description:
      code === COVERAGE_INFO
        ? 'Return coverage information (the ext-coverage-information system action and its cards).'
        : `Return ${(TOPIC_NAMES[code] ?? code).toLowerCase()} cards.`,
    default: true,
  }));
  return [
    ...booleans,
    {
      code: MAX_CARDS,
      type: 'integer',
      name: 'Maximum cards',
      description: 'The largest number of cards to return for one hook call.',
      default: DEFAULT_MAX_CARDS,
    },
  ];
}

/** The `davinci-crd.configuration` object of a request, if it is one; anything malformed is ignored. */
export function requestedConfiguration(extension: unknown): Record<string, unknown> {
  const configuration = (extension as Record<string, unknown> | null | undefined)?.[
    'davinci-crd.configuration'
  ];
  return configuration && typeof configuration === 'object' && !Array.isArray(configuration)
    ? (configuration as Record<string, unknown>)
    : {};
}

/** Drops the card types switched off and caps the number of cards. */
export function applyConfiguration(
  response: CdsResponse,
  configuration: Record<string, unknown>,
): CdsResponse {
  const enabled = (code: string | undefined) => code === undefined || configuration[code] !== false;
  const requestedMax = configuration[MAX_CARDS];
  const maxCards =
    typeof requestedMax === 'number' && Number.isInteger(requestedMax) && requestedMax >= 0
      ? requestedMax
      : DEFAULT_MAX_CARDS;
  const cards = response.cards.filter((card) => enabled(card.source?.topic?.code)).slice(0, maxCards);
  const keepActions = enabled(COVERAGE_INFO) && response.systemActions?.length;
  return keepActions ? { cards, systemActions: response.systemActions } : { cards };
}
