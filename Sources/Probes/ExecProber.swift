import Foundation

/// Runs `exec` probes through an ``ExecRunner``: exit code 0 is success, anything else failure.
///
/// A probe without a container id (container not running) and a runner that cannot run the
/// command give `.unknown`; a command that outlives the timeout fails with `command timed out`.
public struct ExecProber: Prober {
    /// Longest part of the output repeated in a failure message.
    static let messageOutputLimit = 200

    let runner: any ExecRunner

    /// Creates a prober that runs commands with `runner`.
    public init(runner: any ExecRunner) {
        self.runner = runner
    }

    /// Runs an `exec` handler; other handlers give `.unknown`.
    public func probe(_ handler: ProbeHandler, timeout: Duration) async -> ProbeResult {
        guard case .exec(let containerID, let command, let owner) = handler else { return .unsupported(handler) }
        guard let containerID, !containerID.isEmpty else {
            return ProbeResult(outcome: .unknown, message: "container not running")
        }
        guard !command.isEmpty else {
            return ProbeResult(outcome: .failure, message: "exec probe has no command")
        }
        let runner = self.runner
        let start = ContinuousClock.now
        let outcome = await ProbeDeadline.race(timeout: timeout) { () -> ExecOutcome in
            do {
                let (exitCode, output) = try await runner.exec(containerID: containerID, owner: owner, command: command,
                                                               timeout: timeout)
                return .exited(exitCode, output)
            } catch is ExecTimeoutError {
                return .timedOut
            } catch let refusal as ExecRefusal {
                return .refused(refusal.reason)
            } catch {
                return .error("\(error)")
            }
        }
        let latency = start.duration(to: .now)
        let timedOut = ProbeResult(outcome: .failure, message: "command timed out after \(timeout.probeText)",
                                   latency: latency)
        switch outcome {
        case .value(.exited(0, let output)):
            return ProbeResult(outcome: .success, message: "exit code 0", latency: latency, output: output)
        case .value(.exited(let code, let output)):
            return ProbeResult(outcome: .failure, message: Self.failureMessage(code: code, output: output),
                               latency: latency, output: output)
        case .value(.timedOut), .timedOut:
            return timedOut
        case .value(.refused(let reason)):
            return ProbeResult(outcome: .unknown, message: reason, latency: latency)
        case .value(.error(let description)):
            return ProbeResult(outcome: .unknown, message: "exec failed: \(description)", latency: latency)
        case .cancelled:
            return ProbeResult(outcome: .unknown, message: "probe cancelled", latency: latency)
        }
    }

    /// `command failed with exit code 3: <output on one line>`.
    static func failureMessage(code: Int, output: String) -> String {
        let line = output.split(whereSeparator: \.isNewline).joined(separator: " ")
            .trimmingCharacters(in: .whitespaces)
        guard !line.isEmpty else { return "command failed with exit code \(code)" }
        let shown = line.count > messageOutputLimit ? String(line.prefix(messageOutputLimit)) + "…" : line
        return "command failed with exit code \(code): \(shown)"
    }

    private enum ExecOutcome: Sendable {
        case exited(Int, String)
        case timedOut
        case refused(String)
        case error(String)
    }
}
