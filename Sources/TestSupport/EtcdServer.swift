import Foundation

/// TLS files for a test etcd (made by `CertificateAuthority`).
public struct EtcdServerTLS: Sendable {
    /// Server certificate (PEM).
    public var certFile: String
    /// Server key (PEM).
    public var keyFile: String
    /// CA that signs client certificates; when set, etcd requires client certificates.
    public var clientCAFile: String?

    /// Creates TLS settings.
    public init(certFile: String, keyFile: String, clientCAFile: String? = nil) {
        self.certFile = certFile
        self.keyFile = keyFile
        self.clientCAFile = clientCAFile
    }
}

/// A real etcd member (Debian `etcd-server`) on 127.0.0.1 with a temporary data directory.
public final class EtcdServer: @unchecked Sendable {
    /// Member name.
    public let name: String
    /// Client port.
    public let clientPort: Int
    /// Peer port.
    public let peerPort: Int
    /// Data directory.
    public let dataDir: String
    /// Client URL, e.g. `http://127.0.0.1:23790`.
    public var clientURL: String { "\(tls == nil ? "http" : "https")://127.0.0.1:\(clientPort)" }
    /// Peer URL.
    public var peerURL: String { "http://127.0.0.1:\(peerPort)" }
    let tls: EtcdServerTLS?
    let extraArguments: [String]
    var initialCluster: String
    var clusterState = "new"
    private(set) var process: ServerProcess?
    private let lock = NSLock()
    /// The temporary directory this member alone uses (removed when it is released).
    var ownedDirectory: String?

    init(name: String, dir: String, tls: EtcdServerTLS?, extraArguments: [String]) throws {
        self.name = name
        self.clientPort = try PortAllocator.freePort()
        self.peerPort = try PortAllocator.freePort()
        self.dataDir = "\(dir)/\(name).etcd"
        self.tls = tls
        self.extraArguments = extraArguments
        self.initialCluster = "\(name)=http://127.0.0.1:\(peerPort)"
    }

    /// Starts a single-member etcd and waits until it answers. A port that was free when handed
    /// out can be taken before etcd binds it (by the ephemeral port of any outgoing connection on
    /// the machine): then it starts again on new ports, up to three times in all.
    public static func start(tls: EtcdServerTLS? = nil, extraArguments: [String] = []) async throws -> EtcdServer {
        var attempt = 1
        while true {
            let dir = try TempDirectory.make(prefix: "etcd")
            let server = try EtcdServer(name: "m0", dir: dir, tls: tls, extraArguments: extraArguments)
            server.ownedDirectory = dir
            do {
                try server.launch()
                try await server.waitUntilHealthy()
                return server
            } catch where attempt < 3 && "\(error)".contains("address already in use") {
                // The member is stopped and its directory removed when `server` is released.
                server.stop()
                attempt += 1
            }
        }
    }

    func launch() throws {
        var args = [
            "--name", name, "--data-dir", dataDir,
            "--listen-client-urls", clientURL, "--advertise-client-urls", clientURL,
            "--listen-peer-urls", peerURL, "--initial-advertise-peer-urls", peerURL,
            "--initial-cluster", initialCluster, "--initial-cluster-state", clusterState,
            "--initial-cluster-token", "poddeck-test",
            "--logger", "zap", "--log-level", "info",
            "--listen-metrics-urls", "",
        ]
        if let tls {
            args += ["--cert-file", tls.certFile, "--key-file", tls.keyFile]
            if let ca = tls.clientCAFile { args += ["--trusted-ca-file", ca, "--client-cert-auth"] }
        }
        args += extraArguments
        let log = (dataDir as NSString).deletingLastPathComponent + "/\(name).log"
        let p = try ServerProcess.start("etcd", args, logPath: log, name: "etcd \(name)")
        lock.lock(); process = p; lock.unlock()
    }

    /// Waits until the member serves client requests (it logs so once it has joined a cluster
    /// with a leader), not merely until its port accepts connections.
    public func waitUntilHealthy(timeout: Duration = .seconds(60)) async throws {
        let log = (dataDir as NSString).deletingLastPathComponent + "/\(name).log.err"
        try await waitUntil("etcd \(name) on port \(clientPort) to serve clients\n\(process?.logTail() ?? "")", timeout: timeout) {
            guard process?.isRunning == true else {
                throw TestSupportError("etcd \(name) exited during start-up:\n\(process?.logTail() ?? "")")
            }
            // Each launch truncates the log, so one line means this incarnation is ready.
            return readyCount(log) > 0 && PortAllocator.isListening(clientPort)
        }
    }

    private func readyCount(_ path: String) -> Int {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return 0 }
        return text.components(separatedBy: "serving client traffic").count - 1
    }

    /// Whether the member process is running.
    public var isRunning: Bool { process?.isRunning ?? false }

    /// Stops the member by PID (SIGTERM, then SIGKILL).
    public func stop() { process?.stop() }

    /// Kills the member abruptly.
    public func kill() { process?.kill9() }

    /// Starts the member again on the same ports and data.
    public func restart(wait: Bool = true) async throws {
        stop()
        clusterState = "existing"
        try launch()
        if wait { try await waitUntilHealthy() }
    }

    /// Runs `etcdctl` (API v3) against this member.
    @discardableResult
    public func etcdctl(_ arguments: [String], stdin: [UInt8]? = nil, extraFlags: [String] = []) async throws -> ProcessResult {
        try await ProcessRunner.run("etcdctl", ["--endpoints", clientURL] + extraFlags + arguments,
                              environment: ["ETCDCTL_API": "3", "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"],
                              stdin: stdin, timeout: .seconds(60))
    }

    /// `etcdctl put key value`, failing the test when it fails.
    public func put(_ key: String, _ value: String) async throws {
        let result = try await etcdctl(["put", key, "--", value])
        guard result.status == 0 else { throw TestSupportError("etcdctl put \(key) failed: \(result.stderr)") }
    }

    // etcd preallocates 64 MB of WAL per member: a released member takes its data with it.
    deinit {
        stop()
        if let ownedDirectory { try? FileManager.default.removeItem(atPath: ownedDirectory) }
    }
}

/// A three-member (or n-member) etcd cluster on loopback.
public final class EtcdCluster: @unchecked Sendable {
    /// The members, in start order.
    public let members: [EtcdServer]
    private let directory: String

    private init(members: [EtcdServer], directory: String) {
        self.members = members
        self.directory = directory
    }

    /// Starts `size` members and waits until all answer.
    public static func start(size: Int = 3) async throws -> EtcdCluster {
        let dir = try TempDirectory.make(prefix: "etcd-cluster")
        var members: [EtcdServer] = []
        for i in 0..<size {
            members.append(try EtcdServer(name: "m\(i)", dir: dir, tls: nil, extraArguments: [
                "--election-timeout", "500", "--heartbeat-interval", "50",
            ]))
        }
        let initial = members.map { "\($0.name)=\($0.peerURL)" }.joined(separator: ",")
        for m in members { m.initialCluster = initial }
        for m in members { try m.launch() }
        for m in members { try await m.waitUntilHealthy() }
        let cluster = EtcdCluster(members: members, directory: dir)
        try await cluster.waitForLeader()
        return cluster
    }

    /// The client URLs, comma-separated (for `--endpoints`).
    public var endpoints: String { members.map(\.clientURL).joined(separator: ",") }

    /// Waits until a write through any running member succeeds (a leader is elected).
    public func waitForLeader(timeout: Duration = .seconds(30)) async throws {
        try await waitUntil("the etcd cluster to elect a leader", timeout: timeout, every: .milliseconds(200)) {
            guard let m = members.first(where: { $0.isRunning }) else { return false }
            return (try? await m.etcdctl(["put", "/poddeck-test/leader-check", "x"]).status) == 0
        }
    }

    /// Stops every member.
    public func stop() { for m in members { m.stop() } }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
