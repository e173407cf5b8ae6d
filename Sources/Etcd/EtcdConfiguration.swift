/// Everything needed to talk to an etcd cluster.
public struct EtcdConfiguration: Sendable {
    /// Client URLs of the members; the first healthy one is used, others on failure.
    public var endpoints: [EtcdEndpoint]
    /// Deadline for establishing a connection to one endpoint (`--dial-timeout`).
    public var dialTimeout: Duration
    /// Deadline for a whole call including retries (`--timeout`).
    public var requestTimeout: Duration
    /// TLS settings, used for `https://` endpoints (and forced when set).
    public var tls: EtcdTLS?
    /// Username and password for etcd auth, if enabled on the cluster.
    public var credentials: EtcdCredentials?
    /// Keys per page when listing a prefix (`--page-size`).
    public var pageSize: Int
    /// How failed reads are retried.
    public var retry: RetryPolicy
    /// How long a failed endpoint is set aside before it is tried again.
    public var setAsideDuration: Duration
    /// Largest message accepted from or sent to etcd.
    public var maxMessageBytes: Int

    /// Creates a configuration with etcdctl's defaults.
    public init(endpoints: [EtcdEndpoint],
                dialTimeout: Duration = .seconds(2),
                requestTimeout: Duration = .seconds(5),
                tls: EtcdTLS? = nil,
                credentials: EtcdCredentials? = nil,
                pageSize: Int = 1000,
                retry: RetryPolicy = RetryPolicy(),
                setAsideDuration: Duration = .seconds(3),
                maxMessageBytes: Int = 512 * 1024 * 1024) {
        self.endpoints = endpoints
        self.dialTimeout = dialTimeout
        self.requestTimeout = requestTimeout
        self.tls = tls
        self.credentials = credentials
        self.pageSize = pageSize
        self.retry = retry
        self.setAsideDuration = setAsideDuration
        self.maxMessageBytes = maxMessageBytes
    }
}

/// TLS material for etcd (`--cacert`, `--cert`, `--key`).
public struct EtcdTLS: Sendable, Hashable {
    /// PEM file with the CA certificates that sign the server certificates; nil uses the system roots.
    public var caFile: String?
    /// PEM client certificate for mutual TLS.
    public var certFile: String?
    /// PEM private key matching `certFile`.
    public var keyFile: String?
    /// Skip server certificate verification (`--insecure-skip-tls-verify`). Dangerous.
    public var insecureSkipVerify: Bool

    /// Creates TLS settings.
    public init(caFile: String? = nil, certFile: String? = nil, keyFile: String? = nil, insecureSkipVerify: Bool = false) {
        self.caFile = caFile
        self.certFile = certFile
        self.keyFile = keyFile
        self.insecureSkipVerify = insecureSkipVerify
    }
}

/// Username and password for etcd's auth. The password is never logged or printed.
public struct EtcdCredentials: Sendable, Hashable, CustomStringConvertible {
    /// The etcd user.
    public var user: String
    /// The password.
    public var password: String

    /// Creates credentials.
    public init(user: String, password: String) {
        self.user = user
        self.password = password
    }

    /// The user name only; the password is redacted.
    public var description: String { "\(user):<redacted>" }
}

/// Exponential backoff with jitter for retried calls.
public struct RetryPolicy: Sendable, Hashable {
    /// First delay.
    public var initialBackoff: Duration
    /// Upper bound of one delay.
    public var maxBackoff: Duration
    /// Growth factor between attempts.
    public var multiplier: Double
    /// How far one delay may stray from the curve, as a fraction of it (0.2: ±20%).
    public var jitter: Double

    /// Creates a policy.
    public init(initialBackoff: Duration = .milliseconds(50), maxBackoff: Duration = .seconds(1), multiplier: Double = 2,
                jitter: Double = 0.2) {
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.multiplier = multiplier
        self.jitter = jitter
    }

    /// The delay before retry `attempt` (1-based), with ``jitter``, in whole milliseconds.
    public func delay(forRetry attempt: Int) -> Duration {
        var generator = SystemRandomNumberGenerator()
        return delay(forRetry: attempt, using: &generator)
    }

    /// The delay before retry `attempt` (1-based), its jitter drawn from `generator`.
    public func delay<G: RandomNumberGenerator>(forRetry attempt: Int, using generator: inout G) -> Duration {
        var seconds = Double(initialBackoff.components.seconds) + Double(initialBackoff.components.attoseconds) / 1e18
        let maxSeconds = Double(maxBackoff.components.seconds) + Double(maxBackoff.components.attoseconds) / 1e18
        for _ in 1..<max(attempt, 1) { seconds *= multiplier }
        seconds = min(seconds, maxSeconds)
        if jitter > 0 { seconds *= Double.random(in: (1 - jitter)...(1 + jitter), using: &generator) }
        return .milliseconds(Int64(seconds * 1000))
    }
}
