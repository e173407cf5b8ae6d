import Foundation

extension Pod {
    /// `metadata.name`.
    public var name: String? {
        json[["metadata", "name"]]?.stringValue
    }

    /// `metadata.namespace`, when set.
    public var namespace: String? {
        json[["metadata", "namespace"]]?.stringValue
    }

    /// `metadata.namespace`, or `default` when it is missing or empty (as Kubernetes defaults it).
    public var namespaceOrDefault: String {
        guard let namespace, !namespace.isEmpty else { return "default" }
        return namespace
    }

    /// `metadata.uid`.
    public var uid: String? {
        json[["metadata", "uid"]]?.stringValue
    }

    /// `metadata.labels` with string values, in document order.
    public var labels: [(key: String, value: String)] {
        stringMap(at: ["metadata", "labels"])
    }

    /// The value of one label.
    public func label(_ key: String) -> String? {
        json[["metadata", "labels", key]]?.stringValue
    }

    /// `metadata.annotations` with string values, in document order.
    public var annotations: [(key: String, value: String)] {
        stringMap(at: ["metadata", "annotations"])
    }

    /// The value of one annotation.
    public func annotation(_ key: String) -> String? {
        json[["metadata", "annotations", key]]?.stringValue
    }

    /// `metadata.creationTimestamp`.
    public var creationTimestamp: Date? {
        date(at: ["metadata", "creationTimestamp"])
    }

    /// `metadata.deletionTimestamp`: set once the pod is being deleted.
    public var deletionTimestamp: Date? {
        date(at: ["metadata", "deletionTimestamp"])
    }

    /// `status.phase`: `Pending`, `Running`, `Succeeded`, `Failed` or `Unknown`.
    public var phase: String? {
        json[["status", "phase"]]?.stringValue
    }

    /// `status.reason`, e.g. `Evicted` or `NodeLost`.
    public var reason: String? {
        json[["status", "reason"]]?.stringValue
    }

    /// `status.message`.
    public var message: String? {
        json[["status", "message"]]?.stringValue
    }

    /// `status.startTime`.
    public var startTime: Date? {
        date(at: ["status", "startTime"])
    }

    /// `spec.nodeName`.
    public var nodeName: String? {
        json[["spec", "nodeName"]]?.stringValue
    }

    /// `status.podIP`.
    public var podIP: String? {
        json[["status", "podIP"]]?.stringValue
    }

    /// `status.hostIP`.
    public var hostIP: String? {
        json[["status", "hostIP"]]?.stringValue
    }

    /// `status.qosClass`.
    public var qosClass: String? {
        json[["status", "qosClass"]]?.stringValue
    }

    /// `spec.restartPolicy`.
    public var restartPolicy: String? {
        json[["spec", "restartPolicy"]]?.stringValue
    }

    /// `spec.containers`, skipping entries that are not objects.
    public var containers: [ContainerSpec] {
        containerList("containers", isInit: false)
    }

    /// `spec.initContainers`, skipping entries that are not objects.
    public var initContainers: [ContainerSpec] {
        containerList("initContainers", isInit: true)
    }

    /// `status.containerStatuses`.
    public var containerStatuses: [ContainerStatus] {
        objects(at: ["status", "containerStatuses"]).map(ContainerStatus.init(json:))
    }

    /// `status.initContainerStatuses`.
    public var initContainerStatuses: [ContainerStatus] {
        objects(at: ["status", "initContainerStatuses"]).map(ContainerStatus.init(json:))
    }

    /// `status.conditions`.
    public var conditions: [PodCondition] {
        objects(at: ["status", "conditions"]).map(PodCondition.init(json:))
    }

    // MARK: Helpers

    private func stringMap(at path: [String]) -> [(key: String, value: String)] {
        guard let members = json[path]?.objectValue else { return [] }
        return members.compactMap { key, value in
            value.stringValue.map { (key: key, value: $0) }
        }
    }

    private func date(at path: [String]) -> Date? {
        json[path]?.stringValue.flatMap(RFC3339.date(from:))
    }

    func objects(at path: [String]) -> [JSONValue] {
        (json[path]?.arrayValue ?? []).filter { $0.objectValue != nil }
    }

    private func containerList(_ field: String, isInit: Bool) -> [ContainerSpec] {
        guard let elements = json[["spec", field]]?.arrayValue else { return [] }
        return elements.enumerated().compactMap { index, element in
            guard case .object = element else { return nil }
            return ContainerSpec(json: element, index: index, isInitContainer: isInit)
        }
    }
}
