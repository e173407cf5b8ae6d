import GRPCCore

/// One failed step of an etcd call (dial probe, authentication or the call itself), reduced to
/// what ``EtcdCallMachine`` decides on: the gRPC status code, what etcd said that the code does
/// not tell, whether the request may have reached etcd, and the error an operator would read.
struct EtcdCallFailure: Error, Sendable, Equatable {
    /// A condition named only in an error's message.
    ///
    /// etcd sends most of its conditions with a generic code (etcd 3.4: `no leader`,
    /// `leader changed`, `request timed out` and `not capable` as `unavailable`, `too many
    /// requests` as `resourceExhausted`, `invalid auth token` as `unauthenticated`), and a
    /// failed TLS handshake reaches gRPC as `unavailable` too. Matching the message is the
    /// fallback for these, used where no code tells them apart.
    enum Condition: Sendable, Equatable {
        /// etcd no longer knows the auth token (it expired, or the member restarted).
        case invalidAuthToken
        /// The member has no leader; etcd refused the request before proposing it.
        case noLeader
        /// The leader changed while the request was being served.
        case leaderChanged
        /// etcd gave up waiting for the request to be committed or applied.
        case requestTimedOut
        /// etcd is too far behind applying entries to take more requests.
        case tooManyRequests
        /// The cluster's version cannot serve this request yet.
        case notCapable
        /// The TLS handshake failed.
        case tlsHandshake

        /// Whether etcd refuses requests in this condition before proposing them to raft, so a
        /// write refused this way was certainly not applied (etcd 3.4: the gRPC interceptor
        /// answers `no leader` without a leader; `too many requests` comes before the proposal).
        var refusedBeforeProposal: Bool {
            self == .noLeader || self == .tooManyRequests
        }

        /// Whether the condition passes by itself, so that the same request may succeed later.
        var isTransient: Bool {
            switch self {
            case .noLeader, .leaderChanged, .requestTimedOut, .tooManyRequests, .notCapable: true
            case .invalidAuthToken, .tlsHandshake: false
            }
        }
    }

    /// The gRPC status code; `cancelled` for a cancelled task; nil for errors that did not
    /// come from gRPC.
    var code: RPCError.Code?
    /// What the message says that the code does not, if anything.
    var condition: Condition?
    /// False only when the transport proves the request never left this process.
    var mayHaveReachedEtcd: Bool
    /// The failure as the operator reads it (what, where, what to do).
    var error: EtcdError

    /// Creates a failure from its parts.
    init(code: RPCError.Code?, condition: Condition? = nil, mayHaveReachedEtcd: Bool = true, error: EtcdError) {
        self.code = code
        self.condition = condition
        self.mayHaveReachedEtcd = mayHaveReachedEtcd
        self.error = error
    }

    /// Classifies an error thrown by a gRPC call to `endpoint` about `key`.
    init(_ error: any Error, endpoint: EtcdEndpoint, key: String?) {
        let classified = EtcdError.classify(error, endpoint: endpoint, key: key)
        let rpc = error as? RPCError
        self.init(code: rpc.map { EtcdError.isDeadline($0) ? .deadlineExceeded : $0.code } ?? (error is CancellationError ? .cancelled : nil),
                  condition: Self.condition(of: error, classified: classified),
                  mayHaveReachedEtcd: !(rpc.map(EtcdError.provablyNotSent) ?? false),
                  error: classified)
    }

    /// Classifies an error from authenticating as `user` on `endpoint`: etcd's refusal is said
    /// as a failed authentication with a hint to check the credentials.
    init(authenticating error: any Error, as user: String, endpoint: EtcdEndpoint) {
        self.init(error, endpoint: endpoint, key: nil)
        if self.error.kind == .server || self.error.kind == .authenticationFailed {
            self.error.kind = .authenticationFailed
            self.error.message = "authentication as \(user) failed: \(self.error.message)"
            self.error.hint = "check the user name and password"
        }
    }

    /// The condition an error's message names (matched on words; see ``Condition``).
    private static func condition(of error: any Error, classified: EtcdError) -> Condition? {
        if classified.kind == .tls { return .tlsHandshake }
        let message = ((error as? RPCError)?.message ?? classified.message).lowercased()
        if (error as? RPCError)?.code == .unauthenticated, message.contains("token") { return .invalidAuthToken }
        let transient: [(String, Condition)] = [
            ("no leader", .noLeader), ("leader changed", .leaderChanged), ("request timed out", .requestTimedOut),
            ("too many requests", .tooManyRequests), ("not capable", .notCapable),
        ]
        return transient.first { message.contains($0.0) }?.1
    }
}
