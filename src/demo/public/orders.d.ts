/** Types of orders.js (plain browser JavaScript, no build step), for the tests that import it. */
import type { Coding, ServiceRequest } from 'fhir/r4.js';

export interface Catalogue {
  sites: Record<string, Coding>;
  spect: Coding[];
  mri: Record<string, Coding>;
  ct: Record<string, Coding>;
}
export interface Action {
  type: 'create' | 'update' | 'delete';
  description?: string;
  resource?: ServiceRequest;
  resourceId?: string;
}
export function nextDraftId(prefix: string): string;
export function draftOrder(options: {
  id: string;
  patientId: string;
  userId: string;
  code: Coding;
  site?: Coding;
  reasonText?: string;
  now?: Date;
}): ServiceRequest;
export function draftOrders(options: {
  patientId: string;
  userId: string;
  catalogue: Catalogue;
  site: string;
  cpt: string;
  reasonText?: string;
  withMri?: boolean;
  withCt?: boolean;
}): ServiceRequest[];
export function spectSelections(drafts: ServiceRequest[]): string[];
export function renderTemplate(template: string, context: Record<string, string | undefined>): string;
export function hookRequest(options: {
  hook: 'order-select' | 'order-sign';
  hookInstance: string;
  patientId: string;
  userId: string;
  drafts: ServiceRequest[];
  fhirServer: string;
  fhirAccessToken: string;
  prefetch?: Record<string, unknown>;
}): Record<string, unknown> & { context: Record<string, unknown> };
export function applyActions(drafts: ServiceRequest[], actions: Action[] | undefined): ServiceRequest[];
export function feedbackItem(options: {
  card: { uuid: string };
  suggestion?: { uuid: string };
  overrideReason?: Coding;
  userComment?: string;
  now?: Date;
}): Record<string, unknown>;
