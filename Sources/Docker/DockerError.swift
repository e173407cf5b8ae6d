/// Errors from talking to the Docker Engine API, each saying what failed and where.
public enum DockerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A Docker host value (`--docker-host`, `DOCKER_HOST`) that cannot be used.
    case invalidHost(value: String, reason: String)
    /// TLS settings (`DOCKER_TLS_VERIFY`, `DOCKER_CERT_PATH`) that cannot be used.
    case invalidTLS(String)
    /// The daemon could not be reached at all (no socket, connection refused, ...).
    case cannotConnect(host: String, reason: String)
    /// The daemon did not answer `operation` within `after`.
    case timedOut(operation: String, host: String, after: Duration)
    /// The daemon answered `operation` with an HTTP error status and its `{"message":…}` text.
    case api(status: Int, message: String, operation: String)
    /// A pull that had started streaming ended with an error line from the daemon.
    case pullFailed(String)
    /// A request the client refuses to send (for example an empty tag, which pulls every tag).
    case invalidArgument(String)
    /// The daemon speaks an API version older than the oldest this client supports.
    case unsupportedAPIVersion(server: String, minimum: String)
    /// The daemon's answer to `operation` could not be understood.
    case malformedResponse(operation: String, reason: String)
    /// An exec command did not finish within its timeout (the probe counts as failed).
    case commandTimedOut(after: Duration)
    /// The docker config names a credential helper for `registry`; helpers are not supported.
    case credentialHelperUnsupported(registry: String, helper: String)
    /// The docker config file at `path` cannot be used.
    case invalidConfig(path: String, reason: String)

    /// A one-line, actionable explanation.
    public var description: String {
        switch self {
        case .invalidHost(let value, let reason):
            return "invalid Docker host \"\(value)\": \(reason) (use unix:///path/to/docker.sock or tcp://host:port)"
        case .invalidTLS(let reason):
            return "Docker TLS settings: \(reason)"
        case .cannotConnect(let host, let reason):
            return "cannot connect to Docker at \(host): \(reason) (is the Docker daemon running? set --docker-host or DOCKER_HOST)"
        case .timedOut(let operation, let host, let after):
            return "Docker at \(host) did not answer \(operation) within \(after.formattedSeconds)"
        case .api(let status, let message, let operation):
            return "Docker answered \(status) to \(operation): \(message)"
        case .pullFailed(let message):
            return "pull failed: \(message)"
        case .invalidArgument(let reason):
            return reason
        case .unsupportedAPIVersion(let server, let minimum):
            return "the Docker daemon speaks API \(server); this client needs at least \(minimum)"
        case .malformedResponse(let operation, let reason):
            return "unexpected answer from Docker to \(operation): \(reason)"
        case .commandTimedOut(let after):
            return "command timed out after \(after.formattedSeconds)"
        case .credentialHelperUnsupported(let registry, let helper):
            return "the docker config stores credentials for \(registry) in the credential helper \"docker-credential-\(helper)\", "
                + "which is not supported; add an \"auths\" entry with \"auth\" (base64 user:password) for \(registry) to the config instead"
        case .invalidConfig(let path, let reason):
            return "docker config \(path): \(reason)"
        }
    }

    /// The HTTP status for `.api` errors, else nil.
    public var httpStatus: Int? {
        if case .api(let status, _, _) = self { return status }
        return nil
    }
}

extension Duration {
    /// Seconds with up to three decimals, e.g. `1.5s`.
    var formattedSeconds: String {
        let (seconds, attoseconds) = components
        let millis = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        if millis % 1000 == 0 { return "\(millis / 1000)s" }
        var fraction = String(millis % 1000)
        while fraction.count < 3 { fraction = "0" + fraction }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(millis / 1000).\(fraction)s"
    }
}
