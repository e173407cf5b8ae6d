import Probes
import Testing

@Suite struct ProbeTrackerTests {
    private func result(_ outcome: ProbeOutcome, at seconds: Int, latency: Duration = .milliseconds(5)) -> ProbeResult {
        ProbeResult(outcome: outcome, message: outcome.rawValue, latency: latency, at: ProbeInstant(offset: .seconds(seconds)))
    }

    @Test func livenessStaysOkUntilTheFailureThreshold() {
        var tracker = ProbeTracker(kind: .liveness, successThreshold: 1, failureThreshold: 3)
        #expect(tracker.state == .unknown)
        #expect(tracker.lastTransition == nil)

        let first = tracker.record(result(.failure, at: 10))
        #expect(first == ProbeTracker.Transition(from: .unknown, to: .ok, at: ProbeInstant(offset: .seconds(10))))
        #expect(tracker.progress == .failing(count: 1, threshold: 3))
        #expect(tracker.progress?.description == "failing 1/3")

        #expect(tracker.record(result(.failure, at: 20)) == nil)
        #expect(tracker.state == .ok)
        #expect(tracker.progress == .failing(count: 2, threshold: 3))

        let failing = tracker.record(result(.failure, at: 30))
        #expect(failing?.to == .failing)
        #expect(tracker.state == .failing)
        #expect(tracker.lastTransition == ProbeInstant(offset: .seconds(30)))
        #expect(tracker.progress == nil)

        #expect(tracker.record(result(.success, at: 40))?.to == .ok)
        #expect(tracker.consecutiveFailures == 0)
    }

    @Test func readinessStartsFailingAndNeedsTheSuccessThreshold() {
        var tracker = ProbeTracker(kind: .readiness, successThreshold: 2, failureThreshold: 1)
        #expect(tracker.record(result(.success, at: 1))?.to == .failing)
        #expect(tracker.progress == .recovering(count: 1, threshold: 2))
        #expect(tracker.progress?.description == "recovering 1/2")
        let ready = tracker.record(result(.success, at: 2))
        #expect(ready == ProbeTracker.Transition(from: .failing, to: .ok, at: ProbeInstant(offset: .seconds(2))))
        #expect(tracker.record(result(.failure, at: 3))?.to == .failing)
        #expect(tracker.record(result(.success, at: 4)) == nil)
        #expect(tracker.state == .failing)
        #expect(tracker.lastTransition == ProbeInstant(offset: .seconds(3)))
    }

    @Test func warningsCountAsSuccessButFlagTheState() {
        var tracker = ProbeTracker(kind: .liveness, failureThreshold: 2)
        #expect(tracker.record(result(.warning, at: 1))?.to == .warning)
        #expect(tracker.consecutiveSuccesses == 1)
        #expect(tracker.record(result(.failure, at: 2)) == nil)
        #expect(tracker.state == .warning)
        #expect(tracker.progress == .failing(count: 1, threshold: 2))
        #expect(tracker.record(result(.success, at: 3))?.to == .ok)
        #expect(tracker.record(result(.warning, at: 4))?.to == .warning)
    }

    @Test func unknownOutcomesShowUnknownAndResetRuns() {
        var tracker = ProbeTracker(kind: .liveness, failureThreshold: 2)
        tracker.record(result(.failure, at: 1))
        #expect(tracker.record(result(.unknown, at: 2))?.to == .unknown)
        #expect(tracker.consecutiveFailures == 0)
        #expect(tracker.progress == nil)
        // The failure before the unknown does not count toward the threshold.
        #expect(tracker.record(result(.failure, at: 3))?.to == .ok)
        #expect(tracker.record(result(.failure, at: 4))?.to == .failing)
    }

    @Test func keepsTheLastSixtyLatenciesAndTheLastResult() {
        var tracker = ProbeTracker(kind: .startup)
        for i in 1...75 {
            tracker.record(result(.success, at: i, latency: .milliseconds(i)))
        }
        #expect(tracker.latencies.count == ProbeTracker.latencyHistory)
        #expect(tracker.latencies.first == .milliseconds(16))
        #expect(tracker.latencies.last == .milliseconds(75))
        #expect(tracker.lastResult?.at == ProbeInstant(offset: .seconds(75)))
        #expect(tracker.resultCount == 75)
    }

    @Test func thresholdsBelowOneCountAsOne() {
        var tracker = ProbeTracker(kind: .readiness, successThreshold: 0, failureThreshold: -2)
        #expect(tracker.successThreshold == 1)
        #expect(tracker.failureThreshold == 1)
        #expect(tracker.record(result(.failure, at: 1))?.to == .failing)
    }
}
