/// Runs a command inside a running container: the seam between exec probes and a container runtime.
public protocol ExecRunner: Sendable {
    /// Runs `command` in the container and returns its exit code and combined output.
    ///
    /// A runner that talks to a real container runtime must first confirm that `containerID` is
    /// `owner`'s container (and refuse with ``ExecRefusal`` when it is not, or when `owner` is nil).
    /// Throw ``ExecTimeoutError`` when the command outlives `timeout`; any other error means the
    /// command could not be run at all.
    func exec(containerID: String, owner: ContainerOwner?, command: [String], timeout: Duration) async throws
        -> (exitCode: Int, output: String)
}

/// Thrown by an ``ExecRunner`` whose command did not finish within its timeout.
public struct ExecTimeoutError: Error, Sendable, Hashable {
    /// Creates the error.
    public init() {}
}
