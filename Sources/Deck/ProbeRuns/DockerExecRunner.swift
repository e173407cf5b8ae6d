import Docker
import Probes

/// Runs exec probes through the Docker Engine API (`DockerClient.exec`).
///
/// A command that outlives its timeout throws `ExecTimeoutError` (the prober's `command timed out`
/// failure); any other Docker error (daemon unreachable, no such container) is rethrown, so the
/// probe shows as unknown with Docker's one-line explanation.
public struct DockerExecRunner: ExecRunner {
    /// The Docker client the commands run through.
    public let client: DockerClient

    /// Creates a runner over `client` (the caller shuts the client down).
    public init(client: DockerClient) {
        self.client = client
    }

    /// Runs `command` in the container and returns its exit code and combined output.
    public func exec(containerID: String, command: [String], timeout: Duration) async throws -> (exitCode: Int, output: String) {
        do {
            let result = try await client.exec(containerID: containerID, command: command, timeout: timeout)
            return (result.exitCode, result.output)
        } catch DockerError.commandTimedOut {
            throw ExecTimeoutError()
        }
    }
}
