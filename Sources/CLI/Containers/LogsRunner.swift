import Docker
import Foundation
import Ops
import Probes
#if canImport(Glibc)
import Glibc
import TerminalText
#endif

/// What `poddeck logs` prints.
public struct LogsCommandOptions: Sendable, Equatable {
    /// `-c`: the container (nil: the pod's default container).
    public var container: String?
    /// `-f`: keep printing new lines until the container stops.
    public var follow: Bool
    /// `--tail N`: only the last N lines (nil: all).
    public var tail: Int?
    /// `--since D`: only lines written in the last D.
    public var since: Duration?
    /// `--timestamps`: prefix each line with its RFC 3339 time stamp.
    public var timestamps: Bool

    /// Creates options.
    public init(container: String? = nil, follow: Bool = false, tail: Int? = nil, since: Duration? = nil, timestamps: Bool = false) {
        self.container = container
        self.follow = follow
        self.tail = tail
        self.since = since
        self.timestamps = timestamps
    }
}

/// `poddeck logs NS/NAME`: a container's logs through the Docker Engine API, as `kubectl logs`
/// prints them (stdout and stderr together on stdout, in the order written).
///
/// The container is the one the pod's status names, confirmed by ``ContainerAccess`` (its labels
/// must say it is the pod's; it need not be running). To a terminal every line is sanitised;
/// to a pipe or file the bytes are written as the container wrote them, like `docker logs`.
/// Followed logs are read to the container's last line: when the stream ends on a stopped
/// container, the tail is read again from the last time stamp without repeating lines.
public enum LogsRunner {
    /// Prints the logs; returns when they are printed (with `follow`, when the container stops).
    public static func run(store: PodStore, key: PodKey, options: LogsCommandOptions, dockerHost: String?,
                           environment: [String: String] = ProcessInfo.processInfo.environment,
                           console: Console, output: Int32 = 1) async throws(CommandFailure) {
        let record = try await ContainerCommands.pod(key, store: store)
        let target = try ContainerTarget.resolve(record, container: options.container)
        ContainerCommands.noteDefaultContainer(record, target: target, given: options.container, console: console)
        let client = try ContainerCommands.client(dockerHost: dockerHost, environment: environment)
        var logOptions = LogOptions(follow: options.follow, tail: options.tail, timestamps: options.timestamps)
        if let since = options.since {
            let start = Date().addingTimeInterval(-DurationText.seconds(since))
            logOptions.since = String(format: "%.9f", start.timeIntervalSince1970)
        }
        do {
            let info = try await ContainerAccess(client: client).confirm(containerID: target.containerID, owner: target.owner, running: false)
            // With `follow`, the stream is read to the end even when the daemon ends it before the
            // container's last lines (``DockerClient/followLogsToTheEnd(containerID:options:tty:payload:)``).
            let read: (LogOptions, (LogLine.Stream, ArraySlice<UInt8>) async throws -> Void) async throws -> Void = { options, payload in
                if options.follow {
                    try await client.followLogsToTheEnd(containerID: info.id, options: options, tty: info.tty, payload: payload)
                } else {
                    try await client.logs(containerID: info.id, options: options, tty: info.tty, payload: payload)
                }
            }
            if console.stdoutIsTTY && output == 1 {
                var splitter = LogLineSplitter(timestamps: false)
                try await read(logOptions) { stream, bytes in
                    let lines = splitter.feed(stream, bytes)
                    guard !lines.isEmpty else { return }
                    var text = ""
                    for line in lines { text += Sanitizer.clean(bytes: line.bytes) + "\n" }
                    InteractiveExec.writeAll(output, Array(text.utf8)[...])
                }
                for line in splitter.finish() { InteractiveExec.writeAll(output, Array((Sanitizer.clean(bytes: line.bytes) + "\n").utf8)[...]) }
            } else {
                try await read(logOptions) { _, bytes in
                    InteractiveExec.writeAll(output, bytes)
                }
            }
            try? await client.shutdown()
        } catch {
            try? await client.shutdown()
            throw ContainerCommands.failure(error, target: target)
        }
    }
}

/// What `poddeck logs` and `poddeck exec` share: reading the pod, the Docker client, errors.
enum ContainerCommands {
    /// The pod, or exit 5 when it does not exist.
    static func pod(_ key: PodKey, store: PodStore) async throws(CommandFailure) -> PodRecord {
        let record: PodRecord?
        do { record = try await store.get(key) } catch {
            throw CommandFailure(.runtime, error.description)
        }
        guard let record else {
            throw CommandFailure(.notFound, "pod \(Sanitize.line(key.description)) not found "
                                 + "(no key \(Sanitize.line(key.etcdKey(prefix: store.prefix))))")
        }
        return record
    }

    /// kubectl's note when a multi-container pod's container was chosen for the operator.
    static func noteDefaultContainer(_ record: PodRecord, target: ContainerTarget, given: String?, console: Console) {
        let names = ContainerTarget.containerNames(of: record)
        guard given == nil, names.count > 1 else { return }
        console.err("Defaulted container \"\(Sanitize.line(target.container))\" out of: \(names.map(Sanitize.line).joined(separator: ", "))")
    }

    /// A client of `--docker-host`, else `DOCKER_HOST`, else the default socket.
    static func client(dockerHost: String?, environment: [String: String]) throws(CommandFailure) -> DockerClient {
        do {
            return try DockerClient(host: DockerHost.resolve(flag: dockerHost, environment: environment))
        } catch {
            throw CommandFailure(.usage, error.description)
        }
    }

    /// The failure for an error while reaching the container.
    static func failure(_ error: any Error, target: ContainerTarget) -> CommandFailure {
        if let failure = error as? CommandFailure { return failure }
        if let refusal = error as? ExecRefusal {
            return CommandFailure(.runtime, "\(Sanitize.line(refusal.reason)); nothing done in container "
                                  + "\(Sanitize.line(target.container)) of pod \(Sanitize.line(target.pod.description))")
        }
        if let docker = error as? DockerError { return CommandFailure(.runtime, Sanitize.line(docker.description)) }
        return CommandFailure(.runtime, Sanitize.line("\(error)"))
    }
}
