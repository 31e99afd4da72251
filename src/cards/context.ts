/**
 * What the cards layer needs to know about one hook call besides the Determinations. Everything that varies per call
 * (date, ids) comes in here so rendering is a pure function and tests are deterministic.
 */
import type { ServiceRequest } from 'fhir/r4.js';
import type { CoverageFact } from '../data/facts.js';

/** The Da Vinci CRD version a call is answered in ("major.minor", as davinci-crd.version declares it). */
export type CrdVersion = '2.0' | '2.2';

export interface RenderContext {
  hook: 'order-select' | 'order-sign';
  /** Card source.label: the insurer on the member's card (CRD resp-4). */
  insurerName: string;
  /** Public URL of the medical policy, linked from every card. */
  policyUrl: string;
  /** The member's Coverage; without it no coverage-information system action can be given. */
  coverage?: CoverageFact;
  /** "ServiceRequest/<id>" -> the draft resource as sent by the EHR. */
  draftResources: Map<string, ServiceRequest>;
  /** YYYY-MM-DD of the call (no clock inside). */
  date: string;
  /** uuid generator (crypto.randomUUID in production). */
  newId: () => string;
  /**
   * The version-pinned canonical of the DTR questionnaire for this policy (src/dtr): carried with doc-needed on
   * order-sign (CRD resp-38), never on order-select (hook-19). None: no questionnaire is offered.
   */
  questionnaire?: string;
  /** Code system of source.topic; CRD 2.2 uses THO cdshooks-card-type (the default), CRD 2.0.1 its temp code system. */
  crdTopicSystem?: string;
  /** The CRD version the coverage information is written in (coverage-information.ts); 2.2 when not told. */
  crdVersion?: CrdVersion;
}
