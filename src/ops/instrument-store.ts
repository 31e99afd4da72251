/**
 * Counts writes to a store by wrapping its write methods: one increment per call, labelled ok or error, with the
 * error rethrown unchanged. Read methods pass through untouched. Works for any store object (feedback, audit)
 * whose writes return promises, so the stores themselves stay free of metrics code.
 */
import type { ServiceMetrics } from './metrics.js';

type AsyncMethod = (...args: never[]) => Promise<unknown>;

export function instrumentStore<T extends object>(
  store: T,
  storeName: string,
  writeMethods: ReadonlyArray<keyof T>,
  metrics: ServiceMetrics,
): T {
  const writes = new Set<PropertyKey>(writeMethods);
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (!writes.has(property) || typeof value !== 'function') {
        return typeof value === 'function' ? value.bind(target) : value;
      }
      const method = value as AsyncMethod;
      return async (...args: never[]) => {
        try {
          const result = await method.apply(target, args);
          metrics.storeWrites.inc({ store: storeName, result: 'ok' });
          return result;
        } catch (error) {
          metrics.storeWrites.inc({ store: storeName, result: 'error' });
          throw error;
        }
      };
    },
  });
}
