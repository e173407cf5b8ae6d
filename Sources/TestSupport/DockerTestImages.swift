import Foundation

/// An image pushed to a test registry.
public struct DockerTestImage: Sendable, Equatable {
    /// The registry, `127.0.0.1:<port>`.
    public var registry: String
    /// The repository path, e.g. `demo/app`.
    public var repository: String
    /// The tag.
    public var tag: String
    /// The manifest digest the push reported (`sha256:…`).
    public var digest: String
    /// How many filesystem layers the image has.
    public var layerCount: Int

    /// `registry/repository`, the `fromImage` of a pull.
    public var fromImage: String { "\(registry)/\(repository)" }
    /// `registry/repository:tag`.
    public var reference: String { "\(fromImage):\(tag)" }

    /// The same image reached through another registry address (e.g. a ``ThrottlingProxy``).
    public func via(_ registry: String) -> DockerTestImage {
        var copy = self
        copy.registry = registry
        return copy
    }
}

/// Builds small demo images from Debian's static busybox with the docker CLI.
///
/// Every image gets layers of its own (a random marker in the base layer, random bytes in
/// the others), so pulls of different test images never share layers and always transfer.
public enum DockerTestImages {
    /// Busybox applets linked into the demo root filesystem.
    public static let applets = ["sh", "sleep", "echo", "cat", "ls", "true", "false", "env", "httpd", "wget", "printf", "seq", "head",
                                  "stty", "tail", "wc", "date", "touch", "test"]

    /// Writes a root filesystem tarball (static busybox, its applets, a unique marker file)
    /// into `directory` and returns its path.
    public static func busyboxRootfs(in directory: String) async throws -> String {
        let busybox = ["/usr/bin/busybox", "/bin/busybox"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let busybox else { throw TestSupportError("busybox not found; run `make test` (it installs busybox-static)") }
        let rootfs = "\(directory)/rootfs"
        let fm = FileManager.default
        try fm.createDirectory(atPath: "\(rootfs)/bin", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: "\(rootfs)/etc", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: "\(rootfs)/tmp", withIntermediateDirectories: true)
        try fm.copyItem(atPath: busybox, toPath: "\(rootfs)/bin/busybox")
        for applet in applets {
            try fm.createSymbolicLink(atPath: "\(rootfs)/bin/\(applet)", withDestinationPath: "busybox")
        }
        try "\(UUID().uuidString)\n".write(toFile: "\(rootfs)/etc/poddeck-image-id", atomically: true, encoding: .utf8)
        let tarball = "\(directory)/rootfs.tar"
        let tar = try await ProcessRunner.run("tar", ["-C", rootfs, "-cf", tarball, "."], timeout: .seconds(60))
        guard tar.status == 0 else { throw TestSupportError("tar failed: \(tar.stderr)") }
        return tarball
    }

    /// Imports a one-layer busybox image straight into the daemon as `reference`
    /// (for containers; nothing is pushed).
    public static func importBusybox(into daemon: DockerDaemon, reference: String) async throws {
        let dir = try TempDirectory.make(prefix: "image")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let tarball = try await busyboxRootfs(in: dir)
        try await daemon.dockerChecked(["import", tarball, reference], timeout: .seconds(120))
    }

    /// Builds an image of a busybox base layer plus one `COPY` layer of random bytes per entry of
    /// `layerSizes` (legacy builder), pushes it to `registry` as `repository:tag`, and removes it
    /// from the daemon so that a pull really transfers it.
    ///
    /// - Parameter configDirectory: a docker CLI config holding a login for `registry`, if it
    ///   needs one.
    public static func pushMultiLayer(daemon: DockerDaemon, registry: String, repository: String, tag: String = "1",
                                      layerSizes: [Int] = [700_000, 700_000, 700_000],
                                      configDirectory: String? = nil) async throws -> DockerTestImage {
        let dir = try TempDirectory.make(prefix: "image")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let tarball = try await busyboxRootfs(in: dir)
        let base = "poddeck-test-base/\(UUID().uuidString.lowercased()):1"
        try await daemon.dockerChecked(["import", tarball, base], timeout: .seconds(120))
        let context = "\(dir)/context"
        try FileManager.default.createDirectory(atPath: context, withIntermediateDirectories: true)
        var dockerfile = "FROM \(base)\n"
        for (index, size) in layerSizes.enumerated() {
            try Data(randomBytes(size)).write(to: URL(fileURLWithPath: "\(context)/layer\(index).bin"))
            dockerfile += "COPY layer\(index).bin /data/layer\(index).bin\n"
        }
        try dockerfile.write(toFile: "\(context)/Dockerfile", atomically: true, encoding: .utf8)
        let reference = "\(registry)/\(repository):\(tag)"
        try await daemon.dockerChecked(["build", "-q", "-t", reference, context], configDirectory: configDirectory, timeout: .seconds(180))
        let pushed = try await daemon.dockerChecked(["push", reference], configDirectory: configDirectory, timeout: .seconds(180))
        guard let digest = pushed.split(whereSeparator: { $0 == " " || $0 == "\n" }).first(where: { $0.hasPrefix("sha256:") }) else {
            throw TestSupportError("docker push \(reference) printed no digest: \(pushed)")
        }
        try await daemon.dockerChecked(["rmi", reference, base], timeout: .seconds(120))
        guard try await !daemon.hasImage(reference) else {
            throw TestSupportError("\(reference) is still in the daemon after docker rmi")
        }
        return DockerTestImage(registry: registry, repository: repository, tag: tag, digest: String(digest),
                               layerCount: layerSizes.count + 1)
    }

    /// `count` random bytes (incompressible, so layer sizes stay what was asked).
    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8](repeating: 0, count: count)
        var index = 0
        while index < count {
            var word = generator.next()
            for _ in 0..<8 where index < count {
                bytes[index] = UInt8(truncatingIfNeeded: word)
                word >>= 8
                index += 1
            }
        }
        return bytes
    }
}
