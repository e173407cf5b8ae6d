import EtcdAPI
import Foundation
import GRPCCore
import Logging
import Synchronization

/// A client for an etcd v3 cluster over gRPC, as dependable as etcd's own clientv3.
///
/// - Several endpoints: a failing one is set aside for a while and the next is used.
/// - Every call has a deadline (`requestTimeout`) that covers its retries; connecting to an
///   endpoint is bounded by `dialTimeout`.
/// - Reads are retried with backoff while endpoints are unavailable; writes are retried only
///   when the request provably never left this process.
/// - With credentials, a token is obtained and refreshed when etcd rejects it.
public final class EtcdClient: Sendable {
    /// The configuration this client was made with.
    public let configuration: EtcdConfiguration
    let logger: Logger
    let state: Mutex<PoolState>

    struct PoolState: ~Copyable {
        var connections: [EndpointConnection?]
        var preferred = 0
        var setAsideUntil: [ContinuousClock.Instant?]
        var proven: [Bool]
        var lastError: [String?]
        var token: String?
        var closed = false
    }

    /// Whether an operation changes the store (and so must not be repeated once sent).
    enum Operation { case read, write }

    /// Creates a client. Nothing is contacted until the first call.
    public init(configuration: EtcdConfiguration, logger: Logger = Logger(label: "poddeck.etcd")) throws(EtcdError) {
        guard !configuration.endpoints.isEmpty else {
            throw EtcdError(.invalidConfiguration, message: "no etcd endpoints configured")
        }
        if let tls = configuration.tls {
            for (flag, path) in [("--cacert", tls.caFile), ("--cert", tls.certFile), ("--key", tls.keyFile)] {
                guard let path else { continue }
                if !FileManager.default.isReadableFile(atPath: path) {
                    throw EtcdError(.tls, message: "cannot read \(flag) file \(path)",
                                    hint: "check the path and its permissions")
                }
            }
            if (tls.certFile == nil) != (tls.keyFile == nil) {
                throw EtcdError(.tls, message: "--cert and --key must be given together")
            }
        }
        self.configuration = configuration
        self.logger = logger
        let n = configuration.endpoints.count
        self.state = Mutex(PoolState(connections: Array(repeating: nil, count: n),
                                     setAsideUntil: Array(repeating: nil, count: n),
                                     proven: Array(repeating: false, count: n),
                                     lastError: Array(repeating: nil, count: n)))
    }

    deinit {
        state.withLock { s in
            for c in s.connections { c?.shutdown() }
        }
    }

    /// Closes every connection. Calls made afterwards fail.
    public func close() async {
        let conns: [EndpointConnection] = state.withLock { s in
            s.closed = true
            let all = s.connections.compactMap { $0 }
            s.connections = Array(repeating: nil, count: s.connections.count)
            return all
        }
        for c in conns { c.shutdown() }
        for c in conns { await c.waitUntilStopped() }
    }

    /// The endpoint calls currently go to first.
    public var currentEndpoint: EtcdEndpoint {
        configuration.endpoints[state.withLock { $0.preferred }]
    }

    /// Health of each endpoint as this client sees it.
    public func endpointHealth() -> [(endpoint: EtcdEndpoint, healthy: Bool, lastError: String?)] {
        let now = ContinuousClock.now
        return state.withLock { s in
            configuration.endpoints.indices.map { i in
                let aside = s.setAsideUntil[i].map { $0 > now } ?? false
                return (configuration.endpoints[i], !aside && s.lastError[i] == nil, s.lastError[i])
            }
        }
    }

    // MARK: - Endpoint selection

    func connection(at index: Int) throws(EtcdError) -> EndpointConnection {
        let endpoint = configuration.endpoints[index]
        let tls = configuration.tls
        return try state.withLock { (s: inout PoolState) throws(EtcdError) -> EndpointConnection in
            if s.closed { throw EtcdError(.cancelled, endpoint: endpoint, message: "client closed") }
            if let c = s.connections[index] { return c }
            let c = try EndpointConnection(endpoint: endpoint, tls: tls)
            s.connections[index] = c
            return c
        }
    }

    /// The order in which endpoints are tried for the next attempt: preferred first, then the
    /// others; endpoints that are set aside go last, soonest-expiring first.
    func attemptOrder() -> [Int] {
        let now = ContinuousClock.now
        return state.withLock { s in
            let n = s.connections.count
            let rotated = (0..<n).map { (s.preferred + $0) % n }
            let ready = rotated.filter { s.setAsideUntil[$0].map { $0 <= now } ?? true }
            let aside = rotated.filter { !ready.contains($0) }
                .sorted { (s.setAsideUntil[$0] ?? now) < (s.setAsideUntil[$1] ?? now) }
            return ready + aside
        }
    }

    func markHealthy(_ index: Int) {
        state.withLock { s in
            if s.preferred != index {
                logger.info("etcd: now using \(configuration.endpoints[index])")
            }
            s.preferred = index
            s.proven[index] = true
            s.setAsideUntil[index] = nil
            s.lastError[index] = nil
        }
    }

    func setAside(_ index: Int, reason: String) {
        let until = ContinuousClock.now.advanced(by: configuration.setAsideDuration)
        state.withLock { s in
            s.proven[index] = false
            s.setAsideUntil[index] = until
            s.lastError[index] = reason
            if s.preferred == index {
                s.preferred = (index + 1) % s.connections.count
            }
        }
        logger.warning("etcd: endpoint \(configuration.endpoints[index]) set aside: \(reason)")
    }

    func isProven(_ index: Int) -> Bool { state.withLock { $0.proven[index] } }

    // MARK: - The call loop

    /// Runs `body` against the cluster with failover, retries, deadline and auth.
    func execute<R: Sendable>(
        _ operation: Operation,
        key: String?,
        timeout: Duration? = nil,
        _ body: @Sendable (EndpointConnection, CallOptions, Metadata) async throws -> R
    ) async throws(EtcdError) -> (R, EtcdEndpoint) {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout ?? configuration.requestTimeout)
        var retries = 0
        var tokenRefreshed = false
        var lastError: EtcdError?
        var tried = Set<Int>()

        while true {
            if Task.isCancelled {
                throw EtcdError(.cancelled, key: key, message: "cancelled")
            }
            let remaining = clock.now.duration(to: deadline)
            if remaining <= .zero {
                throw timeoutError(key: key, last: lastError, operation: operation)
            }
            let order = attemptOrder()
            let index = order.first { !tried.contains($0) } ?? order[0]
            if tried.count >= order.count {
                // Every endpoint failed this round: back off, then start a new round.
                retries += 1
                let pause = min(configuration.retry.delay(forRetry: retries), clock.now.duration(to: deadline))
                if pause > .zero { try? await Task.sleep(for: pause) }
                tried.removeAll()
                continue
            }
            tried.insert(index)
            let endpoint = configuration.endpoints[index]
            let conn = try connection(at: index)

            // Dial: prove the endpoint answers within the dial timeout before sending the call.
            if !isProven(index) {
                // The dial timeout bounds the wait when another endpoint could answer instead; the
                // last candidate gets whatever time the call has left.
                let others = order.contains { $0 != index && !tried.contains($0) }
                let remaining = clock.now.duration(to: deadline)
                let dial = others ? min(configuration.dialTimeout, remaining) : remaining
                do {
                    _ = try await probe(conn, timeout: dial)
                } catch {
                    let e = EtcdError.classify(error, endpoint: endpoint, key: key)
                    if e.kind == .tls { throw EtcdError.explainingTLS(e, tls: configuration.tls) }
                    if e.kind == .cancelled { throw e }
                    let reason = e.kind == .timeout ? "no answer within the dial timeout" : e.message
                    setAside(index, reason: reason)
                    lastError = EtcdError(.unavailable, endpoint: endpoint, key: key, message: reason)
                    continue
                }
            }

            var metadata = Metadata()
            if let credentials = configuration.credentials {
                do {
                    let token = try await ensureToken(conn, credentials: credentials, deadline: deadline)
                    metadata.addString(token, forKey: "token")
                } catch let e as EtcdError {
                    // Authenticating writes nothing, so trying another endpoint is always safe.
                    guard e.isEndpointFailure else { throw e }
                    setAside(index, reason: e.message)
                    lastError = e
                    continue
                } catch {
                    throw EtcdError.classify(error, endpoint: endpoint, key: key)
                }
            }

            var options = CallOptions.defaults
            options.timeout = clock.now.duration(to: deadline)
            options.waitForReady = false
            options.maxRequestMessageBytes = configuration.maxMessageBytes
            options.maxResponseMessageBytes = configuration.maxMessageBytes

            do {
                let result = try await body(conn, options, metadata)
                markHealthy(index)
                return (result, endpoint)
            } catch {
                logger.debug("etcd call failed on \(endpoint): \(String(reflecting: error))")
                var e = EtcdError.classify(error, endpoint: endpoint, key: key)
                if e.kind == .authenticationFailed, configuration.credentials != nil, !tokenRefreshed,
                   e.message.contains("invalid auth token") || e.message.contains("token") {
                    // The token expired or the member restarted: authenticate again, once.
                    tokenRefreshed = true
                    state.withLock { $0.token = nil }
                    tried.remove(index)
                    continue
                }
                switch e.kind {
                case .unavailable:
                    let notSent = (error as? RPCError).map(EtcdError.provablyNotSent) ?? false
                    setAside(index, reason: e.message)
                    if operation == .write && !notSent {
                        e.kind = .outcomeUnknown
                        e.message = "connection lost after the write was sent (\(e.message))"
                        e.hint = "the change may or may not have been applied; check with `poddeck get` before retrying"
                        throw e
                    }
                    lastError = e
                    continue
                case .timeout:
                    if clock.now < deadline && operation == .read {
                        setAside(index, reason: e.message)
                        lastError = e
                        continue
                    }
                    throw timeoutError(key: key, last: e, operation: operation)
                case .server where isTransientServerError(e.message):
                    if operation == .write && !e.message.contains("no leader") {
                        e.kind = .outcomeUnknown
                        e.hint = "the change may or may not have been applied; check with `poddeck get` before retrying"
                        throw e
                    }
                    lastError = e
                    retries += 1
                    let pause = min(configuration.retry.delay(forRetry: retries), clock.now.duration(to: deadline))
                    if pause > .zero { try? await Task.sleep(for: pause) }
                    tried.remove(index)
                    continue
                case .tls:
                    throw EtcdError.explainingTLS(e, tls: configuration.tls)
                default:
                    throw e
                }
            }
        }
    }

    private func isTransientServerError(_ message: String) -> Bool {
        let m = message.lowercased()
        return m.contains("no leader") || m.contains("leader changed") || m.contains("request timed out")
            || m.contains("too many requests") || m.contains("not capable")
    }

    private func timeoutError(key: String?, last: EtcdError?, operation: Operation) -> EtcdError {
        let seconds = configuration.requestTimeout.components.seconds
        var message = "no answer within \(seconds)s (--timeout)"
        if let last { message += "; last error: \(last.endpoint.map { "\($0.authority): " } ?? "")\(last.message)" }
        let hint = operation == .write
            ? "the change may or may not have been applied; the cluster may have lost quorum; check with `poddeck get`"
            : "check that etcd is running and has quorum (etcdctl endpoint health)"
        return EtcdError(operation == .write ? .outcomeUnknown : .timeout, endpoint: last?.endpoint, key: key,
                         message: message, hint: hint)
    }

    // MARK: - Dial probe and auth

    /// Asks the member for its status; used to prove an endpoint answers before sending a call.
    @discardableResult
    func probe(_ conn: EndpointConnection, timeout: Duration) async throws -> Etcdserverpb_StatusResponse {
        var options = CallOptions.defaults
        options.timeout = timeout
        // Fail fast on refused connections and TLS failures instead of waiting for a retry.
        options.waitForReady = false
        return try await conn.maintenance.status(Etcdserverpb_StatusRequest(), options: options)
    }

    private func ensureToken(_ conn: EndpointConnection, credentials: EtcdCredentials,
                             deadline: ContinuousClock.Instant) async throws -> String {
        if let token = state.withLock({ $0.token }) { return token }
        var request = Etcdserverpb_AuthenticateRequest()
        request.name = credentials.user
        request.password = credentials.password
        var options = CallOptions.defaults
        options.timeout = ContinuousClock.now.duration(to: deadline)
        options.waitForReady = false
        let response: Etcdserverpb_AuthenticateResponse
        do {
            response = try await conn.auth.authenticate(request, options: options)
        } catch {
            var e = EtcdError.classify(error, endpoint: conn.endpoint, key: nil)
            if e.kind == .server || e.kind == .authenticationFailed {
                e.kind = .authenticationFailed
                e.message = "authentication as \(credentials.user) failed: \(e.message)"
                e.hint = "check the user name and password"
            }
            throw e
        }
        state.withLock { $0.token = response.token }
        return response.token
    }
}
