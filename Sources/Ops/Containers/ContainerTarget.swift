import Foundation
import PodModel
import Probes

/// One container of a pod, as the pod's spec and status name it: what logs, the shell and
/// `poddeck exec` act on once ``ContainerAccess`` confirms the daemon agrees.
public struct ContainerTarget: Sendable, Equatable {
    /// The pod.
    public var pod: PodKey
    /// The container's name in the spec.
    public var container: String
    /// The id from `status.containerStatuses[].containerID` without its scheme (empty: none yet).
    public var containerID: String
    /// Who the container must belong to (labels checked by ``ContainerAccess``).
    public var owner: ContainerOwner
    /// What the pod's status says of it, e.g. `running`, `terminated (Error, exit code 1)`.
    public var reportedState: String

    /// The names of the pod's containers (init containers excluded), in spec order.
    public static func containerNames(of record: PodRecord) -> [String] {
        record.pod.containers.map(\.name)
    }

    /// The target for `container` of `record` (nil: the only container, else the one
    /// `kubectl.kubernetes.io/default-container` names, else the first).
    ///
    /// - Throws: a ``CommandFailure`` (usage) naming the containers when `container` is not one of them.
    public static func resolve(_ record: PodRecord, container: String?) throws(CommandFailure) -> ContainerTarget {
        let names = containerNames(of: record) + record.pod.initContainers.map(\.name)
        let main = containerNames(of: record)
        guard !main.isEmpty else {
            throw CommandFailure(.invalid, "pod \(Sanitize.line(record.key.description)) has no containers")
        }
        let chosen: String
        if let container {
            guard names.contains(container) else {
                throw CommandFailure(.usage, "container \(Sanitize.line(container)) is not valid for pod \(Sanitize.line(record.key.description)): "
                                     + "choose one of: \(main.map(Sanitize.line).joined(separator: ", "))")
            }
            chosen = container
        } else if let preferred = record.pod.annotation("kubectl.kubernetes.io/default-container"), main.contains(preferred) {
            chosen = preferred
        } else {
            chosen = main[0]
        }
        let statuses = record.pod.containerStatuses + record.pod.initContainerStatuses
        let status = statuses.first { $0.name == chosen }
        let owner = ContainerOwner(namespace: record.key.namespace, pod: record.key.name, uid: record.pod.uid, container: chosen)
        return ContainerTarget(pod: record.key, container: chosen, containerID: status?.containerIDWithoutScheme ?? "",
                               owner: owner, reportedState: status.map { describe($0.state) } ?? "no status")
    }

    static func describe(_ state: ContainerState) -> String {
        switch state {
        case .running: return "running"
        case .waiting(let reason): return "waiting" + (reason.map { " (\($0))" } ?? "")
        case .terminated(let reason, let code):
            let parts = [reason, code.map { "exit code \($0)" }].compactMap { $0 }
            return "terminated" + (parts.isEmpty ? "" : " (\(parts.joined(separator: ", ")))")
        case .unknown: return "unknown"
        }
    }
}
