import Foundation

/// What a list row reads of a pod: labels, times, containers, the status members kubectl's
/// READY, STATUS and RESTARTS columns are worked out from, and whether any container declares
/// a probe.
///
/// A summary is made from a decoded ``Pod`` (``init(pod:)``) or read straight from a stored value
/// without building the document (``init(storedJSON:)``, and the protobuf reader in
/// `KubeStorage`); both give the same summary for the same pod.
public struct PodSummary: Sendable, Hashable {
    /// `metadata.labels` with string values, in document order.
    public var labels: [LabelPair] = []
    /// `metadata.creationTimestamp`.
    public var creationTimestamp: Date?
    /// Whether `metadata.deletionTimestamp` is present and not null.
    public var isDeleting = false
    /// The object entries of `spec.containers`, in order.
    public var containers: [Container] = []
    /// Every entry of `spec.containers`, objects or not (kubectl counts them all).
    public var containerEntries = 0
    /// Every entry of `spec.initContainers`, objects or not.
    public var initContainerEntries = 0
    /// Init containers with `restartPolicy: Always` (sidecars).
    public var sidecarCount = 0
    /// The names of those sidecars that have a string name.
    public var sidecarNames: [String] = []
    /// `spec.nodeName`.
    public var nodeName: String?
    /// `status.phase`.
    public var phase: String?
    /// `status.reason`.
    public var reason: String?
    /// `status.podIP`.
    public var podIP: String?
    /// `status.qosClass`.
    public var qosClass: String?
    /// What `status.conditions` says, as far as kubectl's columns ask.
    public var conditions: Conditions = []
    /// The object entries of `status.initContainerStatuses`, in order.
    public var initContainerStatuses: [Status] = []
    /// The object entries of `status.containerStatuses`, in order.
    public var containerStatuses: [Status] = []
    /// Whether any entry of `spec.containers` or `spec.initContainers` has a `livenessProbe`,
    /// `readinessProbe` or `startupProbe` that is not null.
    public var declaresProbes = false

    /// An empty summary (a pod with no members).
    public init() {}

    /// One object entry of `spec.containers`.
    public struct Container: Sendable, Hashable {
        /// `name` (empty when missing or not a string).
        public var name: String
        /// `image`, when a string.
        public var image: String?
        /// `imagePullPolicy`, when a string.
        public var imagePullPolicy: String?

        /// Creates an entry.
        public init(name: String, image: String?, imagePullPolicy: String?) {
            self.name = name
            self.image = image
            self.imagePullPolicy = imagePullPolicy
        }
    }

    /// The conditions kubectl's columns look at.
    public struct Conditions: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// A `PodScheduled` condition with reason `SchedulingGated`.
        public static let schedulingGated = Conditions(rawValue: 1)
        /// An `Initialized` condition with status `True`.
        public static let initialized = Conditions(rawValue: 2)
        /// A `Ready` condition with status `True`.
        public static let ready = Conditions(rawValue: 4)

        /// The conditions one `type`, `status` and `reason` add.
        public static func of(type: String?, status: String?, reason: String?) -> Conditions {
            var found: Conditions = []
            switch type {
            case "PodScheduled"? where reason == "SchedulingGated": found.insert(.schedulingGated)
            case "Initialized"? where status == "True": found.insert(.initialized)
            case "Ready"? where status == "True": found.insert(.ready)
            default: break
            }
            return found
        }
    }

    /// One object entry of `status.containerStatuses` or `status.initContainerStatuses`.
    public struct Status: Sendable, Hashable {
        /// `name`, when a string.
        public var name: String?
        /// `restartCount` when an integer that fits, else 0.
        public var restartCount = 0
        /// `lastState.terminated.finishedAt`, when an RFC 3339 time.
        public var lastFinishedAt: Date?
        /// `state.waiting.reason`, empty when missing.
        public var waitingReason = ""
        /// `state.terminated`, when an object.
        public var terminated: Terminated?
        /// Whether `state.running` is an object.
        public var isRunning = false
        /// Whether `ready` is `true`.
        public var isReady = false
        /// Whether `started` is `true`.
        public var isStarted = false

        /// A status with nothing set.
        public init(name: String? = nil) { self.name = name }
    }

    /// `state.terminated` of a container status.
    public struct Terminated: Sendable, Hashable {
        /// `exitCode` when an integer that fits, else 0.
        public var exitCode = 0
        /// `signal` when an integer that fits, else 0.
        public var signal = 0
        /// `reason`, empty when missing.
        public var reason = ""

        /// A termination with nothing set.
        public init() {}
    }
}

/// One label.
public struct LabelPair: Sendable, Hashable {
    /// The key.
    public var key: String
    /// The value.
    public var value: String
    /// Creates a label.
    public init(_ key: String, _ value: String) { self.key = key; self.value = value }
}

extension PodSummary {
    /// The summary of a decoded pod.
    public init(pod: Pod) {
        let json = pod.json
        labels = pod.labels.map { LabelPair($0.key, $0.value) }
        creationTimestamp = pod.creationTimestamp
        if let deletion = json[["metadata", "deletionTimestamp"]], !deletion.isNull { isDeleting = true }
        let specContainers = json[["spec", "containers"]]?.arrayValue ?? []
        let initSpecs = json[["spec", "initContainers"]]?.arrayValue ?? []
        containerEntries = specContainers.count
        initContainerEntries = initSpecs.count
        for element in specContainers where element.objectValue != nil {
            containers.append(Container(name: element["name"]?.stringValue ?? "", image: element["image"]?.stringValue,
                                        imagePullPolicy: element["imagePullPolicy"]?.stringValue))
        }
        for spec in initSpecs where spec["restartPolicy"]?.stringValue == "Always" {
            sidecarCount += 1
            if let name = spec["name"]?.stringValue { sidecarNames.append(name) }
        }
        declaresProbes = (specContainers + initSpecs).contains { element in
            guard case .object(let members) = element else { return false }
            return ["livenessProbe", "readinessProbe", "startupProbe"].contains { members[$0].map { !$0.isNull } ?? false }
        }
        nodeName = pod.nodeName
        phase = pod.phase
        reason = pod.reason
        podIP = pod.podIP
        qosClass = pod.qosClass
        for condition in pod.objects(at: ["status", "conditions"]) {
            conditions.formUnion(.of(type: condition["type"]?.stringValue, status: condition["status"]?.stringValue,
                                     reason: condition["reason"]?.stringValue))
        }
        initContainerStatuses = pod.objects(at: ["status", "initContainerStatuses"]).map(Self.status(of:))
        containerStatuses = pod.objects(at: ["status", "containerStatuses"]).map(Self.status(of:))
    }

    private static func status(of json: JSONValue) -> Status {
        var status = Status(name: json["name"]?.stringValue)
        status.restartCount = json["restartCount"]?.intValue ?? 0
        status.lastFinishedAt = json[["lastState", "terminated", "finishedAt"]]?.stringValue.flatMap(RFC3339.date(from:))
        status.waitingReason = json[["state", "waiting", "reason"]]?.stringValue ?? ""
        if let terminated = json[["state", "terminated"]], terminated.objectValue != nil {
            var t = Terminated()
            t.exitCode = terminated["exitCode"]?.intValue ?? 0
            t.signal = terminated["signal"]?.intValue ?? 0
            t.reason = terminated["reason"]?.stringValue ?? ""
            status.terminated = t
        }
        status.isRunning = json[["state", "running"]]?.objectValue != nil
        status.isReady = json["ready"]?.boolValue == true
        status.isStarted = json["started"]?.boolValue == true
        return status
    }
}
