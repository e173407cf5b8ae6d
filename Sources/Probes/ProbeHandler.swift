/// How a probe checks a container.
public enum ProbeHandler: Sendable, Hashable {
    /// An HTTP GET request.
    case httpGet(HTTPGetProbe)
    /// A TCP connect.
    case tcp(host: String, port: Int)
    /// A command run inside the container; `containerID` is nil while the container is not running.
    /// `owner` is the pod container the runtime must confirm `containerID` belongs to before it
    /// runs anything; a runner refuses an exec without one.
    case exec(containerID: String?, command: [String], owner: ContainerOwner? = nil)
    /// A gRPC health check (`grpc.health.v1.Health/Check`).
    case grpc(host: String, port: Int, service: String?)
    /// A handler this program does not know; the string names it for messages.
    case unsupported(String)

    /// The handler's name as the pod spec spells it (`httpGet`, `tcpSocket`, `exec`, `grpc`, or the
    /// unsupported handler's name).
    public var name: String {
        switch self {
        case .httpGet: "httpGet"
        case .tcp: "tcpSocket"
        case .exec: "exec"
        case .grpc: "grpc"
        case .unsupported(let name): name
        }
    }

    /// A short human description of the target, e.g. `GET http://10.0.0.5:8080/healthz`.
    public var summary: String {
        switch self {
        case .httpGet(let probe): "GET \(probe.url)"
        case .tcp(let host, let port): "tcp \(ProbeHandler.hostPort(host, port))"
        case .exec(_, let command, _): "exec \(command.joined(separator: " "))"
        case .grpc(let host, let port, let service):
            "grpc \(ProbeHandler.hostPort(host, port))" + (service.map { " service=\($0)" } ?? "")
        case .unsupported(let name): name
        }
    }

    static func hostPort(_ host: String, _ port: Int) -> String {
        host.contains(":") && !host.hasPrefix("[") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
