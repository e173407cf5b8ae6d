import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a finished process printed and how it exited.
public struct ProcessResult: Sendable {
    /// Exit status (128 + signal when killed by a signal).
    public var status: Int32
    /// Standard output bytes.
    public var stdoutBytes: [UInt8]
    /// Standard error as text.
    public var stderr: String
    /// Standard output as text.
    public var stdout: String { String(decoding: stdoutBytes, as: UTF8.self) }
}

/// Errors from starting processes and servers in tests.
public struct TestSupportError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public var description: String
    /// Creates an error.
    public init(_ description: String) { self.description = description }
}

/// Runs processes with `posix_spawn`, output captured through temporary files (pipes plus
/// `Foundation.Process` can hang with daemonising children such as tmux).
public enum ProcessRunner {
    /// Finds an executable on `PATH` (or returns the path when it contains a slash).
    public static func which(_ name: String) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"
        let dirs = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin"]
        for dir in dirs {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Spawns `executable` with stdio redirected to files; returns its PID.
    public static func spawn(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                             stdinPath: String = "/dev/null", stdoutPath: String, stderrPath: String,
                             newProcessGroup: Bool = false) throws -> pid_t {
        guard let path = which(executable) else {
            throw TestSupportError("\(executable) not found on PATH; run `make test` (it installs the Debian packages the tests need)")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdinPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var flags = Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        if newProcessGroup { flags |= Int32(POSIX_SPAWN_SETPGROUP) }
        posix_spawnattr_setflags(&attributes, Int16(flags))
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)
        if newProcessGroup { posix_spawnattr_setpgroup(&attributes, 0) }

        let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let argv = [path] + arguments
        var pid: pid_t = 0
        let rc = withCStrings(argv) { argvPtr in
            withCStrings(env) { envPtr in
                posix_spawn(&pid, path, &actions, &attributes, argvPtr, envPtr)
            }
        }
        guard rc == 0 else { throw TestSupportError("cannot start \(path): \(String(cString: strerror(rc)))") }
        return pid
    }

    /// Runs a process to completion (killing it after `timeout`) and returns its output.
    ///
    /// The wait happens on a thread of its own, so awaiting a slow child never blocks the
    /// cooperative thread pool that every other test shares.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                           stdin: [UInt8]? = nil, timeout: Duration = .seconds(120)) async throws -> ProcessResult {
        let dir = try TempDirectory.make(prefix: "run")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let inPath = "\(dir)/stdin", outPath = "\(dir)/stdout", errPath = "\(dir)/stderr"
        _ = FileManager.default.createFile(atPath: inPath, contents: Data(stdin ?? []))
        let pid = try spawn(executable, arguments, environment: environment, stdinPath: inPath,
                            stdoutPath: outPath, stderrPath: errPath)
        let status = try await wait(pid: pid, timeout: timeout, name: executable)
        let out = (try? Data(contentsOf: URL(fileURLWithPath: outPath))) ?? Data()
        let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return ProcessResult(status: status, stdoutBytes: Array(out), stderr: err)
    }

    /// Runs a process to completion on the calling thread: only for code that cannot be async
    /// (`stop()` in a `defer`). Everything else uses ``run(_:_:environment:stdin:timeout:)``.
    public static func runBlocking(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                                   timeout: Duration = .seconds(60)) throws -> ProcessResult {
        let dir = try TempDirectory.make(prefix: "run")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let outPath = "\(dir)/stdout", errPath = "\(dir)/stderr"
        let pid = try spawn(executable, arguments, environment: environment, stdoutPath: outPath, stderrPath: errPath)
        let status = try waitBlocking(pid: pid, timeout: timeout, name: executable).get()
        let out = (try? Data(contentsOf: URL(fileURLWithPath: outPath))) ?? Data()
        let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return ProcessResult(status: status, stdoutBytes: Array(out), stderr: err)
    }

    /// Waits for `pid` on a dedicated thread; kills it (SIGKILL) and throws after `timeout`.
    public static func wait(pid: pid_t, timeout: Duration, name: String) async throws -> Int32 {
        let result: Result<Int32, TestSupportError> = await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: waitBlocking(pid: pid, timeout: timeout, name: name))
            }
            thread.start()
        }
        return try result.get()
    }

    /// Waits for `pid` on the calling thread (for code that is not async).
    public static func waitBlocking(pid: pid_t, timeout: Duration, name: String) -> Result<Int32, TestSupportError> {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        var status: Int32 = 0
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { break }
            if r < 0 && errno != EINTR { return .failure(TestSupportError("waitpid(\(pid)) failed: errno \(errno)")) }
            if ContinuousClock.now > deadline {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                return .failure(TestSupportError("\(name) did not finish within \(timeout); killed (pid \(pid))"))
            }
            usleep(2_000)
        }
        return .success(exitStatus(status))
    }

    /// Decodes a `waitpid` status into an exit code (128 + signal for signals).
    public static func exitStatus(_ status: Int32) -> Int32 {
        let signal = status & 0x7f
        if signal == 0 { return (status >> 8) & 0xff }
        return 128 + signal
    }

    private static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        pointers.append(nil)
        defer { for p in pointers { free(p) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}

/// Private temporary directories (mode 0700) under `$TMPDIR/poddeck-tests`.
public enum TempDirectory {
    /// Creates a fresh directory and returns its path.
    public static func make(prefix: String) throws -> String {
        let base = (ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp") + "/poddeck-tests"
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        var template = Array("\(base)/\(prefix)-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw TestSupportError("mkdtemp failed: errno \(errno)") }
        return String(cString: made)
    }
}
