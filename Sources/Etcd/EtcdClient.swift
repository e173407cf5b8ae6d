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
        var pool: EndpointPool
        var token: String?
        var closed = false
    }

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
        self.state = Mutex(PoolState(connections: Array(repeating: nil, count: n), pool: EndpointPool(count: n)))
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
        configuration.endpoints[state.withLock { $0.pool.preferred }]
    }

    /// Health of each endpoint as this client sees it.
    public func endpointHealth() -> [(endpoint: EtcdEndpoint, healthy: Bool, lastError: String?)] {
        let now = ContinuousClock.now
        let pool = state.withLock { $0.pool }
        return configuration.endpoints.indices.map { i in
            (configuration.endpoints[i], pool.isHealthy(i, at: now), pool.lastError[i])
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

    /// The order in which endpoints are tried for the next attempt (see ``EndpointPool``).
    func attemptOrder() -> [Int] {
        let now = ContinuousClock.now
        return state.withLock { $0.pool.attemptOrder(at: now) }
    }

    /// Records that `index` answered: calls go there first from now on.
    func markHealthy(_ index: Int) {
        if state.withLock({ $0.pool.markHealthy(index) }) {
            logger.info("etcd: now using \(configuration.endpoints[index])")
        }
    }

    /// Sets `index` aside for ``EtcdConfiguration/setAsideDuration`` because of `reason`.
    func setAside(_ index: Int, reason: String) {
        let until = ContinuousClock.now.advanced(by: configuration.setAsideDuration)
        state.withLock { $0.pool.setAside(index, reason: reason, until: until) }
        logger.warning("etcd: endpoint \(configuration.endpoints[index]) set aside: \(reason)")
    }

    func isProven(_ index: Int) -> Bool { state.withLock { $0.pool.isProven(index) } }

    // MARK: - The call loop

    /// Runs `body` against the cluster with failover, retries, deadline and auth: performs the
    /// actions of an ``EtcdCallMachine`` until it succeeds or fails.
    func execute<R: Sendable>(
        _ operation: EtcdCallMachine.Operation,
        key: String?,
        timeout: Duration? = nil,
        _ body: @Sendable (EndpointConnection, CallOptions, Metadata) async throws -> R
    ) async throws(EtcdError) -> (R, EtcdEndpoint) {
        let start = ContinuousClock.now
        var machine = EtcdCallMachine(operation, key: key,
                                      deadline: start.advanced(by: timeout ?? configuration.requestTimeout),
                                      configuration: configuration, seed: UInt64.random(in: .min ... .max))
        var action = machine.start(at: start, pool: state.withLock { $0.pool })
        var token: String?
        var answer: R?
        while true {
            let event: EtcdCallMachine.Event
            switch action {
            case .succeed(let index):
                markHealthy(index)
                guard let answer else { preconditionFailure("an etcd call succeeded without an answer") }
                return (answer, configuration.endpoints[index])
            case .fail(let error):
                throw EtcdError.explainingTLS(error, tls: configuration.tls)
            case .setAside(let index, let reason):
                setAside(index, reason: reason)
                event = .recorded
            case .forgetToken:
                state.withLock { $0.token = nil }
                token = nil
                event = .recorded
            case _ where Task.isCancelled:
                event = .cancelled
            case .backOff(let pause):
                try? await Task.sleep(for: pause)
                event = .wokeUp
            case .dial(let index, let timeout):
                let conn = try connection(at: index)
                do {
                    try await probe(conn, timeout: timeout)
                    event = .dialSucceeded
                } catch {
                    event = .dialFailed(EtcdCallFailure(error, endpoint: conn.endpoint, key: key))
                }
            case .authenticate(let index, let timeout):
                let conn = try connection(at: index)
                do {
                    token = try await ensureToken(conn, timeout: timeout)
                    event = .authenticated
                } catch {
                    event = .authenticationFailed(error)
                }
            case .send(let index, let timeout):
                let conn = try connection(at: index)
                var metadata = Metadata()
                if let token { metadata.addString(token, forKey: "token") }
                var options = CallOptions.defaults
                options.timeout = timeout
                options.waitForReady = false
                options.maxRequestMessageBytes = configuration.maxMessageBytes
                options.maxResponseMessageBytes = configuration.maxMessageBytes
                do {
                    answer = try await body(conn, options, metadata)
                    event = .callSucceeded
                } catch {
                    logger.debug("etcd call failed on \(conn.endpoint): \(String(reflecting: error))")
                    event = .callFailed(EtcdCallFailure(error, endpoint: conn.endpoint, key: key))
                }
            }
            action = machine.on(event, at: .now, pool: state.withLock { $0.pool })
        }
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

    /// The cached token, or a new one obtained from `conn` within `timeout`.
    private func ensureToken(_ conn: EndpointConnection, timeout: Duration) async throws(EtcdCallFailure) -> String {
        if let token = state.withLock({ $0.token }) { return token }
        guard let credentials = configuration.credentials else {
            preconditionFailure("authenticating without credentials")
        }
        var request = Etcdserverpb_AuthenticateRequest()
        request.name = credentials.user
        request.password = credentials.password
        var options = CallOptions.defaults
        options.timeout = timeout
        options.waitForReady = false
        let response: Etcdserverpb_AuthenticateResponse
        do {
            response = try await conn.auth.authenticate(request, options: options)
        } catch {
            throw EtcdCallFailure(authenticating: error, as: credentials.user, endpoint: conn.endpoint)
        }
        state.withLock { $0.token = response.token }
        return response.token
    }
}
