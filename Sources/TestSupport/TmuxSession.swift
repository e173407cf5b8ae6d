import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A private tmux server running one command in a fixed-size window: the test terminal.
public final class TmuxSession: @unchecked Sendable {
    /// The tmux socket name (`-L`).
    public let socket: String
    /// PID of the tmux server (stopped by PID at the end).
    public private(set) var serverPID: pid_t = 0
    private var stopped = false

    /// Starts `command` (run by `sh -c`) in a detached session of `width`×`height`.
    public init(command: String, width: Int = 120, height: Int = 40, environment: [String: String] = [:]) async throws {
        socket = "poddeck-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        var env = PodDeckBinary.isolatedEnvironment(environment)
        env["TMUX"] = nil
        let exports = env.map { "\($0.key)=\(Self.quote($0.value))" }.sorted().joined(separator: " ")
        let r = try await ProcessRunner.run("tmux", ["-L", socket, "-f", "/dev/null", "new-session", "-d", "-x", "\(width)", "-y", "\(height)",
                                               "env -i \(exports) sh -c \(Self.quote(command + "; echo '[exited' $? ']'; sleep 3600"))"],
                                      environment: env, timeout: .seconds(30))
        guard r.status == 0 else { throw TestSupportError("tmux new-session failed: \(r.stderr)") }
        let pid = try await ProcessRunner.run("tmux", ["-L", socket, "display-message", "-p", "#{pid}"], timeout: .seconds(10))
        serverPID = pid_t(pid.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        _ = try? await ProcessRunner.run("tmux", ["-L", socket, "set-option", "-g", "remain-on-exit", "on"], timeout: .seconds(10))
    }

    /// Sends keys (tmux key names such as `Enter`, `Escape`, `C-c`, `Down`, or literal text with `literal`).
    public func send(_ keys: String..., literal: Bool = false) async throws {
        let args = ["-L", socket, "send-keys", "-t", "0"] + (literal ? ["-l"] : []) + keys
        let r = try await ProcessRunner.run("tmux", args, timeout: .seconds(10))
        guard r.status == 0 else { throw TestSupportError("tmux send-keys failed: \(r.stderr)") }
    }

    /// Types text literally.
    public func type(_ text: String) async throws { try await send(text, literal: true) }

    /// The visible pane as text (with `escapes`: including colour escape sequences).
    public func capture(escapes: Bool = false) async throws -> String {
        let r = try await ProcessRunner.run("tmux", ["-L", socket, "capture-pane", "-p", "-t", "0"] + (escapes ? ["-e"] : []), timeout: .seconds(10))
        guard r.status == 0 else { throw TestSupportError("tmux capture-pane failed: \(r.stderr)") }
        return r.stdout
    }

    /// Waits until the pane satisfies `condition`; the error shows the last screen.
    @discardableResult
    public func waitFor(_ what: String, timeout: Duration = .seconds(20), _ condition: (String) -> Bool) async throws -> String {
        var last = ""
        do {
            try await waitUntil("\(what)", timeout: timeout, every: .milliseconds(100)) {
                last = try await capture()
                return condition(last)
            }
        } catch {
            throw TestSupportError("timed out waiting for \(what); screen was:\n\(last)")
        }
        return last
    }

    /// Waits until the pane contains `text`.
    @discardableResult
    public func waitFor(text: String, timeout: Duration = .seconds(20)) async throws -> String {
        try await waitFor("\"\(text)\" on screen", timeout: timeout) { $0.contains(text) }
    }

    /// Resizes the window.
    public func resize(width: Int, height: Int) async throws {
        _ = try await ProcessRunner.run("tmux", ["-L", socket, "resize-window", "-t", "0", "-x", "\(width)", "-y", "\(height)"], timeout: .seconds(10))
    }

    /// Stops the tmux server (and what runs in it) by PID.
    public func stop() {
        guard !stopped else { return }
        stopped = true
        _ = try? ProcessRunner.runBlocking("tmux", ["-L", socket, "kill-server"], timeout: .seconds(10))
        if serverPID > 0 {
            for _ in 0..<100 where kill(serverPID, 0) == 0 { usleep(20_000) }
            if kill(serverPID, 0) == 0 { kill(serverPID, SIGKILL) }
        }
    }

    deinit { stop() }

    static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}
