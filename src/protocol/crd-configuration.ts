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

/**
 * Name and description of each card type as this service uses it (CRD card types, THO cdshooks-card-type). The
 * option with a card type's code switches off every card of that type; coverage-info also switches off the
 * coverage-information system action. A type the card texts come to use without an entry here is still offered,
 * under a generic description.
 */
const CARD_TYPE_OPTIONS: Record<string, { name: string; description: string }> = {
  'coverage-info': {
    name: 'Coverage information',
    description:
      'Whether the spine SPECT order is covered and needs prior approval: the coverage-information system action ' +
      'written on the order, and the cards saying prior approval is required.',
  },
  'therapy-alternatives-req': {
    name: 'Required alternatives',
    description:
      'Cards saying the policy requires other imaging first (an MRI of the area), with a suggestion to order it.',
  },
  guideline: {
    name: 'Policy guideline',
    description:
      'Cards saying what earlier imaging the policy asks the prior approval request to include (x-ray or CT).',
  },
  'duplicate-therapy': {
    name: 'Simultaneous imaging',
    description:
      'Cards about other advanced imaging ordered at the same time as the SPECT without a documented rationale, ' +
      'with a suggestion to remove one of the orders.',
  },
  'off-guideline': {
    name: 'Off-guideline use',
    description:
      'Cards saying the SPECT is investigational or not medically necessary as documented, with a suggestion to ' +
      'remove it.',
  },
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
    name: CARD_TYPE_OPTIONS[code]?.name ?? code,
    description: CARD_TYPE_OPTIONS[code]?.description ?? `Cards of the CRD card type "${code}".`,
    default: true,
  }));
  return [
    ...booleans,
    {
      code: MAX_CARDS,
      type: 'integer',
      name: 'Maximum cards',
      description:
        'The largest number of cards returned for one hook call; the system action is not a card and is not counted.',
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
