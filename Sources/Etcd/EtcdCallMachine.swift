/// The decisions of one etcd call: which endpoint to try, when to dial, authenticate, send, back
/// off, re-authenticate or give up, and with which error. It does no I/O and reads no clock.
///
/// The client's driver loop performs each ``Action`` and reports how it went as an ``Event``,
/// with the time and the endpoint pool as they are then:
///
/// ```
/// var action = machine.start(at: now, pool: pool)
/// while true {
///     let event = perform(action)            // dial, authenticate, send, sleep, bookkeeping
///     action = machine.on(event, at: now, pool: pool)
/// }
/// ```
///
/// The rules (close to etcd's clientv3, more conservative with writes):
/// - Endpoints are tried in the pool's order (preferred first, set-aside ones last). One not
///   proven by an answer since it last failed is dialled first (a status call), bounded by the
///   dial timeout while another endpoint is left to try; the last candidate gets the time left.
/// - A failed dial, an `unavailable` endpoint or (for reads) a call that ran out of its time
///   sets the endpoint aside and moves to the next. When every endpoint has failed this round,
///   the call backs off (exponentially, with jitter) and starts a new round.
/// - The budget is the call's deadline (`--timeout`): when it has passed, the call fails with
///   the last error seen.
/// - A write that may have reached etcd is never sent again: a lost connection, an
///   `unavailable` answer or a transient etcd failure makes its outcome unknown. Only a write
///   the transport proves was never sent, or one refused with "no leader" under a code other
///   than `unavailable`, is tried again. (Conditional transactions are writes like any other
///   here: repeating one whose outcome is unknown could report the caller's own change as a
///   conflict. Unconditional multi-puts are repeated a level up, by `putMany`.)
/// - Reads are retried on etcd's transient failures (`too many requests`, …) after a backoff.
/// - An `unauthenticated` "invalid auth token" answer drops the token and authenticates again,
///   once per call.
/// - Anything else (permission denied, bad credentials, a compacted revision, a request too
///   large, TLS) fails at once.
struct EtcdCallMachine: Sendable {
    /// Whether a call changes the store (and so must not be repeated once it may have been applied).
    enum Operation: Sendable, Equatable { case read, write }

    /// What the driver reports after performing an action.
    enum Event: Sendable, Equatable {
        /// The dial probe was answered.
        case dialSucceeded
        /// The dial probe failed.
        case dialFailed(EtcdCallFailure)
        /// A token is at hand (obtained now, or cached from an earlier call).
        case authenticated
        /// Obtaining a token failed.
        case authenticationFailed(EtcdCallFailure)
        /// The call was answered.
        case callSucceeded
        /// The call failed.
        case callFailed(EtcdCallFailure)
        /// A ``Action/setAside(endpoint:reason:)`` or ``Action/forgetToken`` was carried out.
        case recorded
        /// A ``Action/backOff(_:)`` pause is over.
        case wokeUp
        /// The task running the call was cancelled.
        case cancelled
    }

    /// What the driver does next.
    enum Action: Sendable, Equatable {
        /// Prove `endpoint` answers (a status call) within `timeout`; report
        /// ``Event/dialSucceeded`` or ``Event/dialFailed(_:)``.
        case dial(endpoint: Int, timeout: Duration)
        /// Make sure a token is at hand, authenticating on `endpoint` within `timeout` if none is
        /// cached; report ``Event/authenticated`` or ``Event/authenticationFailed(_:)``.
        case authenticate(endpoint: Int, timeout: Duration)
        /// Send the call to `endpoint` with `timeout` left; report ``Event/callSucceeded`` or
        /// ``Event/callFailed(_:)``.
        case send(endpoint: Int, timeout: Duration)
        /// Set `endpoint` aside for the configured while, recording `reason`; report ``Event/recorded``.
        case setAside(endpoint: Int, reason: String)
        /// Drop the cached token (it is no longer valid); report ``Event/recorded``.
        case forgetToken
        /// Sleep this long; report ``Event/wokeUp``.
        case backOff(Duration)
        /// Done: `endpoint` answered (it becomes the preferred one).
        case succeed(endpoint: Int)
        /// Done: the call failed with this error.
        case fail(EtcdError)
    }

    /// Where the call is.
    enum State: Sendable, Equatable {
        /// Not started.
        case idle
        /// Waiting for a dial probe of an endpoint.
        case dialling(Int)
        /// Waiting for a token from an endpoint.
        case authenticating(Int)
        /// Waiting for the call's answer from an endpoint.
        case sending(Int)
        /// Waiting for an endpoint to be set aside; then the next attempt, or failing with the error.
        case settingAside(Int, failing: EtcdError?)
        /// Waiting for the expired token to be dropped; then the next attempt authenticates again.
        case reauthenticating
        /// Waiting out a backoff pause.
        case backingOff
        /// Finished with an answer from an endpoint.
        case succeeded(Int)
        /// Finished with an error.
        case failed
    }

    /// The call's kind.
    let operation: Operation
    /// The key the call is about, named in errors.
    let key: String?
    /// When the call's time is up.
    let deadline: ContinuousClock.Instant
    /// The cluster, timeouts, credentials and retry policy.
    let configuration: EtcdConfiguration

    /// Where the call is.
    private(set) var state: State = .idle
    /// Endpoints tried in this round.
    private(set) var tried: Set<Int> = []
    /// Backoff pauses taken so far (the next pause grows with it).
    private(set) var retries = 0
    /// Whether the token was dropped and obtained again in this call already.
    private(set) var reauthenticated = false
    /// The last failure that led to another attempt, named when time runs out.
    private(set) var lastError: EtcdError?
    /// Draws the backoff jitter.
    private var generator: SeededGenerator

    /// A call of `operation` about `key` that must finish by `deadline`; `seed` draws its jitter.
    init(_ operation: Operation, key: String?, deadline: ContinuousClock.Instant, configuration: EtcdConfiguration,
         seed: UInt64) {
        self.operation = operation
        self.key = key
        self.deadline = deadline
        self.configuration = configuration
        self.generator = SeededGenerator(seed: seed)
    }

    /// Starts the call: the first attempt.
    mutating func start(at now: ContinuousClock.Instant, pool: EndpointPool) -> Action {
        precondition(state == .idle, "an etcd call is started once")
        return nextAttempt(at: now, pool: pool)
    }

    /// Takes in what happened at `now`, with the endpoint pool as it is then; returns what to do next.
    mutating func on(_ event: Event, at now: ContinuousClock.Instant, pool: EndpointPool) -> Action {
        switch (state, event) {
        case (.succeeded, _), (.failed, _):
            preconditionFailure("etcd call machine: \(event) after the call finished")
        case (_, .cancelled):
            return fail(EtcdError(.cancelled, key: key, message: "cancelled"))
        case (.dialling(let index), .dialSucceeded):
            return proceed(to: index, at: now)
        case (.dialling(let index), .dialFailed(let failure)):
            return dialFailed(index, failure)
        case (.authenticating(let index), .authenticated):
            state = .sending(index)
            return .send(endpoint: index, timeout: now.duration(to: deadline))
        case (.authenticating(let index), .authenticationFailed(let failure)):
            return authenticationFailed(index, failure)
        case (.sending(let index), .callSucceeded):
            state = .succeeded(index)
            return .succeed(endpoint: index)
        case (.sending(let index), .callFailed(let failure)):
            return callFailed(index, failure, at: now, pool: pool)
        case (.settingAside(_, let failing?), .recorded):
            return fail(failing)
        case (.settingAside(_, nil), .recorded), (.reauthenticating, .recorded), (.backingOff, .wokeUp):
            return nextAttempt(at: now, pool: pool)
        default:
            preconditionFailure("etcd call machine: \(event) while \(state)")
        }
    }

    // MARK: - Attempts

    /// Chooses the next endpoint and how to approach it, backs off after a round in which every
    /// endpoint failed, or fails when the time is up.
    private mutating func nextAttempt(at now: ContinuousClock.Instant, pool: EndpointPool) -> Action {
        while true {
            let remaining = now.duration(to: deadline)
            if remaining <= .zero {
                return fail(.noAnswer(within: configuration.requestTimeout, key: key, last: lastError,
                                      write: operation == .write))
            }
            let order = pool.attemptOrder(at: now)
            guard let index = order.first(where: { !tried.contains($0) }) else {
                // Every endpoint failed this round: pause, then start a new round.
                tried.removeAll()
                if let pause = backOff(remaining: remaining) { return pause }
                continue
            }
            tried.insert(index)
            guard pool.isProven(index) else {
                // The dial timeout bounds the wait while another endpoint could answer instead;
                // the last candidate gets whatever time the call has left.
                let others = order.contains { $0 != index && !tried.contains($0) }
                state = .dialling(index)
                return .dial(endpoint: index, timeout: others ? min(configuration.dialTimeout, remaining) : remaining)
            }
            return proceed(to: index, at: now)
        }
    }

    /// After a successful dial (or none needed): authenticate when there are credentials, else send.
    private mutating func proceed(to index: Int, at now: ContinuousClock.Instant) -> Action {
        let remaining = now.duration(to: deadline)
        if configuration.credentials != nil {
            state = .authenticating(index)
            return .authenticate(endpoint: index, timeout: remaining)
        }
        state = .sending(index)
        return .send(endpoint: index, timeout: remaining)
    }

    /// The next backoff pause (cut to the time left), or nil when there is no time to pause.
    private mutating func backOff(remaining: Duration) -> Action? {
        retries += 1
        let pause = min(configuration.retry.delay(forRetry: retries, using: &generator), remaining)
        guard pause > .zero else { return nil }
        state = .backingOff
        return .backOff(pause)
    }

    // MARK: - Failures

    private mutating func dialFailed(_ index: Int, _ failure: EtcdCallFailure) -> Action {
        switch failure.code {
        case .cancelled?:
            return fail(failure.error)
        case .unavailable? where failure.condition == .tlsHandshake:
            return fail(failure.error)
        default:
            // Nothing was sent: whatever the reason, another endpoint may answer.
            let reason = failure.code == .deadlineExceeded ? "no answer within the dial timeout" : failure.error.message
            lastError = EtcdError(.unavailable, endpoint: configuration.endpoints[index], key: key, message: reason)
            return setAside(index, reason: reason)
        }
    }

    private mutating func authenticationFailed(_ index: Int, _ failure: EtcdCallFailure) -> Action {
        switch failure.code {
        case .unavailable? where failure.condition != .tlsHandshake, .deadlineExceeded?:
            // Authenticating writes nothing, so trying another endpoint is always safe.
            lastError = failure.error
            return setAside(index, reason: failure.error.message)
        default:
            return fail(failure.error)
        }
    }

    private mutating func callFailed(_ index: Int, _ failure: EtcdCallFailure, at now: ContinuousClock.Instant,
                                     pool: EndpointPool) -> Action {
        let error = failure.error
        switch failure.code {
        case .unauthenticated? where failure.condition == .invalidAuthToken && configuration.credentials != nil
            && !reauthenticated:
            // The token expired or the member restarted: authenticate again, once.
            reauthenticated = true
            tried.remove(index)
            state = .reauthenticating
            return .forgetToken
        case .unavailable? where failure.condition == .tlsHandshake:
            return fail(error)
        case .unavailable?:
            // The endpoint is down or cut off (etcd 3.4 also says `no leader`, `leader changed`
            // and `request timed out` this way).
            if operation == .write && failure.mayHaveReachedEtcd && failure.condition?.refusedBeforeProposal != true {
                return setAside(index, reason: error.message, failing: error.writeOutcomeUnknown(connectionLost: true))
            }
            lastError = error
            return setAside(index, reason: error.message)
        case .deadlineExceeded?:
            if now < deadline && operation == .read {
                lastError = error
                return setAside(index, reason: error.message)
            }
            return fail(.noAnswer(within: configuration.requestTimeout, key: key, last: error, write: operation == .write))
        case .cancelled?, .permissionDenied?, .unauthenticated?:
            return fail(error)
        default:
            guard let condition = failure.condition, condition.isTransient else { return fail(error) }
            // etcd refused for now (`too many requests`, …): the same endpoint, after a pause. A
            // write may have been applied, unless etcd refused it before proposing it.
            if operation == .write && !condition.refusedBeforeProposal {
                return fail(error.writeOutcomeUnknown(connectionLost: false))
            }
            lastError = error
            tried.remove(index)
            return backOff(remaining: now.duration(to: deadline)) ?? nextAttempt(at: now, pool: pool)
        }
    }

    private mutating func setAside(_ index: Int, reason: String, failing: EtcdError? = nil) -> Action {
        state = .settingAside(index, failing: failing)
        return .setAside(endpoint: index, reason: reason)
    }

    private mutating func fail(_ error: EtcdError) -> Action {
        state = .failed
        return .fail(error)
    }
}
