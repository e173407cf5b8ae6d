import Foundation

/// One entry of `status.containerStatuses` or `status.initContainerStatuses`.
public struct ContainerStatus: Sendable, Hashable {
    /// The container name.
    public var name: String
    /// Whether the container passes its readiness checks.
    public var ready: Bool
    /// `started`, when reported.
    public var started: Bool?
    /// How many times the container has been restarted.
    public var restartCount: Int
    /// The image the container runs, as reported.
    public var image: String?
    /// The resolved image ID, as reported.
    public var imageID: String?
    /// The raw container ID, e.g. `containerd://0123abcd…`.
    public var containerID: String?
    /// The current state.
    public var state: ContainerState
    /// The state before the last restart.
    public var lastState: ContainerState

    /// Reads a status object; missing or mistyped fields fall back to neutral values.
    public init(json: JSONValue) {
        name = json["name"]?.stringValue ?? ""
        ready = json["ready"]?.boolValue ?? false
        started = json["started"]?.boolValue
        restartCount = json["restartCount"]?.intValue ?? 0
        image = json["image"]?.stringValue
        imageID = json["imageID"]?.stringValue
        containerID = json["containerID"]?.stringValue
        state = ContainerState(json: json["state"])
        lastState = ContainerState(json: json["lastState"])
    }

    /// The container ID without its runtime scheme (`docker://abc` → `abc`).
    public var containerIDWithoutScheme: String? {
        guard let containerID else { return nil }
        guard let range = containerID.range(of: "://") else { return containerID }
        return String(containerID[range.upperBound...])
    }
}

/// What a container is doing, as reported in its status.
public enum ContainerState: Sendable, Hashable {
    /// Not running yet (or again), e.g. `ContainerCreating`, `CrashLoopBackOff`.
    case waiting(reason: String?)
    /// Running since `startedAt`.
    case running(startedAt: Date?)
    /// Finished, e.g. `Completed` with exit code 0 or `Error` with exit code 1.
    case terminated(reason: String?, exitCode: Int?)
    /// No state is reported.
    case unknown

    /// Reads a state object (`{"running": {...}}` etc.); waiting wins over terminated over running.
    public init(json: JSONValue?) {
        guard let json else {
            self = .unknown
            return
        }
        if let waiting = json["waiting"], case .object = waiting {
            self = .waiting(reason: waiting["reason"]?.stringValue)
        } else if let terminated = json["terminated"], case .object = terminated {
            self = .terminated(reason: terminated["reason"]?.stringValue, exitCode: terminated["exitCode"]?.intValue)
        } else if let running = json["running"], case .object = running {
            self = .running(startedAt: running["startedAt"]?.stringValue.flatMap(RFC3339.date(from:)))
        } else {
            self = .unknown
        }
    }
}
