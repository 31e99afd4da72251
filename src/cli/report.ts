/**
 * `report`: acceptance and override rates per card kind, read from the service's store: the PostgreSQL database
 * named by DATABASE_URL, or the SQLite file under the config's dataDir (the same choice the server makes).
 */
import type { ServiceStore } from '../store/store.js';
import { buildFeedbackReport, type FeedbackReport } from './feedback-report.js';

export async function reportFromStore(store: ServiceStore, serviceId?: string): Promise<FeedbackReport> {
  await store.ready();
  const filter = serviceId ? { serviceId } : undefined;
  const [hookCalls, feedback] = await Promise.all([store.listHookCalls(filter), store.list(filter)]);
  return buildFeedbackReport(hookCalls, feedback);
}
