import Foundation
import GRPCCore

extension EtcdError {
    /// Messages of transport errors raised before a request stream was opened: the request
    /// provably never reached etcd, so even a write may be retried elsewhere.
    static let notSentMarkers = [
        "transient failure", "isn't ready", "no subchannel", "subchannel is unavailable",
        "channel is shutting down", "channel is shutdown", "channel is closed", "failed to resolve",
    ]

    /// Renders any error (and its causes) in one line.
    static func describe(_ error: any Error) -> String {
        var parts: [String] = []
        var current: (any Error)? = error
        var depth = 0
        while let e = current, depth < 6 {
            depth += 1
            switch e {
            case let rpc as RPCError:
                parts.append(rpc.message)
                current = rpc.cause
            case let rt as RuntimeError:
                parts.append(rt.message)
                current = rt.cause
            default:
                parts.append(String(describing: e))
                current = nil
            }
        }
        var seen = Set<String>()
        return parts.filter { !$0.isEmpty && seen.insert($0).inserted }.joined(separator: ": ")
    }

    /// Shortens transport chatter to what an operator needs ("connection refused").
    static func humanize(_ detail: String) -> String {
        let lower = detail.lowercased()
        for (needle, text) in [("connection refused", "connection refused"), ("no route to host", "no route to host"),
                               ("network is unreachable", "network unreachable"), ("connection reset", "connection reset"),
                               ("name or service not known", "host name not found"), ("stream unexpectedly closed", "connection lost"),
                               ("connection closed", "connection lost")] where lower.contains(needle) {
            return text
        }
        return detail
    }

    /// Whether the transport error happened before the request left this process.
    static func provablyNotSent(_ error: RPCError) -> Bool {
        let text = error.message.lowercased()
        return notSentMarkers.contains { text.contains($0) }
    }

    /// Whether the call's deadline passed: gRPC's own timeout, or etcd giving up on the deadline
    /// the call carried (it sends `context deadline exceeded`, not always with that code), which
    /// wins the race with the client's timer on a loaded machine.
    static func isDeadline(_ rpc: RPCError) -> Bool {
        rpc.code == .deadlineExceeded || rpc.message.lowercased().contains("context deadline exceeded")
    }

    /// Maps an error from etcd or the transport into an operator-facing error.
    static func classify(_ error: any Error, endpoint: EtcdEndpoint, key: String?) -> EtcdError {
        if let e = error as? EtcdError { return e }
        if error is CancellationError {
            return EtcdError(.cancelled, endpoint: endpoint, key: key, message: "cancelled")
        }
        guard let rpc = error as? RPCError else {
            return EtcdError(.server, endpoint: endpoint, key: key, message: describe(error))
        }
        let message = rpc.message.replacingOccurrences(of: "etcdserver: ", with: "")
        let lower = message.lowercased()
        if lower.contains("user name is empty") {
            return EtcdError(.authenticationFailed, endpoint: endpoint, key: key, message: "this cluster requires authentication",
                             hint: "pass --user NAME (with --password-file or a prompt)")
        }
        if lower.contains("larger than max") || lower.contains("request is too large") {
            return EtcdError(.requestTooLarge, endpoint: endpoint, key: key, message: message,
                             hint: "etcd's --max-request-bytes limit (1.5 MiB by default) was exceeded")
        }
        switch isDeadline(rpc) ? .deadlineExceeded : rpc.code {
        case .permissionDenied:
            return EtcdError(.permissionDenied, endpoint: endpoint, key: key, message: "permission denied",
                             hint: "the etcd user lacks the role for this key range; ask an etcd admin, or use --user")
        case .unauthenticated:
            return EtcdError(.authenticationFailed, endpoint: endpoint, key: key, message: message,
                             hint: "check --user / --password-file")
        case .cancelled:
            return EtcdError(.cancelled, endpoint: endpoint, key: key, message: "cancelled")
        case .deadlineExceeded:
            return EtcdError(.timeout, endpoint: endpoint, key: key, message: "no answer before the deadline")
        case .outOfRange where lower.contains("compacted"):
            return EtcdError(.compacted, endpoint: endpoint, key: key, message: message)
        case .invalidArgument where lower.contains("authentication failed"):
            return EtcdError(.authenticationFailed, endpoint: endpoint, key: key, message: message,
                             hint: "check the user name and password")
        case .unavailable:
            let detail = describe(rpc)
            if detail.lowercased().contains("certificate") || detail.lowercased().contains("ssl")
                || detail.lowercased().contains("tls") || detail.lowercased().contains("handshake") {
                return EtcdError(.tls, endpoint: endpoint, key: key, message: "TLS handshake failed: \(detail)",
                                 hint: "check --cacert, --cert and --key, and that the certificate is valid now")
            }
            return EtcdError(.unavailable, endpoint: endpoint, key: key, message: humanize(detail))
        default:
            return EtcdError(.server, endpoint: endpoint, key: key, message: message)
        }
    }
}

extension EtcdError {
    /// What to do about a write that may or may not have been applied.
    static let outcomeUnknownHint = "the change may or may not have been applied; check with `poddeck get` before retrying"

    /// A call that found no answer within `timeout` (`--timeout`), naming the last error seen.
    /// For a write the outcome is unknown: it may have been applied before the time ran out.
    static func noAnswer(within timeout: Duration, key: String?, last: EtcdError?, write: Bool) -> EtcdError {
        var message = "no answer within \(timeout.components.seconds)s (--timeout)"
        if let last { message += "; last error: \(last.endpoint.map { "\($0.authority): " } ?? "")\(last.message)" }
        let hint = write
            ? "the change may or may not have been applied; the cluster may have lost quorum; check with `poddeck get`"
            : "check that etcd is running and has quorum (etcdctl endpoint health)"
        return EtcdError(write ? .outcomeUnknown : .timeout, endpoint: last?.endpoint, key: key, message: message, hint: hint)
    }

    /// This error, said of a write that was sent and so may have been applied: the connection
    /// dropped after sending (`connectionLost`), or etcd answered with a transient failure.
    func writeOutcomeUnknown(connectionLost: Bool) -> EtcdError {
        var e = self
        e.kind = .outcomeUnknown
        if connectionLost { e.message = "connection lost after the write was sent (\(message))" }
        e.hint = Self.outcomeUnknownHint
        return e
    }
}
