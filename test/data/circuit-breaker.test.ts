import { type Admission, type Admitted, CircuitBreakers } from '../../src/data/circuit-breaker.js';

const A = 'https://ehr-a.example/fhir';
const B = 'https://ehr-b.example/fhir';

function breakers(failureThreshold = 3, cooldownMs = 10_000) {
  let now = 1_000_000;
  const circuits = new CircuitBreakers({ failureThreshold, cooldownMs, now: () => now });
  return {
    circuits,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

function admitted(admission: Admission): Admitted {
  if (!admission.admitted) throw new Error('expected the call to be admitted');
  return admission;
}

function fail(circuits: CircuitBreakers, base: string, times: number): void {
  for (let i = 0; i < times; i++) admitted(circuits.admit(base)).report('failure');
}

describe('CircuitBreakers', () => {
  it('stays closed below the threshold, and a success resets the count', () => {
    const { circuits } = breakers(3);
    fail(circuits, A, 2);
    admitted(circuits.admit(A)).report('success');
    fail(circuits, A, 2);
    expect(circuits.state(A)).toBe('closed');
    expect(circuits.admit(A).admitted).toBe(true);
  });

  it('opens after N consecutive failures and refuses calls, saying when it will retry', () => {
    const { circuits, advance } = breakers(3, 10_000);
    fail(circuits, A, 3);
    expect(circuits.state(A)).toBe('open');
    advance(4_000);
    expect(circuits.admit(A)).toEqual({ admitted: false, failures: 3, retryInMs: 6_000 });
  });

  it('keeps one circuit per FHIR server base', () => {
    const { circuits } = breakers(2);
    fail(circuits, A, 2);
    expect(circuits.admit(A).admitted).toBe(false);
    expect(circuits.admit(B).admitted).toBe(true);
    expect(circuits.state(B)).toBe('closed');
  });

  it('half-open after the cool-down: exactly one trial call, the rest refused while it runs', () => {
    const { circuits, advance } = breakers(2, 10_000);
    fail(circuits, A, 2);
    advance(10_000);
    expect(circuits.state(A)).toBe('half-open');
    const trial = admitted(circuits.admit(A));
    expect(trial.trial).toBe(true);
    expect(circuits.admit(A)).toEqual({ admitted: false, failures: 2, retryInMs: 0 });
    trial.report('success');
    expect(circuits.state(A)).toBe('closed');
    expect(admitted(circuits.admit(A)).trial).toBe(false);
  });

  it('a failed trial opens the circuit for another full cool-down', () => {
    const { circuits, advance } = breakers(2, 10_000);
    fail(circuits, A, 2);
    advance(10_001);
    admitted(circuits.admit(A)).report('failure');
    expect(circuits.state(A)).toBe('open');
    advance(9_999);
    expect(circuits.admit(A).admitted).toBe(false);
    advance(1);
    expect(circuits.admit(A).admitted).toBe(true);
  });

  it('an inconclusive trial (caller hung up) frees the trial slot without a verdict', () => {
    const { circuits, advance } = breakers(1, 1_000);
    fail(circuits, A, 1);
    advance(1_000);
    admitted(circuits.admit(A)).report('inconclusive');
    expect(circuits.state(A)).toBe('half-open');
    expect(admitted(circuits.admit(A)).trial).toBe(true);
  });

  it('counts only the first report of an admission', () => {
    const { circuits } = breakers(2);
    const call = admitted(circuits.admit(A));
    call.report('failure');
    call.report('failure');
    expect(circuits.state(A)).toBe('closed');
  });

  it('forgets the least recently used server beyond its bound', () => {
    const circuits = new CircuitBreakers({ failureThreshold: 1, cooldownMs: 1_000, maxServers: 2 });
    fail(circuits, A, 1);
    circuits.admit(B);
    circuits.admit('https://ehr-c.example/fhir');
    expect(circuits.size).toBe(2);
    expect(circuits.state(A)).toBe('closed');
  });
});
