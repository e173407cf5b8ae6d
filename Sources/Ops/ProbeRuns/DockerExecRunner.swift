import Docker
import Probes
import Synchronization

/// Runs exec probes through the Docker Engine API (`DockerClient.exec`), only in containers the
/// daemon confirms belong to the probe's pod.
///
/// Before the first command in a container the runner inspects it and refuses (``ExecRefusal``,
/// the probe is unknown with the reason) unless the id from the pod's status names exactly one
/// container (not a name, not another container's prefix), that container carries the kubelet's
/// labels for the pod's namespace, name, uid and container name, and it is running. A container
/// once confirmed is remembered by its full id: labels cannot change after creation.
///
/// A command that outlives its timeout throws `ExecTimeoutError` (the prober's `command timed out`
/// failure); any other Docker error (daemon unreachable) is rethrown, so the probe shows as
/// unknown with Docker's one-line explanation.
public struct DockerExecRunner: ExecRunner {
    /// The Docker client the commands run through.
    public let client: DockerClient
    private let confirmed = ConfirmedContainers()

    /// Creates a runner over `client` (the caller shuts the client down).
    public init(client: DockerClient) {
        self.client = client
    }

    /// Confirms that `containerID` is `owner`'s running container and returns its full id
    /// (through ``ContainerAccess``, the check every container action shares).
    /// - Throws: ``ExecRefusal`` saying why it is not; Docker errors when the daemon cannot answer.
    public func confirm(containerID: String, owner: ContainerOwner?) async throws -> String {
        if let owner, let id = confirmed.lookup(containerID, owner) { return id }
        let info = try await ContainerAccess(client: client).confirm(containerID: containerID, owner: owner, running: true)
        if let owner { confirmed.remember(containerID, owner, fullID: info.id) }
        return info.id
    }

    /// Runs `command` in the container, once it is confirmed as `owner`'s, and returns its exit
    /// code and combined output.
    public func exec(containerID: String, owner: ContainerOwner?, command: [String], timeout: Duration) async throws
        -> (exitCode: Int, output: String)
    {
        let id = try await confirm(containerID: containerID, owner: owner)
        do {
            let result = try await client.exec(containerID: id, command: command, timeout: timeout)
            return (result.exitCode, result.output)
        } catch DockerError.commandTimedOut {
            throw ExecTimeoutError()
        }
    }

    /// The first 12 characters of an id, as docker prints it.
    static func short(_ id: String) -> String {
        ContainerAccess.short(id)
    }
}

/// Containers already confirmed as a pod's, by the id the pod's status gives and the owner.
final class ConfirmedContainers: Sendable {
    private struct Entry: Hashable {
        var id: String
        var owner: ContainerOwner
    }

    private let entries = Mutex<[Entry: String]>([:])

    func lookup(_ id: String, _ owner: ContainerOwner) -> String? {
        entries.withLock { $0[Entry(id: id, owner: owner)] }
    }

    func remember(_ id: String, _ owner: ContainerOwner, fullID: String) {
        entries.withLock { $0[Entry(id: id, owner: owner)] = fullID }
    }
}
