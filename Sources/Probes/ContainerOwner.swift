/// The pod container a command is meant for: what the container runtime must confirm before an
/// exec (or logs, or a shell) touches a container whose id was read from etcd.
///
/// The kubelet's Docker integrations label every container they create with these four values
/// (`io.kubernetes.pod.namespace`, `io.kubernetes.pod.name`, `io.kubernetes.pod.uid`,
/// `io.kubernetes.container.name`); a container id taken from a pod's status is only trusted when
/// the daemon says the container carries them.
public struct ContainerOwner: Sendable, Hashable, CustomStringConvertible {
    /// The pod's namespace.
    public var namespace: String
    /// The pod's name.
    public var pod: String
    /// The pod's `metadata.uid`, checked when the pod has one.
    public var uid: String?
    /// The container's name in the pod spec.
    public var container: String

    /// Creates an owner.
    public init(namespace: String, pod: String, uid: String?, container: String) {
        self.namespace = namespace
        self.pod = pod
        self.uid = uid.flatMap { $0.isEmpty ? nil : $0 }
        self.container = container
    }

    /// `x/innocent's container c`.
    public var description: String { "\(namespace)/\(pod)'s container \(container)" }
}

/// Thrown by an ``ExecRunner`` that refused to run a command: the container is not the pod's, or
/// not running, or cannot be found. The probe is `unknown` with ``reason`` as its message.
public struct ExecRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// Why nothing was run, e.g. `container 3f2a… is not labelled as x/innocent's container c`.
    public var reason: String

    /// Creates a refusal.
    public init(_ reason: String) {
        self.reason = reason
    }

    /// The reason.
    public var description: String { reason }
}
