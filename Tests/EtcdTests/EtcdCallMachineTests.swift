@testable import Etcd
import GRPCCore
import Testing

private let refused = "Connection refused"

/// The call machine's decisions, row by row, without a server. Times are milliseconds after
/// the call started; the deadline is at 5000, the dial timeout 2000 (see ``CallScenario``).
@Suite("etcd call machine")
struct EtcdCallMachineTests {
    static let failoverRows: [CallScenario] = [
        CallScenario(name: "a read goes to the proven endpoint at once",
                     steps: [.at(10, .callSucceeded)],
                     expected: ["send 0 (5s)", "succeed 0"]),
        CallScenario(name: "an endpoint not proven yet is dialled first", proven: [],
                     steps: [.at(10, .dialSucceeded), .at(20, .callSucceeded)],
                     expected: ["dial 0 (2s)", "send 0 (4990ms)", "succeed 0"]),
        CallScenario(name: "unavailable: the read fails over to the next endpoint",
                     steps: [.at(100, .callFailed(failure(.unavailable, refused))), .at(200, .dialSucceeded),
                             .at(300, .callSucceeded)],
                     expected: ["send 0 (5s)", "set aside 0: connection refused", "dial 1 (2s)", "send 1 (4800ms)",
                                "succeed 1"]),
        CallScenario(name: "a refused dial sets the endpoint aside and the next one is dialled", proven: [],
                     steps: [.at(10, .dialFailed(failure(.unavailable, refused))), .at(20, .dialSucceeded),
                             .at(30, .callSucceeded)],
                     expected: ["dial 0 (2s)", "set aside 0: connection refused", "dial 1 (2s)", "send 1 (4980ms)",
                                "succeed 1"]),
        CallScenario(name: "a dial that timed out says so; the last candidate gets all the time left", endpoints: 2,
                     proven: [],
                     steps: [.at(2000, .dialFailed(failure(.deadlineExceeded, "Timed out"))), .at(2100, .dialSucceeded)],
                     expected: ["dial 0 (2s)", "set aside 0: no answer within the dial timeout", "dial 1 (3s)",
                                "send 1 (2900ms)"]),
        CallScenario(name: "endpoints set aside are tried last, the one back soonest first", proven: [], setAside: [1, 0],
                     steps: [.at(10, .dialFailed(failure(.unavailable, refused, on: 2))),
                             .at(20, .dialFailed(failure(.unavailable, refused, on: 1)))],
                     expected: ["dial 2 (2s)", "set aside 2: connection refused", "dial 1 (2s)",
                                "set aside 1: connection refused", "dial 0 (4980ms)"]),
        CallScenario(name: "a TLS failure at the dial fails at once and sets nothing aside", proven: [],
                     steps: [.at(10, .dialFailed(failure(.unavailable, "handshake failed: CERTIFICATE_VERIFY_FAILED")))],
                     expected: ["dial 0 (2s)", "fail tls: TLS handshake failed: handshake failed: CERTIFICATE_VERIFY_FAILED"]),
        CallScenario(name: "a cancelled call fails at once",
                     steps: [.at(10, .cancelled)],
                     expected: ["send 0 (5s)", "fail cancelled: cancelled"]),
    ]

    static let deadlinesRows: [CallScenario] = [
        CallScenario(name: "every endpoint down until the deadline: the last error is named", endpoints: 2, proven: [],
                     steps: [.at(10, .dialFailed(failure(.unavailable, refused))),
                             .at(20, .dialFailed(failure(.unavailable, refused, on: 1))), .at(5000, .wokeUp)],
                     expected: ["dial 0 (2s)", "set aside 0: connection refused", "dial 1 (4990ms)",
                                "set aside 1: connection refused", "back off 50ms",
                                "fail timeout: no answer within 5s (--timeout); last error: 127.0.0.1:2380: connection refused"]),
        CallScenario(name: "a read that ran out of time on one endpoint tries the next while time is left",
                     steps: [.at(1000, .callFailed(failure(.deadlineExceeded, "Timed out"))), .at(1100, .dialSucceeded)],
                     expected: ["send 0 (5s)", "set aside 0: no answer before the deadline", "dial 1 (2s)",
                                "send 1 (3900ms)"]),
        CallScenario(name: "a read out of time at the deadline fails naming the endpoint",
                     steps: [.at(5000, .callFailed(failure(.deadlineExceeded, "Timed out")))],
                     expected: ["send 0 (5s)",
                                "fail timeout: no answer within 5s (--timeout); last error: 127.0.0.1:2379: no answer before the deadline"]),
        CallScenario(name: "a write out of time has an unknown outcome and is not sent again", operation: .write,
                     steps: [.at(1000, .callFailed(failure(.deadlineExceeded, "Timed out")))],
                     expected: ["send 0 (5s)",
                                "fail outcomeUnknown: no answer within 5s (--timeout); last error: 127.0.0.1:2379: no answer before the deadline"]),
    ]

    static let writesRows: [CallScenario] = [
        CallScenario(name: "a write whose connection dropped after sending is never sent again", operation: .write,
                     steps: [.at(100, .callFailed(failure(.unavailable, "Stream unexpectedly closed.")))],
                     expected: ["send 0 (5s)", "set aside 0: connection lost",
                                "fail outcomeUnknown: connection lost after the write was sent (connection lost)"]),
        CallScenario(name: "a write the transport never sent goes to the next endpoint", operation: .write,
                     steps: [.at(10, .callFailed(failure(.unavailable, "Channel isn't ready."))), .at(20, .dialSucceeded),
                             .at(30, .callSucceeded)],
                     expected: ["send 0 (5s)", "set aside 0: Channel isn't ready.", "dial 1 (2s)", "send 1 (4980ms)",
                                "succeed 1"]),
        CallScenario(name: "a write etcd refused with 'too many requests' (before proposing it) is sent again after a pause",
                     operation: .write,
                     steps: [.at(10, .callFailed(failure(.resourceExhausted, "etcdserver: too many requests"))), .at(60, .wokeUp),
                             .at(70, .callSucceeded)],
                     expected: ["send 0 (5s)", "back off 50ms", "send 0 (4940ms)", "succeed 0"]),
        CallScenario(name: "a write told 'leader changed' has an unknown outcome", operation: .write,
                     steps: [.at(10, .callFailed(failure(.unavailable, "etcdserver: leader changed")))],
                     expected: ["send 0 (5s)", "set aside 0: etcdserver: leader changed",
                                "fail outcomeUnknown: connection lost after the write was sent (etcdserver: leader changed)"]),
        // Conditional transactions (compare-and-swap, create, delete) are writes: the same rules.
        CallScenario(name: "a conditional txn refused for 'no leader' is sent again on the same endpoint after a pause",
                     operation: .write,
                     steps: [.at(10, .callFailed(failure(.unknown, "etcdserver: no leader"))), .at(60, .wokeUp),
                             .at(70, .callSucceeded)],
                     expected: ["send 0 (5s)", "back off 50ms", "send 0 (4940ms)", "succeed 0"]),
        CallScenario(name: "a conditional txn told 'no leader' as unavailable (etcd 3.4: refused before proposing) tries the next endpoint",
                     operation: .write,
                     steps: [.at(10, .callFailed(failure(.unavailable, "etcdserver: no leader"))),
                             .at(20, .dialSucceeded), .at(30, .callSucceeded)],
                     expected: ["send 0 (5s)", "set aside 0: etcdserver: no leader", "dial 1 (2s)", "send 1 (4980ms)",
                                "succeed 1"]),
        CallScenario(name: "a conditional txn told 'request timed out' has an unknown outcome", operation: .write,
                     steps: [.at(10, .callFailed(failure(.unavailable, "etcdserver: request timed out")))],
                     expected: ["send 0 (5s)", "set aside 0: etcdserver: request timed out",
                                "fail outcomeUnknown: connection lost after the write was sent (etcdserver: request timed out)"]),
    ]

    static let transientReadsRows: [CallScenario] = [
        CallScenario(name: "a read told 'leader changed' tries the next endpoint",
                     steps: [.at(10, .callFailed(failure(.unavailable, "etcdserver: leader changed")))],
                     expected: ["send 0 (5s)", "set aside 0: etcdserver: leader changed", "dial 1 (2s)"]),
        CallScenario(name: "a read told 'request timed out' tries the next endpoint",
                     steps: [.at(10, .callFailed(failure(.unavailable, "etcdserver: request timed out")))],
                     expected: ["send 0 (5s)", "set aside 0: etcdserver: request timed out", "dial 1 (2s)"]),
        CallScenario(name: "a read told 'no leader' tries the next endpoint",
                     steps: [.at(10, .callFailed(failure(.unavailable, "etcdserver: no leader")))],
                     expected: ["send 0 (5s)", "set aside 0: etcdserver: no leader", "dial 1 (2s)"]),
        CallScenario(name: "a read told 'too many requests' is sent again to the same endpoint after a pause",
                     steps: [.at(10, .callFailed(failure(.resourceExhausted, "etcdserver: too many requests"))),
                             .at(60, .wokeUp), .at(70, .callSucceeded)],
                     expected: ["send 0 (5s)", "back off 50ms", "send 0 (4940ms)", "succeed 0"]),
    ]

    static let authenticationRows: [CallScenario] = [
        CallScenario(name: "an expired token is dropped and obtained again once", credentials: true,
                     steps: [.at(10, .authenticated),
                             .at(20, .callFailed(failure(.unauthenticated, "etcdserver: invalid auth token"))),
                             .at(30, .authenticated), .at(40, .callSucceeded)],
                     expected: ["authenticate 0 (5s)", "send 0 (4990ms)", "forget token", "authenticate 0 (4980ms)",
                                "send 0 (4970ms)", "succeed 0"]),
        CallScenario(name: "a token refused again after a refresh fails the call", credentials: true,
                     steps: [.at(10, .authenticated),
                             .at(20, .callFailed(failure(.unauthenticated, "etcdserver: invalid auth token"))),
                             .at(30, .authenticated),
                             .at(40, .callFailed(failure(.unauthenticated, "etcdserver: invalid auth token")))],
                     expected: ["authenticate 0 (5s)", "send 0 (4990ms)", "forget token", "authenticate 0 (4980ms)",
                                "send 0 (4970ms)", "fail authenticationFailed: invalid auth token"]),
        CallScenario(name: "without credentials an invalid token is not refreshed",
                     steps: [.at(10, .callFailed(failure(.unauthenticated, "etcdserver: invalid auth token")))],
                     expected: ["send 0 (5s)", "fail authenticationFailed: invalid auth token"]),
        CallScenario(name: "a refreshed token is obtained after a new dial when the endpoint is not proven", proven: [],
                     credentials: true,
                     steps: [.at(10, .dialSucceeded), .at(20, .authenticated),
                             .at(30, .callFailed(failure(.unauthenticated, "etcdserver: invalid auth token"))),
                             .at(40, .dialSucceeded)],
                     expected: ["dial 0 (2s)", "authenticate 0 (4990ms)", "send 0 (4980ms)", "forget token",
                                "dial 0 (2s)", "authenticate 0 (4960ms)"]),
        CallScenario(name: "authentication that cannot reach the endpoint moves to the next", credentials: true,
                     steps: [.at(10, .authenticationFailed(authFailure(.unavailable, refused)))],
                     expected: ["authenticate 0 (5s)", "set aside 0: connection refused", "dial 1 (2s)"]),
        CallScenario(name: "a wrong password fails at once", credentials: true,
                     steps: [.at(10, .authenticationFailed(authFailure(
                         .invalidArgument, "etcdserver: authentication failed, invalid user ID or password")))],
                     expected: ["authenticate 0 (5s)",
                                "fail authenticationFailed: authentication as root failed: authentication failed, invalid user ID or password"]),
    ]

    @Test("failover and dialling", arguments: failoverRows)
    func failover(_ scenario: CallScenario) {
        #expect(scenario.run() == scenario.expected)
    }

    @Test("deadlines", arguments: deadlinesRows)
    func deadlines(_ scenario: CallScenario) {
        #expect(scenario.run() == scenario.expected)
    }

    @Test("writes whose outcome may be unknown", arguments: writesRows)
    func writes(_ scenario: CallScenario) {
        #expect(scenario.run() == scenario.expected)
    }

    @Test("etcd's transient failures on reads", arguments: transientReadsRows)
    func transientReads(_ scenario: CallScenario) {
        #expect(scenario.run() == scenario.expected)
    }

    @Test("authentication and token refresh", arguments: authenticationRows)
    func authentication(_ scenario: CallScenario) {
        #expect(scenario.run() == scenario.expected)
    }

    /// Codes (and etcd messages) no retry can help: the call fails at once with the error an
    /// operator reads, for reads and writes alike, and no endpoint is set aside.
    @Test("failures no retry can help", arguments: [
        (RPCError.Code.permissionDenied, "etcdserver: permission denied", "permissionDenied: permission denied"),
        (.invalidArgument, "etcdserver: request is too large", "requestTooLarge: request is too large"),
        (.resourceExhausted, "message larger than max (2097152 vs. 1048576)",
         "requestTooLarge: message larger than max (2097152 vs. 1048576)"),
        (.invalidArgument, "etcdserver: user name is empty", "authenticationFailed: this cluster requires authentication"),
        (.invalidArgument, "etcdserver: authentication failed, invalid user ID or password",
         "authenticationFailed: authentication failed, invalid user ID or password"),
        (.outOfRange, "etcdserver: mvcc: required revision has been compacted",
         "compacted: mvcc: required revision has been compacted"),
        (.resourceExhausted, "etcdserver: mvcc: database space exceeded", "server: mvcc: database space exceeded"),
        (.failedPrecondition, "etcdserver: not leader", "server: not leader"),
        (.invalidArgument, "etcdserver: too many operations in txn request", "server: too many operations in txn request"),
        (.dataLoss, "etcdserver: corrupt cluster", "server: corrupt cluster"),
        (.unimplemented, "Method not found: etcdserverpb.KV/Range", "server: Method not found: etcdserverpb.KV/Range"),
        (.cancelled, "Cancelled", "cancelled: cancelled"),
        (.unavailable, "SSL handshake failed", "tls: TLS handshake failed: SSL handshake failed"),
    ], [EtcdCallMachine.Operation.read, .write])
    func failsAtOnce(_ row: (RPCError.Code, String, String), operation: EtcdCallMachine.Operation) {
        let (code, message, expected) = row
        let scenario = CallScenario(name: message, operation: operation,
                                    steps: [.at(10, .callFailed(failure(code, message)))],
                                    expected: ["send 0 (5s)", "fail \(expected)"])
        #expect(scenario.run() == scenario.expected)
    }

    /// With every endpoint refusing at once, the pauses between rounds double from the policy's
    /// first delay up to its cap, the last one is cut to the time left, and then the call fails.
    @Test("backoff between rounds grows to its cap", arguments: [
        (Etcd.RetryPolicy(jitter: 0), [50, 100, 200, 400, 800, 1000, 1000, 1000, 270]),
        (Etcd.RetryPolicy(initialBackoff: .milliseconds(100), maxBackoff: .milliseconds(500), multiplier: 3, jitter: 0),
         [100, 300, 500, 500, 500, 500, 500, 500, 500, 500, 380]),
    ])
    func backoffGrowth(_ retry: Etcd.RetryPolicy, _ pauses: [Int64]) {
        let outcome = Self.everyEndpointRefusing(retry: retry)
        #expect(outcome.pauses == pauses)
        #expect(outcome.last == "fail timeout: no answer within 5s (--timeout); last error: 127.0.0.1:2380: connection refused")
    }

    /// Jitter keeps each pause within ±20% of the curve, and one seed replays the same pauses.
    @Test("backoff jitter stays within its bounds and follows the seed", arguments: [1, 2, 3, 42] as [UInt64])
    func backoffJitter(_ seed: UInt64) {
        let curve: [Int64] = [50, 100, 200, 400, 800, 1000, 1000]
        let jittered = Self.everyEndpointRefusing(retry: Etcd.RetryPolicy(), seed: seed).pauses
        for (pause, base) in zip(jittered, curve) {
            #expect(pause >= base * 8 / 10 - 1 && pause <= base * 12 / 10 + 1, "pause \(pause) ms around \(base) ms")
        }
        #expect(jittered.count >= curve.count)
        #expect(Self.everyEndpointRefusing(retry: Etcd.RetryPolicy(), seed: seed).pauses == jittered)
    }

    /// Drives a call on two endpoints that refuse every dial 10 ms after it starts, waking from
    /// each pause on time, until the call fails; returns the pauses (ms) and the last action.
    static func everyEndpointRefusing(retry: Etcd.RetryPolicy, seed: UInt64 = 1) -> (pauses: [Int64], last: String) {
        var scenario = CallScenario(name: "every endpoint refusing", endpoints: 2, proven: [], retry: retry, steps: [],
                                    expected: [])
        var pauses: [Int64] = []
        var now: Int64 = 0
        while true {
            let log = scenario.run(seed: seed)
            guard let last = log.last, last.hasPrefix("dial ") || last.hasPrefix("back off ") else {
                return (pauses, log.last ?? "")
            }
            if last.hasPrefix("dial ") {
                let index = last.dropFirst("dial ".count).prefix { $0 != " " }
                now += 10
                scenario.steps.append(.at(now, .dialFailed(failure(.unavailable, refused, on: Int(index) ?? 0))))
            } else {
                let text = last.dropFirst("back off ".count)
                let ms = text.hasSuffix("ms") ? Int64(text.dropLast(2)) ?? 0 : (Int64(text.dropLast()) ?? 0) * 1000
                pauses.append(ms)
                now += ms
                scenario.steps.append(.at(now, .wokeUp))
            }
        }
    }
}
