import Docker
import Foundation
import Ops
import Probes
#if canImport(Glibc)
import Glibc
#endif

/// Carries out the logs and shell requests of `update` for the runtime: log streams
/// (``LogFeed``), saving a view to a file, and shells (the dashboard suspended meanwhile).
/// Every container is confirmed by ``ContainerAccess`` first.
@MainActor
final class ContainerDriver {
    typealias Suspender = @MainActor (@MainActor () async -> Void) async -> Void

    let store: PodStore
    let settings: DeckSettings
    let environment: [String: String]
    let send: MessageSink
    let suspend: Suspender
    private var feeds: [Int: LogFeed] = [:]
    private var client: DockerClient?

    init(store: PodStore, settings: DeckSettings, environment: [String: String], send: MessageSink,
         suspend: @escaping Suspender) {
        self.store = store
        self.settings = settings
        self.environment = environment
        self.send = send
        self.suspend = suspend
    }

    /// The Docker client (made on first use from `--docker-host`, `DOCKER_HOST` or the default socket).
    func dockerClient() throws -> DockerClient {
        if let client { return client }
        let made = try DockerClient(host: DockerHost.resolve(flag: settings.dockerHost, environment: environment))
        client = made
        return made
    }

    func perform(_ request: ContainerRequest) {
        switch request {
        case .resolve(let pod, let purpose):
            let store = self.store
            let send = self.send
            Task {
                do {
                    guard let record = try await store.get(pod) else {
                        send.yield(.containers(.resolved(pod, purpose, names: [], error: "pod \(pod) no longer exists")))
                        return
                    }
                    send.yield(.containers(.resolved(pod, purpose, names: ContainerTarget.containerNames(of: record), error: nil)))
                } catch {
                    send.yield(.containers(.resolved(pod, purpose, names: [], error: "cannot read pod \(pod): \(error)")))
                }
            }
        case .startLogs(let session, let pod, let container):
            let client: DockerClient
            do { client = try dockerClient() } catch {
                send.yield(.containers(.status(session: session, .failed("\(error)"))))
                return
            }
            let feed = LogFeed(session: session, capacity: settings.logsMaxLines, send: send)
            feeds[session] = feed
            feed.start(LogFeed.Source(client: client, store: store, pod: pod, container: container,
                                      tail: settings.logsTail.map { $0 < 0 ? nil : $0 } ?? settings.logsMaxLines, since: settings.logsSince))
        case .stopLogs(let session):
            feeds.removeValue(forKey: session)?.stop()
        case .ackLogs(let session):
            feeds[session]?.acknowledge()
        case .saveLogs(let pod, let container, let lines):
            let directory = XDGPaths(environment: environment).stateHome + "/poddeck/logs"
            let send = self.send
            Task.detached {
                do {
                    let path = try Self.save(lines, directory: directory, pod: pod, container: container, now: Date())
                    send.yield(.containers(.saved(path: path, error: nil)))
                } catch {
                    send.yield(.containers(.saved(path: nil, error: "\(error)")))
                }
            }
        case .shell(let pod, let container):
            Task { await self.shell(pod: pod, container: container) }
        }
    }

    /// Stops every stream and the client.
    func stop() async {
        for feed in feeds.values { feed.stop() }
        feeds = [:]
        if let client { try? await client.shutdown() }
        client = nil
    }

    /// Writes `lines` to a new file (mode 0600, directory 0700) and returns its path.
    nonisolated static func save(_ lines: [String], directory: String, pod: PodKey, container: String, now: Date) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        func safe(_ text: String) -> String {
            String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") ? $0 : "_" })
        }
        var path = "\(directory)/\(safe(pod.namespace))_\(safe(pod.name))_\(safe(container))-\(formatter.string(from: now)).log"
        var suffix = 1
        while FileManager.default.fileExists(atPath: path) {
            suffix += 1
            path = "\(directory)/\(safe(pod.namespace))_\(safe(pod.name))_\(safe(container))-\(formatter.string(from: now))-\(suffix).log"
        }
        var text = lines.joined(separator: "\n")
        if !lines.isEmpty { text += "\n" }
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw CommandFailure(.runtime, "cannot create \(path)")
        }
        return path
    }

    /// Opens a shell: confirms the container, suspends the dashboard, runs the exec with a
    /// terminal on `/dev/tty`, and says how it ended.
    func shell(pod: PodKey, container: String) async {
        let what = "\(pod) › \(container)"
        let info: ContainerInfo
        let client: DockerClient
        do {
            guard let record = try await store.get(pod) else {
                send.yield(.containers(.shellEnded("no shell: pod \(pod) no longer exists", isError: true)))
                return
            }
            let target = try ContainerTarget.resolve(record, container: container)
            client = try dockerClient()
            info = try await ContainerAccess(client: client).confirm(containerID: target.containerID, owner: target.owner, running: true)
        } catch let refusal as ExecRefusal {
            send.yield(.containers(.shellEnded("no shell in \(what): \(refusal.reason)", isError: true)))
            return
        } catch {
            send.yield(.containers(.shellEnded("no shell in \(what): \(error)", isError: true)))
            return
        }
        let command = settings.shellCommand
        var outcome: Result<Int, any Error> = .success(0)
        await suspend {
            let fd = open("/dev/tty", O_RDWR | O_NOCTTY)
            guard fd >= 0 else {
                outcome = .failure(CommandFailure(.runtime, "cannot open /dev/tty: \(String(cString: strerror(errno)))"))
                return
            }
            defer { close(fd) }
            InteractiveExec.writeAll(fd, Array("poddeck: \(command.joined(separator: " ")) in \(what) (exit it to return to the dashboard)\r\n".utf8)[...])
            do {
                let code = try await InteractiveExec(client: client, input: fd, output: fd, error: fd)
                    .run(containerID: info.id, command: command, tty: true, stdin: true)
                outcome = .success(code)
            } catch {
                outcome = .failure(error)
            }
        }
        switch outcome {
        case .success(0):
            send.yield(.containers(.shellEnded("shell in \(what) ended", isError: false)))
        case .success(let code) where code == 126 || code == 127:
            send.yield(.containers(.shellEnded("the shell could not start in \(what) (exit \(code): is \(command[0]) in the image? set shell.command)",
                                               isError: true)))
        case .success(let code):
            send.yield(.containers(.shellEnded("shell in \(what) exited with code \(code)", isError: code != 0)))
        case .failure(let error):
            send.yield(.containers(.shellEnded("shell in \(what) failed: \(error)", isError: true)))
        }
    }
}
