@testable import Etcd
import GRPCCore
import Testing

/// One row of the call machine's tables: a situation, the events a driver reports (each at a
/// time after the call started), and the actions the machine must answer with, written out.
///
/// Bookkeeping actions (set aside, forget the token) are carried out on the scenario's pool and
/// acknowledged by the runner, so rows list only what needs I/O: dials, authentications,
/// calls and pauses.
struct CallScenario: Sendable, CustomTestStringConvertible {
    /// What happened, and when (milliseconds after the call started).
    struct Step: Sendable {
        var milliseconds: Int64
        var event: EtcdCallMachine.Event
    }

    /// The endpoints: 127.0.0.1:2379, :2380, …
    static let endpoints = (0..<3).map { EtcdEndpoint(host: "127.0.0.1", port: 2379 + $0) }

    var name: String
    var operation: EtcdCallMachine.Operation = .read
    var endpoints = 3
    /// Endpoints that answered before the call; the first is preferred.
    var proven: [Int] = [0]
    /// Endpoints set aside before the call (for 1 s), in this order.
    var setAside: [Int] = []
    var credentials = false
    var retry = Etcd.RetryPolicy(jitter: 0)
    var steps: [Step]
    var expected: [String]

    var testDescription: String { name }

    /// The configuration rows run with: dial timeout 2 s, call deadline 5 s, endpoints set
    /// aside for 3 s, backoff 50 ms doubling up to 1 s without jitter (unless a row says).
    var configuration: EtcdConfiguration {
        var c = EtcdConfiguration(endpoints: Array(Self.endpoints.prefix(endpoints)), dialTimeout: .seconds(2),
                                  requestTimeout: .seconds(5), retry: retry, setAsideDuration: .seconds(3))
        if credentials { c.credentials = EtcdCredentials(user: "root", password: "pw") }
        return c
    }

    /// Runs the row and returns the actions, written out.
    func run(seed: UInt64 = 1) -> [String] {
        let start = ContinuousClock.now
        var pool = EndpointPool(count: endpoints)
        for index in proven.reversed() { pool.markHealthy(index) }
        for (n, index) in setAside.enumerated() {
            pool.setAside(index, reason: "set aside before", until: start + .milliseconds(1000 + n))
        }
        var machine = EtcdCallMachine(operation, key: "/k", deadline: start + .seconds(5), configuration: configuration,
                                      seed: seed)
        var log: [String] = []
        /// Logs `first` and carries out bookkeeping until an action needs I/O; returns that action.
        func settle(_ first: EtcdCallMachine.Action, at now: ContinuousClock.Instant) -> EtcdCallMachine.Action {
            var action = first
            while true {
                log.append(Self.describe(action))
                switch action {
                case .setAside(let index, let reason):
                    pool.setAside(index, reason: reason, until: now + .seconds(3))
                case .forgetToken:
                    break
                default:
                    return action
                }
                action = machine.on(.recorded, at: now, pool: pool)
            }
        }
        var pending = settle(machine.start(at: start, pool: pool), at: start)
        for step in steps {
            // An event the last action cannot lead to is a wrong row (or a wrong decision): say so
            // instead of handing it to the machine, which would stop the test process.
            guard Self.fits(step.event, after: pending) else {
                log.append("unexpected \(step.event) after \(log.last ?? "nothing")")
                break
            }
            let now = start + .milliseconds(step.milliseconds)
            pending = settle(machine.on(step.event, at: now, pool: pool), at: now)
        }
        return log
    }

    /// Whether a driver performing `action` could report `event`.
    static func fits(_ event: EtcdCallMachine.Event, after action: EtcdCallMachine.Action) -> Bool {
        switch (action, event) {
        case (.succeed, _), (.fail, _): false
        case (_, .cancelled): true
        case (.dial, .dialSucceeded), (.dial, .dialFailed): true
        case (.authenticate, .authenticated), (.authenticate, .authenticationFailed): true
        case (.send, .callSucceeded), (.send, .callFailed): true
        case (.backOff, .wokeUp): true
        default: false
        }
    }

    /// An action in a few words: `send 0 (5s)`, `back off 50ms`, `fail timeout: …`.
    static func describe(_ action: EtcdCallMachine.Action) -> String {
        switch action {
        case .dial(let index, let timeout): "dial \(index) (\(format(timeout)))"
        case .authenticate(let index, let timeout): "authenticate \(index) (\(format(timeout)))"
        case .send(let index, let timeout): "send \(index) (\(format(timeout)))"
        case .setAside(let index, let reason): "set aside \(index): \(reason)"
        case .forgetToken: "forget token"
        case .backOff(let pause): "back off \(format(pause))"
        case .succeed(let index): "succeed \(index)"
        case .fail(let error): "fail \(error.kind): \(error.message)"
        }
    }

    /// `5s`, `4950ms`.
    static func format(_ duration: Duration) -> String {
        let ms = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return ms % 1000 == 0 ? "\(ms / 1000)s" : "\(ms)ms"
    }
}

extension CallScenario.Step {
    /// `event` reported `milliseconds` after the call started.
    static func at(_ milliseconds: Int64, _ event: EtcdCallMachine.Event) -> Self {
        Self(milliseconds: milliseconds, event: event)
    }
}

/// A failure as the client would classify gRPC's `code` and `message` from `endpoint`.
func failure(_ code: RPCError.Code, _ message: String, on endpoint: Int = 0) -> EtcdCallFailure {
    EtcdCallFailure(RPCError(code: code, message: message), endpoint: CallScenario.endpoints[endpoint], key: "/k")
}

/// An authentication failure as the client would classify it.
func authFailure(_ code: RPCError.Code, _ message: String, on endpoint: Int = 0) -> EtcdCallFailure {
    EtcdCallFailure(authenticating: RPCError(code: code, message: message), as: "root",
                    endpoint: CallScenario.endpoints[endpoint])
}
