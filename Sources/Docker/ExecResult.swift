/// The outcome of a command run in a container with ``DockerClient/exec(containerID:command:timeout:)``.
public struct ExecResult: Sendable, Equatable {
    /// The most output kept: 10 KiB of stdout and stderr combined, as kubelet keeps for probes.
    public static let outputLimit = 10 * 1024

    /// The command's exit code (0 means success).
    public var exitCode: Int
    /// Stdout and stderr interleaved in arrival order, at most ``outputLimit`` bytes (decoded
    /// as UTF-8, invalid sequences replaced).
    public var output: String
    /// Whether the command printed more than ``outputLimit`` bytes.
    public var truncated: Bool

    /// Creates a result.
    public init(exitCode: Int, output: String, truncated: Bool) {
        self.exitCode = exitCode
        self.output = output
        self.truncated = truncated
    }
}
