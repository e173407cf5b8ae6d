import Foundation

/// A real image registry (Debian `docker-registry`, distribution 2.8) on 127.0.0.1 with a
/// temporary storage directory, optionally behind htpasswd basic auth.
///
/// The htpasswd file needs a bcrypt hash. It is made with Perl's `crypt()`, which on Debian
/// calls libxcrypt (`libcrypt1`) and so does bcrypt (`$2b$`); `perl-base` is Essential, so no
/// extra package (such as apache2-utils' `htpasswd`) is needed.
public final class RegistryServer: @unchecked Sendable {
    /// The registry's port on 127.0.0.1.
    public let port: Int
    /// `127.0.0.1:<port>`, the registry part of image references.
    public var address: String { "127.0.0.1:\(port)" }
    /// The directory holding the config, logs and storage.
    public let directory: String
    /// The filesystem storage root.
    public var storageDirectory: String { "\(directory)/storage" }
    /// The user name when htpasswd auth is on.
    public let user: String?
    let process: ServerProcess

    private init(port: Int, directory: String, user: String?, process: ServerProcess) {
        self.port = port
        self.directory = directory
        self.user = user
        self.process = process
    }

    /// Starts a registry (with basic auth for one user when `htpasswd` is given) and waits
    /// until it accepts connections.
    public static func start(htpasswd: (user: String, password: String)? = nil, timeout: Duration = .seconds(30)) async throws -> RegistryServer {
        guard ProcessRunner.which("docker-registry") != nil else {
            throw TestSupportError("docker-registry not found; run `make test` (it installs docker-registry)")
        }
        // A port found free can be taken by another process's outgoing connection before the
        // registry binds it: start again on another port when that happened.
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await startOnce(htpasswd: htpasswd, timeout: timeout)
            } catch let error as TestSupportError where attempt < 3 && error.description.contains("address already in use") {
                continue
            }
        }
    }

    private static func startOnce(htpasswd: (user: String, password: String)?, timeout: Duration) async throws -> RegistryServer {
        let dir = try TempDirectory.make(prefix: "registry")
        let port = try PortAllocator.freePort()
        try FileManager.default.createDirectory(atPath: "\(dir)/storage", withIntermediateDirectories: true)
        var auth = ""
        if let htpasswd {
            let hash = try await bcrypt(htpasswd.password)
            try "\(htpasswd.user):\(hash)\n".write(toFile: "\(dir)/htpasswd", atomically: true, encoding: .utf8)
            auth = """
                auth:
                  htpasswd:
                    realm: poddeck-test
                    path: \(dir)/htpasswd

                """
        }
        let config = """
            version: 0.1
            log:
              level: warn
              accesslog:
                disabled: true
            storage:
              filesystem:
                rootdirectory: \(dir)/storage
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:\(port)
            \(auth)
            """
        try config.write(toFile: "\(dir)/config.yml", atomically: true, encoding: .utf8)
        let process = try ServerProcess.start("docker-registry", ["serve", "\(dir)/config.yml"],
                                              logPath: "\(dir)/registry.log", name: "docker-registry")
        let server = RegistryServer(port: port, directory: dir, user: htpasswd?.user, process: process)
        do {
            try await waitUntil("docker-registry on port \(port) to listen\n\(process.logTail())", timeout: timeout) {
                guard process.isRunning else {
                    throw TestSupportError("docker-registry exited during start-up:\n\(process.logTail())")
                }
                return PortAllocator.isListening(port)
            }
        } catch {
            server.stop()
            throw error
        }
        return server
    }

    /// Whether the registry is running.
    public var isRunning: Bool { process.isRunning }

    /// The last lines of the registry's log.
    public func logTail(lines: Int = 30) -> String { process.logTail(lines: lines) }

    /// The `data` files of every stored blob (layers, configs and manifests).
    public func blobDataFiles() -> [String] {
        let root = "\(storageDirectory)/docker/registry/v2/blobs"
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        var files: [String] = []
        while let path = walker.nextObject() as? String {
            if path.hasSuffix("/data") { files.append("\(root)/\(path)") }
        }
        return files.sorted()
    }

    /// Deletes the stored blobs whose digests start with any of `shortIDs` (the 12-hex-digit
    /// layer IDs a pull reports); returns the deleted blob directories.
    @discardableResult
    public func deleteBlobs(shortIDs: [String]) throws -> [String] {
        var deleted: [String] = []
        for file in blobDataFiles() {
            let blobDirectory = (file as NSString).deletingLastPathComponent
            let digest = (blobDirectory as NSString).lastPathComponent
            if shortIDs.contains(where: { !$0.isEmpty && digest.hasPrefix($0) }) {
                try FileManager.default.removeItem(atPath: blobDirectory)
                deleted.append(blobDirectory)
            }
        }
        return deleted
    }

    /// Stops the registry by PID and deletes its directory. Idempotent.
    public func stop() {
        process.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    deinit { stop() }

    /// A bcrypt (`$2b$`, cost 5) hash of `password` via Perl's `crypt()` (libxcrypt).
    static func bcrypt(_ password: String) async throws -> String {
        let alphabet = Array("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        // The 22nd salt character only carries 2 bits: it must be one of ".Oeu".
        let salt = String((0..<21).map { _ in alphabet.randomElement()! }) + String(Array(".Oeu").randomElement()!)
        var env = ProcessInfo.processInfo.environment
        env["PODDECK_HTPASSWD_PASSWORD"] = password
        env["PODDECK_HTPASSWD_SALT"] = "$2b$05$" + salt
        let result = try await ProcessRunner.run("perl", ["-e", "print crypt($ENV{PODDECK_HTPASSWD_PASSWORD}, $ENV{PODDECK_HTPASSWD_SALT})"],
                                           environment: env, timeout: .seconds(30))
        let hash = result.stdout
        guard result.status == 0, hash.hasPrefix("$2b$05$"), hash.count == 60 else {
            throw TestSupportError("perl crypt() did not make a bcrypt hash (libcrypt1 from libxcrypt is needed): \(hash) \(result.stderr)")
        }
        return hash
    }
}
