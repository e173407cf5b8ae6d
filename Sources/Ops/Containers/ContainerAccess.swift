import Docker
import Probes

/// The one gate every action in a pod's container goes through (exec probes, logs, the shell,
/// `poddeck logs` and `poddeck exec`): the daemon must confirm that the id from the pod's status
/// names exactly one container (not a name, not another container's prefix) carrying the
/// kubelet's labels for the pod's namespace, name, uid and container name.
///
/// Commands also need the container to be running; reading the logs of a stopped container
/// does not.
public struct ContainerAccess: Sendable {
    /// The Docker client the checks go through.
    public let client: DockerClient

    /// Creates an access check over `client` (the caller shuts the client down).
    public init(client: DockerClient) {
        self.client = client
    }

    /// Confirms that `containerID` is `owner`'s container (and, with `running`, that it runs);
    /// returns what the daemon knows about it.
    /// - Throws: ``ExecRefusal`` saying why it is not; Docker errors when the daemon cannot answer.
    public func confirm(containerID: String, owner: ContainerOwner?, running: Bool) async throws -> ContainerInfo {
        let shown = Self.short(containerID)
        guard let owner else {
            throw ExecRefusal("container \(shown) has no pod to be checked against; nothing run")
        }
        guard !containerID.isEmpty else {
            throw ExecRefusal("\(owner) has no container id in the pod's status (not started yet?)")
        }
        guard let info = try await client.containerInspect(containerID) else {
            throw ExecRefusal("container \(shown) does not exist on the Docker daemon")
        }
        guard info.id.hasPrefix(containerID) else {
            throw ExecRefusal("\"\(shown)\" is not a container id (the daemon resolved it to container \(Self.short(info.id)))")
        }
        let mismatched = info.mismatchedOwnerLabels(namespace: owner.namespace, pod: owner.pod, uid: owner.uid,
                                                    container: owner.container)
        guard mismatched.isEmpty else {
            throw ExecRefusal("container \(shown) is not labelled as \(owner) (\(mismatched.joined(separator: ", ")))")
        }
        if running, !info.running {
            throw ExecRefusal("container \(shown) is not running (\(info.status))")
        }
        return info
    }

    /// The first 12 characters of an id, as docker prints it.
    public static func short(_ id: String) -> String {
        id.count > 12 ? String(id.prefix(12)) : id
    }
}
