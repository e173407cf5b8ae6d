import Foundation

/// An etcd failure described so an operator can act on it: what failed, where, and what to do.
public struct EtcdError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What kind of failure this is.
    public enum Kind: String, Sendable, Equatable {
        /// No endpoint could be reached (all set aside or refusing).
        case unavailable
        /// The call did not finish before its deadline.
        case timeout
        /// etcd rejected the credentials.
        case authenticationFailed
        /// The user lacks permission for the key.
        case permissionDenied
        /// The requested revision has been compacted away.
        case compacted
        /// The request exceeded etcd's request size limit.
        case requestTooLarge
        /// A write whose outcome is unknown (connection lost after the request was sent).
        case outcomeUnknown
        /// TLS files or settings could not be used.
        case tls
        /// Configuration (endpoints, flags) is invalid.
        case invalidConfiguration
        /// The call was cancelled.
        case cancelled
        /// Any other error etcd returned.
        case server
    }

    /// The kind of failure.
    public var kind: Kind
    /// The endpoint involved, when there was one.
    public var endpoint: EtcdEndpoint?
    /// The key involved, when there was one.
    public var key: String?
    /// What etcd (or the transport) said, in words.
    public var message: String
    /// A hint on what to do next.
    public var hint: String?
    /// For `.compacted`: the compaction revision, when etcd reported it.
    public var compactRevision: Int64?

    /// Creates an error.
    public init(_ kind: Kind, endpoint: EtcdEndpoint? = nil, key: String? = nil, message: String,
                hint: String? = nil, compactRevision: Int64? = nil) {
        self.kind = kind
        self.endpoint = endpoint
        self.key = key
        self.message = message
        self.hint = hint
        self.compactRevision = compactRevision
    }

    /// One line: `etcd 127.0.0.1:2379: permission denied (key /registry/pods/a/b); hint`.
    public var description: String {
        var text = "etcd"
        if let endpoint { text += " \(endpoint.authority)" }
        text += ": \(message)"
        if let key { text += " (key \(key))" }
        if let hint { text += "; \(hint)" }
        return text
    }
}
