/// One entry of `spec.containers` or `spec.initContainers`, read without failing on odd types.
public struct ContainerSpec: Sendable, Hashable {
    /// The container name (empty when missing or not a string).
    public var name: String
    /// The image reference as written, when present.
    public var image: String?
    /// `imagePullPolicy` as written, when present.
    public var imagePullPolicy: String?
    /// `command`, when it is an array of strings.
    public var command: [String]
    /// `args`, when it is an array of strings.
    public var args: [String]
    /// The declared ports, in document order.
    public var ports: [ContainerPort]
    /// The liveness probe, when present.
    public var livenessProbe: ProbeSpec?
    /// The readiness probe, when present.
    public var readinessProbe: ProbeSpec?
    /// The startup probe, when present.
    public var startupProbe: ProbeSpec?
    /// `restartPolicy` of an init container (`Always` makes it a sidecar), when present.
    public var restartPolicy: String?
    /// The position of this container in its list.
    public var index: Int
    /// Whether this container comes from `spec.initContainers`.
    public var isInitContainer: Bool

    /// Reads a container object; missing or mistyped fields fall back to empty values.
    public init(json: JSONValue, index: Int, isInitContainer: Bool = false) {
        name = json["name"]?.stringValue ?? ""
        image = json["image"]?.stringValue
        imagePullPolicy = json["imagePullPolicy"]?.stringValue
        command = json["command"]?.arrayValue?.compactMap(\.stringValue) ?? []
        args = json["args"]?.arrayValue?.compactMap(\.stringValue) ?? []
        ports = (json["ports"]?.arrayValue ?? []).compactMap { port in
            guard case .object = port else { return nil }
            return ContainerPort(json: port)
        }
        livenessProbe = json["livenessProbe"].flatMap(ProbeSpec.init(probeJSON:))
        readinessProbe = json["readinessProbe"].flatMap(ProbeSpec.init(probeJSON:))
        startupProbe = json["startupProbe"].flatMap(ProbeSpec.init(probeJSON:))
        restartPolicy = json["restartPolicy"]?.stringValue
        self.index = index
        self.isInitContainer = isInitContainer
    }

    /// Whether this is an init container that keeps running beside the app (a sidecar).
    public var isRestartableInitContainer: Bool {
        isInitContainer && restartPolicy == "Always"
    }
}

/// One entry of a container's `ports`.
public struct ContainerPort: Sendable, Hashable {
    /// The port name (an IANA service name), when present.
    public var name: String?
    /// The port number in the container, when it is an integer.
    public var containerPort: Int?
    /// The port on the host, when it is an integer.
    public var hostPort: Int?
    /// `protocol` as written; Kubernetes treats a missing value as `TCP`.
    public var `protocol`: String?

    /// Creates a port.
    public init(name: String? = nil, containerPort: Int?, hostPort: Int? = nil, protocol: String? = nil) {
        self.name = name
        self.containerPort = containerPort
        self.hostPort = hostPort
        self.protocol = `protocol`
    }

    /// Reads a port object; mistyped fields become `nil`.
    public init(json: JSONValue) {
        self.init(
            name: json["name"]?.stringValue,
            containerPort: json["containerPort"]?.intValue,
            hostPort: json["hostPort"]?.intValue,
            protocol: json["protocol"]?.stringValue
        )
    }

    /// The protocol with Kubernetes' default applied.
    public var effectiveProtocol: String {
        `protocol` ?? "TCP"
    }
}
