import Foundation

/// The built `poddeck` executable, run as a real process.
public enum PodDeckBinary {
    /// `$PODDECK_BIN`, else `.build/debug/poddeck` of this package (found from this file's path).
    public static var path: String {
        if let explicit = ProcessInfo.processInfo.environment["PODDECK_BIN"], !explicit.isEmpty { return explicit }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        return packageRoot + "/.build/debug/poddeck"
    }

    /// The repository root (for scripts and themes).
    public static var packageRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    /// Runs `poddeck` with `arguments`; the environment is minimal and isolated (its own
    /// XDG directories) plus `environment`.
    public static func run(_ arguments: [String], environment: [String: String] = [:], stdin: String? = nil,
                           timeout: Duration = .seconds(60)) async throws -> ProcessResult {
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw TestSupportError("\(path) is missing: build it first (make test runs swift build --build-tests)")
        }
        let env = isolatedEnvironment(environment)
        defer {
            // A home made here is private to this run; one the caller passed is the caller's.
            if environment["HOME"] == nil, let home = env["HOME"], home.contains("/poddeck-tests/home-") {
                try? FileManager.default.removeItem(atPath: home)
            }
        }
        return try await ProcessRunner.run(path, arguments, environment: env,
                                     stdin: stdin.map { Array($0.utf8) }, timeout: timeout)
    }

    /// A minimal environment with private XDG directories, merged with `extra`.
    public static func isolatedEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
        let home = (try? TempDirectory.make(prefix: "home")) ?? "/tmp"
        var env: [String: String] = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": home,
            "XDG_CONFIG_HOME": home + "/config",
            "XDG_STATE_HOME": home + "/state",
            "LANG": "C.UTF-8",
            "TERM": "xterm-256color",
            // Loopback connects are instant on an idle machine but not on a loaded CI runner; a
            // test that is about the dial deadline passes --dial-timeout, which wins.
            "ETCDCTL_DIAL_TIMEOUT": "10s",
        ]
        for (k, v) in extra { env[k] = v }
        return env
    }
}
