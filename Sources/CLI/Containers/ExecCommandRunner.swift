import Docker
import Foundation
#if canImport(Glibc)
import Glibc
import Ops
#endif

/// What `poddeck exec` runs.
public struct ExecCommandOptions: Sendable, Equatable {
    /// `-c`: the container (nil: the pod's default container).
    public var container: String?
    /// `-i`: forward stdin.
    public var stdin: Bool
    /// `-t`: give the command a terminal.
    public var tty: Bool
    /// The command and its arguments.
    public var command: [String]

    /// Creates options.
    public init(container: String? = nil, stdin: Bool = false, tty: Bool = false, command: [String]) {
        self.container = container
        self.stdin = stdin
        self.tty = tty
        self.command = command
    }
}

/// `poddeck exec NS/NAME -- CMD…`: runs a command in the pod's container through the Docker
/// exec API (the same client exec probes use) once ``ContainerAccess`` confirms the container is
/// the pod's and running; the command's exit code becomes poddeck's.
public enum ExecCommandRunner {
    /// Runs the command; returns its exit code.
    public static func run(store: PodStore, key: PodKey, options: ExecCommandOptions, dockerHost: String?,
                           environment: [String: String] = ProcessInfo.processInfo.environment,
                           console: Console) async throws(CommandFailure) -> Int32 {
        guard !options.command.isEmpty else {
            throw CommandFailure(.usage, "exec needs a command after --, e.g. poddeck exec NS/NAME -- sh -c 'echo hi'")
        }
        let record = try await ContainerCommands.pod(key, store: store)
        let target = try ContainerTarget.resolve(record, container: options.container)
        ContainerCommands.noteDefaultContainer(record, target: target, given: options.container, console: console)
        let client = try ContainerCommands.client(dockerHost: dockerHost, environment: environment)
        var tty = options.tty
        if tty, options.stdin, isatty(0) != 1 {
            console.err("Unable to use a TTY - input is not a terminal or the right kind of file")
            tty = false
        }
        do {
            let info = try await ContainerAccess(client: client).confirm(containerID: target.containerID, owner: target.owner, running: true)
            let code = try await InteractiveExec(client: client).run(containerID: info.id, command: options.command, tty: tty,
                                                                     stdin: options.stdin)
            try? await client.shutdown()
            return Int32(truncatingIfNeeded: code)
        } catch {
            try? await client.shutdown()
            throw ContainerCommands.failure(error, target: target)
        }
    }
}
