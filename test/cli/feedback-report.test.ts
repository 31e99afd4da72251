import {
  buildFeedbackReport,
  cardKindsOfCall,
  formatFeedbackReport,
  UNATTRIBUTED,
} from '../../src/cli/feedback-report.js';
import type { HookCallRecord } from '../../src/protocol/audit/hook-call-record.js';
import type { FeedbackRecord } from '../../src/protocol/feedback/store.js';

function call(cardUuids: string[], determinations: Array<[string, string[]]>): HookCallRecord {
  return {
    receivedAt: '2026-09-01T10:00:00.000Z',
    serviceId: 'spect-spine-order-sign',
    hook: 'order-sign',
    iss: 'ehr',
    orderIds: [],
    cardUuids,
    status: 200,
    totalMs: 5,
    determinations: determinations.map(([outcome, findings], i) => ({
      order: `ServiceRequest/o${i}`,
      policyVersion: '2026-03',
      outcome: outcome as never,
      criteriaMet: [],
      findings: findings as never[],
    })),
  };
}

function feedback(card: string, outcome: 'accepted' | 'overridden', reason?: string): FeedbackRecord {
  return {
    serviceId: 'spect-spine-order-sign',
    iss: 'ehr',
    receivedAt: '2026-09-01T10:01:00.000Z',
    item: {
      card,
      outcome,
      outcomeTimestamp: '2026-09-01T10:01:00Z',
      ...(outcome === 'accepted' ? { acceptedSuggestions: [{ id: 's' }] } : {}),
      ...(reason ? { overrideReason: { reason: { code: reason, display: reason } } } : {}),
    },
  };
}

describe('buildFeedbackReport', () => {
  const calls = [
    call(['a1'], [['meets-criteria', ['simultaneous-advanced-imaging']]]),
    call(['b1', 'b2'], [['needs-documentation', ['missing-prior-mri', 'simultaneous-advanced-imaging']]]),
    call(
      ['c1', 'c2'],
      [
        ['not-medically-necessary', ['no-qualifying-indication']],
        ['meets-criteria', []],
      ],
    ),
    // A card was filtered by the EHR's CRD configuration, in a record stored before card kinds were (no
    // cardKinds): the cards no longer line up with the rule.
    call(['d1'], [['needs-documentation', ['missing-prior-mri', 'missing-prior-imaging']]]),
  ];

  test('cards are attributed per determination: outcome card, or one per finding, in order', () => {
    const report = buildFeedbackReport(calls, [
      feedback('b1', 'accepted'),
      feedback('b2', 'overridden', 'MRI contraindicated'),
      feedback('c1', 'overridden', 'Other'),
      feedback('c1', 'overridden', 'Patient declined'),
      feedback('a1', 'overridden'),
      feedback('zz', 'accepted'),
    ]);
    const byKind = Object.fromEntries(report.kinds.map((k) => [k.kind, k]));
    expect(byKind['meets-criteria']).toMatchObject({ shown: 2, accepted: 0, overridden: 1 });
    expect(byKind['missing-prior-mri']).toMatchObject({ shown: 1, accepted: 1, overridden: 0 });
    expect(byKind['simultaneous-advanced-imaging']).toMatchObject({ shown: 1, accepted: 0, overridden: 1 });
    // The latest feedback on a card wins.
    expect(byKind['no-qualifying-indication']!.overrideReasons).toEqual([
      { reason: 'Patient declined', count: 1 },
    ]);
    expect(byKind[UNATTRIBUTED]).toMatchObject({ shown: 1 });
    expect(byKind['meets-criteria']!.overrideReasons).toEqual([{ reason: '(no reason given)', count: 1 }]);
    expect(report).toMatchObject({ hookCalls: 4, cardsShown: 6, feedbackItems: 6, unmatchedFeedback: 1 });
  });

  test('stored card kinds attribute exactly, also the calls whose cards the EHR filtered', () => {
    // d1 again, as the audit now stores it: the EHR dropped the missing-prior-mri card, d1 is missing-prior-imaging.
    const filtered = {
      ...call(['d1'], [['needs-documentation', ['missing-prior-mri', 'missing-prior-imaging']]]),
      cardKinds: ['missing-prior-imaging'],
    };
    // Stored kinds win over the reconstruction, which would have said missing-prior-mri for e1.
    const reordered = {
      ...call(['e1', 'e2'], [['needs-documentation', ['missing-prior-mri', 'missing-prior-imaging']]]),
      cardKinds: ['missing-prior-imaging', 'unattributed'],
    };
    const report = buildFeedbackReport(
      [filtered, reordered],
      [feedback('d1', 'overridden', 'Documented'), feedback('e1', 'accepted'), feedback('e2', 'accepted')],
    );
    expect(report.kinds).toEqual([
      {
        kind: 'missing-prior-imaging',
        shown: 2,
        accepted: 1,
        overridden: 1,
        overrideReasons: [{ reason: 'Documented', count: 1 }],
      },
      { kind: UNATTRIBUTED, shown: 1, accepted: 1, overridden: 0, overrideReasons: [] },
    ]);
    expect(cardKindsOfCall(filtered)).toEqual(new Map([['d1', 'missing-prior-imaging']]));
  });

  test('a record whose stored kinds do not line up with its uuids falls back to the reconstruction', () => {
    const broken = {
      ...call(['f1', 'f2'], [['needs-documentation', ['missing-prior-mri', 'missing-prior-imaging']]]),
      cardKinds: ['missing-prior-imaging'],
    };
    expect(cardKindsOfCall(broken)).toEqual(
      new Map([
        ['f1', 'missing-prior-mri'],
        ['f2', 'missing-prior-imaging'],
      ]),
    );
  });

  test('formatted as a table with rates and override reasons', () => {
    const text = formatFeedbackReport(
      buildFeedbackReport(calls, [feedback('a1', 'overridden', 'Other'), feedback('c2', 'accepted')]),
    );
    expect(text).toContain('4 hook calls, 6 cards shown, 2 feedback items');
    expect(text).toMatch(/card kind\s+shown\s+accepted\s+overridden\s+accept rate\s+override rate/);
    expect(text).toMatch(/meets-criteria\s+2\s+1\s+1\s+50\.0%\s+50\.0%/);
    expect(text).toMatch(/missing-prior-mri\s+1\s+0\s+0\s+0\.0%\s+0\.0%/);
    expect(text).toContain('Override reasons\n  meets-criteria\n       1  Other');
  });

  test('an empty store', () => {
    expect(formatFeedbackReport(buildFeedbackReport([], []))).toContain('No cards in the store yet.');
  });
});
