import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension TmuxSession {
    /// PID of the shell tmux started in the pane (`#{pane_pid}`).
    public func panePID() async throws -> pid_t {
        let r = try await ProcessRunner.run("tmux", ["-L", socket, "display-message", "-p", "-t", "0", "#{pane_pid}"], timeout: .seconds(10))
        guard r.status == 0, let pid = pid_t(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw TestSupportError("tmux display-message #{pane_pid} failed: \(r.stderr)")
        }
        return pid
    }

    /// Waits until a process whose command line starts with `executable` runs under the pane's
    /// shell (at any depth) and returns its PID.
    public func waitForProcess(_ executable: String, timeout: Duration = .seconds(20)) async throws -> pid_t {
        let root = try await panePID()
        var found: pid_t?
        try await waitUntil("\(executable) running in the tmux pane", timeout: timeout, every: .milliseconds(100)) {
            var queue = [root]
            while let pid = queue.popLast() {
                if pid != root, ProcessTree.commandLine(of: pid).first == executable { found = pid; return true }
                queue += try await ProcessTree.children(of: pid)
            }
            return false
        }
        guard let found else { throw TestSupportError("no \(executable) process under pane pid \(root)") }
        return found
    }
}

/// Looking at running processes by PID (`/proc`, `pgrep -P`).
public enum ProcessTree {
    /// PIDs of the direct children of `parent` (from `pgrep -P`).
    public static func children(of parent: pid_t) async throws -> [pid_t] {
        let r = try await ProcessRunner.run("pgrep", ["-P", "\(parent)"], timeout: .seconds(10))
        return r.stdout.split(separator: "\n").compactMap { pid_t($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// The arguments a process was started with (`/proc/<pid>/cmdline`); empty when it is gone.
    public static func commandLine(of pid: pid_t) -> [String] {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return [] }
        return data.split(separator: 0, omittingEmptySubsequences: false).dropLast().map { String(decoding: $0, as: UTF8.self) }
    }
}
