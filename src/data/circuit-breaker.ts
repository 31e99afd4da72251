/**
 * A circuit breaker per FHIR server base URL. When an EHR's FHIR server is down or hanging, every hook call would
 * otherwise spend its whole time budget waiting on it and add load to a server that is already failing. After
 * `failureThreshold` consecutive failed calls the circuit opens: calls are answered at once without contacting the
 * server (the facts carry a "circuit open" gap). After `cooldownMs` one trial call is let through (half-open); its
 * success closes the circuit, its failure opens it for another cool-down.
 *
 * The unit is one admission (the data layer admits one gather, i.e. one hook call's queries, at a time), so the
 * threshold counts hook calls, not the handful of parallel requests each one makes.
 */

export type CircuitState = 'closed' | 'open' | 'half-open';

/** How an admitted call went: `inconclusive` when it says nothing about the server (e.g. our caller hung up). */
export type CallVerdict = 'success' | 'failure' | 'inconclusive';

export interface Admitted {
  admitted: true;
  /** True for the one call let through while half-open. */
  trial: boolean;
  /** Report the call's verdict; only the first report counts. */
  report(verdict: CallVerdict): void;
}

export interface Refused {
  admitted: false;
  /** Consecutive failed calls that opened the circuit. */
  failures: number;
  /** Time until a trial call will be admitted (0 while a trial is already in flight), ms. */
  retryInMs: number;
}

export type Admission = Admitted | Refused;

export interface CircuitOptions {
  failureThreshold: number;
  cooldownMs: number;
  now?: () => number;
  /** Bound on servers tracked; the least recently used is forgotten (bases come from config, so this is a guard). */
  maxServers?: number;
}

class Circuit {
  state: CircuitState = 'closed';
  failures = 0;
  openedAt = 0;
  trialInFlight = false;

  constructor(private readonly options: Required<CircuitOptions>) {}

  admit(): Admission {
    const now = this.options.now();
    if (this.state === 'open') {
      const retryAt = this.openedAt + this.options.cooldownMs;
      if (now < retryAt) return { admitted: false, failures: this.failures, retryInMs: retryAt - now };
      this.state = 'half-open';
    }
    if (this.state === 'half-open') {
      // One trial at a time: a recovering server gets one call, not the whole backlog.
      if (this.trialInFlight) return { admitted: false, failures: this.failures, retryInMs: 0 };
      this.trialInFlight = true;
      return this.admission(true);
    }
    return this.admission(false);
  }

  private admission(trial: boolean): Admitted {
    let reported = false;
    return {
      admitted: true,
      trial,
      report: (verdict) => {
        if (reported) return;
        reported = true;
        this.record(verdict, trial);
      },
    };
  }

  private record(verdict: CallVerdict, trial: boolean): void {
    if (trial) this.trialInFlight = false;
    if (verdict === 'success') {
      // Any answer shows the server is up, even one that started before the circuit opened.
      this.state = 'closed';
      this.failures = 0;
      return;
    }
    if (verdict === 'inconclusive') return;
    this.failures++;
    if (trial || (this.state === 'closed' && this.failures >= this.options.failureThreshold)) {
      this.state = 'open';
      this.openedAt = this.options.now();
    }
  }
}

export class CircuitBreakers {
  private readonly circuits = new Map<string, Circuit>();
  private readonly options: Required<CircuitOptions>;

  constructor(options: CircuitOptions) {
    this.options = { now: Date.now, maxServers: 1000, ...options };
  }

  /** Ask to call the server at `base` (a normalized, allow-listed FHIR base URL). */
  admit(base: string): Admission {
    return this.circuit(base).admit();
  }

  /** The current state of a server's circuit (closed for one never seen). */
  state(base: string): CircuitState {
    const circuit = this.circuits.get(base);
    if (circuit?.state === 'open' && this.options.now() >= circuit.openedAt + this.options.cooldownMs) {
      return 'half-open';
    }
    return circuit?.state ?? 'closed';
  }

  get size(): number {
    return this.circuits.size;
  }

  private circuit(base: string): Circuit {
    let circuit = this.circuits.get(base);
    if (circuit) {
      // Re-insert to keep the map in least-recently-used order.
      this.circuits.delete(base);
    } else {
      circuit = new Circuit(this.options);
      const oldest = this.circuits.keys().next();
      if (this.circuits.size >= this.options.maxServers && !oldest.done) this.circuits.delete(oldest.value);
    }
    this.circuits.set(base, circuit);
    return circuit;
  }
}
