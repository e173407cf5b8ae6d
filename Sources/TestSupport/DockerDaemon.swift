import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real Docker daemon (Debian `docker.io`) of its own: own socket, data root, exec root and
/// pidfile under a temporary directory, no iptables, no bridge, `vfs` storage, no TCP listener.
///
/// Needs root. Containers must use `--network host`. ``stop()`` removes every container, then
/// stops the daemon by its PID (which also stops the containerd it started).
public final class DockerDaemon: @unchecked Sendable {
    /// The directory holding the socket, data, logs and CLI config.
    public let directory: String
    /// The daemon's unix socket.
    public let socketPath: String
    /// `unix://<socketPath>`, for `DOCKER_HOST` or `--docker-host`.
    public var host: String { "unix://\(socketPath)" }
    /// A docker CLI config directory of this daemon's own (so `~/.docker` is never touched).
    public let cliConfigDirectory: String
    /// The TLS port on 127.0.0.1 when started with `tls`.
    public let tlsPort: Int?
    let process: ServerProcess

    /// Server certificate, key and the CA that signs client certificates, for a TLS listener
    /// that verifies clients (`--tlsverify`).
    public struct TLS: Sendable {
        /// CA certificate (PEM) that signs client certificates.
        public var caCertificate: String
        /// Server certificate (PEM), valid for 127.0.0.1.
        public var certificate: String
        /// Server key (PEM).
        public var privateKey: String

        /// Creates TLS settings.
        public init(caCertificate: String, certificate: String, privateKey: String) {
            self.caCertificate = caCertificate
            self.certificate = certificate
            self.privateKey = privateKey
        }
    }

    private init(directory: String, socketPath: String, cliConfigDirectory: String, tlsPort: Int?, process: ServerProcess) {
        self.directory = directory
        self.socketPath = socketPath
        self.cliConfigDirectory = cliConfigDirectory
        self.tlsPort = tlsPort
        self.process = process
    }

    /// Starts a daemon and waits until it answers `/_ping`; with `tls` it also listens on
    /// `tcp://127.0.0.1:<tlsPort>` with TLS and client verification.
    public static func start(tls: TLS? = nil, timeout: Duration = .seconds(60)) async throws -> DockerDaemon {
        guard getuid() == 0 else { throw TestSupportError("dockerd needs root to run") }
        guard ProcessRunner.which("dockerd") != nil, ProcessRunner.which("docker") != nil else {
            throw TestSupportError("dockerd/docker not found; run `make test` (it installs docker.io)")
        }
        let dir = try TempDirectory.make(prefix: "docker")
        let socket = "\(dir)/docker.sock"
        let cliConfig = "\(dir)/cli"
        try FileManager.default.createDirectory(atPath: cliConfig, withIntermediateDirectories: true)
        try "{}\n".write(toFile: "\(dir)/daemon.json", atomically: true, encoding: .utf8)
        var arguments = [
            "--config-file", "\(dir)/daemon.json",
            "--host", "unix://\(socket)",
            "--data-root", "\(dir)/root",
            "--exec-root", "\(dir)/exec",
            "--pidfile", "\(dir)/docker.pid",
            "--iptables=false", "--ip6tables=false", "--bridge=none",
            "--storage-driver=vfs",
            "--log-level", "warn",
        ]
        var tlsPort: Int?
        if let tls {
            let port = try PortAllocator.freePort()
            tlsPort = port
            arguments += ["--host", "tcp://127.0.0.1:\(port)", "--tlsverify",
                          "--tlscacert", tls.caCertificate, "--tlscert", tls.certificate, "--tlskey", tls.privateKey]
        }
        let process = try ServerProcess.start("dockerd", arguments, logPath: "\(dir)/dockerd.log", name: "dockerd")
        let listening = tlsPort
        let daemon = DockerDaemon(directory: dir, socketPath: socket, cliConfigDirectory: cliConfig, tlsPort: tlsPort, process: process)
        do {
            try await waitUntil("dockerd to answer /_ping on \(socket)\n\(process.logTail())", timeout: timeout, every: .milliseconds(100)) {
                guard process.isRunning else {
                    throw TestSupportError("dockerd exited during start-up:\n\(process.logTail())")
                }
                return Self.ping(socketPath: socket) && (listening.map(PortAllocator.isListening) ?? true)
            }
        } catch {
            daemon.stop()
            throw error
        }
        return daemon
    }

    /// Whether the daemon is running.
    public var isRunning: Bool { process.isRunning }

    /// The last lines of the daemon's log.
    public func logTail(lines: Int = 30) -> String { process.logTail(lines: lines) }

    /// The environment for the docker CLI against this daemon.
    public func cliEnvironment(configDirectory: String? = nil) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["DOCKER_HOST"] = host
        env["DOCKER_CONFIG"] = configDirectory ?? cliConfigDirectory
        env["DOCKER_BUILDKIT"] = "0"
        env["DOCKER_CLI_HINTS"] = "false"
        env.removeValue(forKey: "DOCKER_TLS_VERIFY")
        env.removeValue(forKey: "DOCKER_CONTEXT")
        return env
    }

    /// Runs the docker CLI against this daemon.
    public func docker(_ arguments: [String], configDirectory: String? = nil, stdin: [UInt8]? = nil,
                       timeout: Duration = .seconds(120)) async throws -> ProcessResult {
        try await ProcessRunner.run("docker", arguments, environment: cliEnvironment(configDirectory: configDirectory),
                              stdin: stdin, timeout: timeout)
    }

    /// Runs the docker CLI and returns its trimmed stdout, throwing when it fails.
    @discardableResult
    public func dockerChecked(_ arguments: [String], configDirectory: String? = nil, stdin: [UInt8]? = nil,
                              timeout: Duration = .seconds(120)) async throws -> String {
        let result = try await docker(arguments, configDirectory: configDirectory, stdin: stdin, timeout: timeout)
        guard result.status == 0 else {
            throw TestSupportError("docker \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.stderr)\(result.stdout)")
        }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Whether the daemon has a local image with this reference (CLI `docker image inspect`).
    public func hasImage(_ reference: String) async throws -> Bool {
        try await docker(["image", "inspect", "--format", "{{.Id}}", reference], timeout: .seconds(30)).status == 0
    }

    /// Every `repository:tag` in the daemon's image list (CLI `docker images`).
    public func imageList() async throws -> [String] {
        try await dockerChecked(["images", "--format", "{{.Repository}}:{{.Tag}}"], timeout: .seconds(30))
            .split(separator: "\n").map(String.init)
    }

    /// `docker login` to `registry` with credentials written to `configDirectory`.
    public func login(registry: String, user: String, password: String, configDirectory: String) async throws {
        try await dockerChecked(["login", "--username", user, "--password-stdin", registry],
                          configDirectory: configDirectory, stdin: Array((password + "\n").utf8), timeout: .seconds(60))
    }

    /// Starts a container that sleeps (`docker run -d --network host <image> sleep 3600`);
    /// returns its ID.
    public func runSleepingContainer(image: String, labels: [String: String] = [:], name: String? = nil) async throws -> String {
        let labelArguments = labels.keys.sorted().flatMap { ["--label", "\($0)=\(labels[$0]!)"] }
        let nameArguments = name.map { ["--name", $0] } ?? []
        return try await dockerChecked(["run", "-d", "--network", "host"] + labelArguments + nameArguments + [image, "sleep", "3600"],
                                       timeout: .seconds(60))
    }

    /// Starts a container running `command` (`docker run -d --network host`), optionally with a
    /// terminal (`-t`), a restart policy (`--restart`) and labels; returns its ID.
    public func runContainer(image: String, command: [String], labels: [String: String] = [:], name: String? = nil,
                             tty: Bool = false, restart: String? = nil) async throws -> String {
        let labelArguments = labels.keys.sorted().flatMap { ["--label", "\($0)=\(labels[$0]!)"] }
        var options = ["run", "-d", "--network", "host"] + labelArguments
        if let name { options += ["--name", name] }
        if tty { options.append("-t") }
        if let restart { options += ["--restart", restart] }
        return try await dockerChecked(options + [image] + command, timeout: .seconds(60))
    }

    /// The labels the kubelet's Docker integrations give container `container` of pod `namespace/pod`.
    public static func podLabels(namespace: String, pod: String, uid: String? = nil, container: String) -> [String: String] {
        var labels = ["io.kubernetes.pod.namespace": namespace, "io.kubernetes.pod.name": pod,
                      "io.kubernetes.container.name": container]
        if let uid { labels["io.kubernetes.pod.uid"] = uid }
        return labels
    }

    /// Removes a container, running or not.
    public func removeContainer(_ id: String) {
        _ = try? ProcessRunner.runBlocking("docker", ["rm", "-f", id], environment: cliEnvironment(), timeout: .seconds(60))
    }

    /// Removes every container, then stops the daemon by PID (SIGTERM, then SIGKILL) and deletes
    /// its directory. Idempotent.
    public func stop() {
        if process.isRunning,
           let ids = try? ProcessRunner.runBlocking("docker", ["ps", "-aq"], environment: cliEnvironment(), timeout: .seconds(30)),
           ids.status == 0 {
            let list = ids.stdout.split(separator: "\n").map(String.init)
            if !list.isEmpty {
                _ = try? ProcessRunner.runBlocking("docker", ["rm", "-f"] + list, environment: cliEnvironment(), timeout: .seconds(60))
            }
        }
        process.stop(grace: .seconds(20))
        Self.unmountAll(under: directory)
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Lazily unmounts whatever dockerd left mounted under `directory` (e.g. `exec/netns/default`).
    static func unmountAll(under directory: String) {
        guard let table = try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8) else { return }
        let mountPoints = table.split(separator: "\n").compactMap { line -> String? in
            let fields = line.split(separator: " ")
            guard fields.count > 4 else { return nil }
            let point = String(fields[4])
            return point.hasPrefix(directory + "/") ? point : nil
        }
        for point in mountPoints.sorted(by: { $0.count > $1.count }) {
            _ = umount2(point, Int32(MNT_DETACH))
        }
    }

    deinit { stop() }

    /// Whether a daemon answers `GET /_ping` with `OK` on the socket.
    public static func ping(socketPath: String) -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(socketPath.utf8)
        guard pathBytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in pathBytes.enumerated() { raw[i] = byte }
            raw[pathBytes.count] = 0
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else { return false }
        let request = Array("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n".utf8)
        guard request.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == request.count else { return false }
        var response: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1024)
        while response.count < 16_384 {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            response.append(contentsOf: chunk[0..<n])
        }
        let text = String(decoding: response, as: UTF8.self)
        return text.hasPrefix("HTTP/1.") && text.contains(" 200 ") && text.hasSuffix("OK")
    }
}
