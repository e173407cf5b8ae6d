/// The action a probe performs.
public enum ProbeHandler: Sendable, Hashable {
    /// An HTTP GET; success is a status from 200 to 399.
    case httpGet(HTTPGetAction)
    /// A TCP connection attempt.
    case tcpSocket(TCPSocketAction)
    /// A command run in the container; success is exit status 0.
    case exec(command: [String])
    /// A gRPC health check.
    case grpc(port: Int, service: String?)
    /// No handler is given.
    case none
    /// More than one handler is given (their names, in document order).
    case multiple([String])
    /// A handler is given but cannot be used; the text says why.
    case unsupported(String)

    /// The handler field names Kubernetes knows, in the order it checks them.
    static let fieldNames = ["exec", "httpGet", "tcpSocket", "grpc"]

    /// Reads the handler from a probe object.
    init(probeJSON json: JSONValue) {
        guard case .object(let members) = json else {
            self = .unsupported("a probe must be an object, not \(json.typeName)")
            return
        }
        let present = members.keys.filter { Self.fieldNames.contains($0) && members[$0]?.isNull == false }
        guard let field = present.first else {
            self = .none
            return
        }
        guard present.count == 1 else {
            self = .multiple(Array(present))
            return
        }
        let value = members[field] ?? .null
        guard case .object = value else {
            self = .unsupported("\(field) must be an object, not \(value.typeName)")
            return
        }
        switch field {
        case "exec":
            guard let command = value["command"]?.arrayValue?.compactMap(\.stringValue), !command.isEmpty else {
                self = .unsupported("exec.command must be a non-empty list of strings")
                return
            }
            self = .exec(command: command)
        case "httpGet":
            guard let port = value["port"].flatMap(PortValue.init(json:)) else {
                self = .unsupported("httpGet.port must be a port number or name")
                return
            }
            self = .httpGet(HTTPGetAction(json: value, port: port))
        case "tcpSocket":
            guard let port = value["port"].flatMap(PortValue.init(json:)) else {
                self = .unsupported("tcpSocket.port must be a port number or name")
                return
            }
            self = .tcpSocket(TCPSocketAction(port: port, host: value["host"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }))
        default:
            guard let port = value["port"]?.intValue else {
                self = .unsupported("grpc.port must be a port number")
                return
            }
            self = .grpc(port: port, service: value["service"]?.stringValue)
        }
    }

    /// What the handler checks, as `kubectl describe` words it.
    public var summary: String {
        switch self {
        case .httpGet(let action):
            "http-get \(action.displayURL)"
        case .tcpSocket(let action):
            "tcp-socket \(action.host ?? ""):\(action.port)"
        case .exec(let command):
            "exec [\(command.joined(separator: " "))]"
        case .grpc(let port, let service):
            "grpc <pod>:\(port) \(service ?? "")"
        case .none:
            "unknown"
        case .multiple(let names):
            "invalid (several handlers: \(names.joined(separator: ", ")))"
        case .unsupported(let reason):
            "invalid (\(reason))"
        }
    }
}

/// A port given as a number or as the name of a container port (Kubernetes' IntOrString).
public enum PortValue: Sendable, Hashable, CustomStringConvertible {
    /// A port number.
    case number(Int)
    /// The name of one of the container's ports.
    case name(String)

    /// Reads a JSON number or string; other values give `nil`.
    public init?(json: JSONValue) {
        switch json {
        case .number:
            guard let value = json.intValue else { return nil }
            self = .number(value)
        case .string(let name):
            self = .name(name)
        default:
            return nil
        }
    }

    /// The number, or the name, as written.
    public var description: String {
        switch self {
        case .number(let value): String(value)
        case .name(let name): name
        }
    }

    /// The port number this value designates for `container`, as the kubelet resolves it: a
    /// name is looked up among the container's ports, then tried as a decimal number.
    public func resolve(in container: ContainerSpec) -> Int? {
        switch self {
        case .number(let value):
            return value
        case .name(let name):
            if let port = container.ports.first(where: { $0.name == name })?.containerPort {
                return port
            }
            return Int(name)
        }
    }
}

/// A header sent with an HTTP probe.
public struct HTTPHeader: Sendable, Hashable {
    /// The header name.
    public var name: String
    /// The header value.
    public var value: String

    /// Creates a header.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// The HTTP GET a probe performs.
public struct HTTPGetAction: Sendable, Hashable {
    /// The request path (default `/`).
    public var path: String
    /// The port to connect to.
    public var port: PortValue
    /// The host to connect to; `nil` means the pod IP.
    public var host: String?
    /// `HTTP` or `HTTPS` (default `HTTP`).
    public var scheme: String
    /// Extra request headers, in document order.
    public var headers: [HTTPHeader]

    /// Creates an action.
    public init(path: String = "/", port: PortValue, host: String? = nil, scheme: String = "HTTP", headers: [HTTPHeader] = []) {
        self.path = path
        self.port = port
        self.host = host
        self.scheme = scheme
        self.headers = headers
    }

    init(json: JSONValue, port: PortValue) {
        func nonEmpty(_ key: String) -> String? {
            json[key]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        }
        self.init(
            path: nonEmpty("path") ?? "/",
            port: port,
            host: nonEmpty("host"),
            scheme: nonEmpty("scheme") ?? "HTTP",
            headers: (json["httpHeaders"]?.arrayValue ?? []).compactMap { header in
                guard let name = header["name"]?.stringValue else { return nil }
                return HTTPHeader(name: name, value: header["value"]?.stringValue ?? "")
            }
        )
    }

    /// The URL as `kubectl describe` shows it, with an empty host standing for the pod IP,
    /// e.g. `http://:8080/healthz`.
    public var displayURL: String {
        "\(scheme.lowercased())://\(Self.joinHostPort(host ?? "", port.description))\(path.hasPrefix("/") ? "" : "/")\(path)"
    }

    /// The URL to request when the probe's host is unset and the pod's IP is `podIP`.
    public func url(podIP: String, port resolvedPort: Int) -> String {
        "\(scheme.lowercased())://\(Self.joinHostPort(host ?? podIP, String(resolvedPort)))\(path.hasPrefix("/") ? "" : "/")\(path)"
    }

    /// `host:port`, with brackets around an IPv6 host (like Go's `net.JoinHostPort`).
    static func joinHostPort(_ host: String, _ port: String) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}

/// The TCP connection a probe attempts.
public struct TCPSocketAction: Sendable, Hashable {
    /// The port to connect to.
    public var port: PortValue
    /// The host to connect to; `nil` means the pod IP.
    public var host: String?

    /// Creates an action.
    public init(port: PortValue, host: String? = nil) {
        self.port = port
        self.host = host
    }
}
