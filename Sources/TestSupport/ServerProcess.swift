import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A long-running child process (a server) that is stopped by its PID.
public final class ServerProcess: @unchecked Sendable {
    /// The child's PID.
    public let pid: pid_t
    /// Where its stdout and stderr go.
    public let logPath: String
    /// A short name for messages.
    public let name: String
    private let lock = NSLock()
    private var exited = false
    private var exitCode: Int32 = 0

    private init(pid: pid_t, logPath: String, name: String) {
        self.pid = pid
        self.logPath = logPath
        self.name = name
    }

    /// Starts `executable` with output appended to `logPath`.
    public static func start(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                             logPath: String, name: String? = nil) throws -> ServerProcess {
        let pid = try ProcessRunner.spawn(executable, arguments, environment: environment,
                                          stdoutPath: logPath, stderrPath: logPath + ".err")
        return ServerProcess(pid: pid, logPath: logPath, name: name ?? executable)
    }

    /// Whether the process is still running (reaps it if it exited).
    public var isRunning: Bool {
        lock.lock(); defer { lock.unlock() }
        if exited { return false }
        var status: Int32 = 0
        let r = waitpid(pid, &status, WNOHANG)
        if r == pid {
            exited = true
            exitCode = ProcessRunner.exitStatus(status)
            return false
        }
        return true
    }

    /// The last lines of the server's output, for failure messages.
    public func logTail(lines: Int = 20) -> String {
        let out = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: logPath + ".err", encoding: .utf8)) ?? ""
        return (out + err).split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }

    /// Sends `signal` (default SIGTERM), waits up to `grace` for exit, then SIGKILLs. Idempotent.
    public func stop(signal: Int32 = SIGTERM, grace: Duration = .seconds(10)) {
        guard isRunning else { return }
        kill(pid, signal)
        let deadline = ContinuousClock.now.advanced(by: grace)
        while isRunning && ContinuousClock.now < deadline { usleep(5_000) }
        if isRunning {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            _ = waitpid(pid, &status, 0)
            lock.lock(); exited = true; lock.unlock()
        }
    }

    /// Kills the process abruptly (SIGKILL) and reaps it.
    public func kill9() { stop(signal: SIGKILL, grace: .seconds(5)) }

    deinit { stop() }
}

/// Free TCP ports on 127.0.0.1.
public enum PortAllocator {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var handedOut = Set<Int>()

    /// A port nothing listens on right now (and not handed out before in this process).
    public static func freePort() throws -> Int {
        lock.lock(); defer { lock.unlock() }
        for _ in 0..<50 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw TestSupportError("socket() failed") }
            defer { close(fd) }
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_port = 0
            addr.sin_addr.s_addr = inet_addr("127.0.0.1")
            let bound = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0 else { continue }
            var len = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
            }
            let port = Int(UInt16(bigEndian: addr.sin_port))
            if handedOut.insert(port).inserted { return port }
        }
        throw TestSupportError("no free port found on 127.0.0.1")
    }

    /// Whether something accepts TCP connections on 127.0.0.1:`port`.
    public static func isListening(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}

/// Polls `condition` until it holds or `timeout` passes (then throws with `message`).
public func waitUntil(_ message: @autoclosure () -> String, timeout: Duration = .seconds(20),
                      every interval: Duration = .milliseconds(50),
                      _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while true {
        if try await condition() { return }
        if ContinuousClock.now > deadline { throw TestSupportError("timed out after \(timeout): \(message())") }
        try await Task.sleep(for: interval)
    }
}
