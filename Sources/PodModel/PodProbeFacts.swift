import Collections

/// What the probe planner reads of a pod: its uid and IP, the containers that declare a probe
/// (with their names, ports, restart policy and probes), and the name, id and state of every
/// container status.
///
/// Made from a decoded ``Pod`` (``init(pod:)``) or read straight from a stored value alongside
/// its ``PodSummary`` (``PodSummary/withProbeFacts(storedJSON:)`` and the protobuf reader in
/// `KubeStorage`); both give the same probes for the same pod.
public struct PodProbeFacts: Sendable, Hashable {
    /// `metadata.uid`, when a string.
    public var uid: String?
    /// `status.podIP`, when a string.
    public var podIP: String?
    /// The object entries of `spec.containers` with a `livenessProbe`, `readinessProbe` or
    /// `startupProbe` that is not null, in order (``ContainerSpec/index`` is the position in the
    /// list). Read from a stored value, only what the planner reads is filled in: name, ports,
    /// restart policy and the probes.
    public var containers: [ContainerSpec] = []
    /// The same for `spec.initContainers`.
    public var initContainers: [ContainerSpec] = []
    /// The object entries of `status.containerStatuses`, in order.
    public var containerStatuses: [ContainerRun] = []
    /// The object entries of `status.initContainerStatuses`, in order.
    public var initContainerStatuses: [ContainerRun] = []

    /// No facts (a pod with no members).
    public init() {}

    /// One object entry of a container status list, as far as probes ask.
    public struct ContainerRun: Sendable, Hashable {
        /// `name`, when a string.
        public var name: String?
        /// `containerID`, when a string (`docker://…`).
        public var containerID: String?
        /// `state`, as ``ContainerState/init(json:)`` reads it.
        public var state: ContainerState

        /// Creates an entry.
        public init(name: String?, containerID: String?, state: ContainerState) {
            self.name = name
            self.containerID = containerID
            self.state = state
        }
    }

    /// The pod-spec members that hold probes.
    static let probeMembers = ["livenessProbe", "readinessProbe", "startupProbe"]

    /// The facts of a decoded pod.
    public init(pod: Pod) {
        let json = pod.json
        uid = json[["metadata", "uid"]]?.stringValue
        podIP = json[["status", "podIP"]]?.stringValue
        containers = Self.probed(json[["spec", "containers"]]?.arrayValue ?? [], isInit: false)
        initContainers = Self.probed(json[["spec", "initContainers"]]?.arrayValue ?? [], isInit: true)
        containerStatuses = pod.objects(at: ["status", "containerStatuses"]).map(Self.run(of:))
        initContainerStatuses = pod.objects(at: ["status", "initContainerStatuses"]).map(Self.run(of:))
    }

    private static func probed(_ elements: [JSONValue], isInit: Bool) -> [ContainerSpec] {
        var probed: [ContainerSpec] = []
        for (index, element) in elements.enumerated() {
            guard declaresProbe(element) else { continue }
            probed.append(ContainerSpec(json: element, index: index, isInitContainer: isInit))
        }
        return probed
    }

    /// Whether a container entry is an object with a probe member that is not null.
    static func declaresProbe(_ element: JSONValue) -> Bool {
        guard case .object(let members) = element else { return false }
        return probeMembers.contains { members[$0].map { !$0.isNull } ?? false }
    }

    private static func run(of json: JSONValue) -> ContainerRun {
        ContainerRun(name: json["name"]?.stringValue, containerID: json["containerID"]?.stringValue,
                     state: ContainerState(json: json["state"]))
    }

    /// The container of a stored value's facts: the members the planner reads (`name`, `ports`,
    /// `restartPolicy` and the probes, each nil when absent) read as ``ContainerSpec/init(json:index:isInitContainer:)``
    /// reads them from the document.
    package static func container(name: String?, ports: JSONValue?, restartPolicy: String?,
                                  probes: (JSONValue?, JSONValue?, JSONValue?), index: Int, isInit: Bool) -> ContainerSpec {
        var members = OrderedDictionary<String, JSONValue>()
        if let name { members["name"] = .string(name) }
        if let ports { members["ports"] = ports }
        if let restartPolicy { members["restartPolicy"] = .string(restartPolicy) }
        if let probe = probes.0 { members["livenessProbe"] = probe }
        if let probe = probes.1 { members["readinessProbe"] = probe }
        if let probe = probes.2 { members["startupProbe"] = probe }
        return ContainerSpec(json: .object(members), index: index, isInitContainer: isInit)
    }

    /// The status of the container `container` in its list (the first entry with its name);
    /// nil when it has none.
    public func run(of container: ContainerSpec) -> ContainerRun? {
        (container.isInitContainer ? initContainerStatuses : containerStatuses).first { $0.name == container.name }
    }
}
