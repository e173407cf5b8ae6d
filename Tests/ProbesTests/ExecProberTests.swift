import Probes
import Synchronization
import Testing

/// An exec seam that answers from a script and records what it was asked.
final class FakeExecRunner: ExecRunner {
    enum Script: Sendable {
        case exit(Int, String)
        case timeout
        case error(String)
        /// Never answers on its own (until cancelled).
        case hang
    }

    struct RunnerError: Error, CustomStringConvertible {
        var description: String
    }

    let script: Script
    private let calls = Mutex<[(String, [String], Duration)]>([])

    init(_ script: Script) { self.script = script }

    var recorded: [(String, [String], Duration)] { calls.withLock { $0 } }

    func exec(containerID: String, owner: ContainerOwner?, command: [String], timeout: Duration) async throws -> (exitCode: Int, output: String) {
        calls.withLock { $0.append((containerID, command, timeout)) }
        switch script {
        case .exit(let code, let output): return (code, output)
        case .timeout: throw ExecTimeoutError()
        case .error(let text): throw RunnerError(description: text)
        case .hang:
            try await Task.sleep(for: .seconds(3600))
            return (0, "")
        }
    }
}

@Suite struct ExecProberTests {
    @Test func exitZeroSucceeds() async {
        let runner = FakeExecRunner(.exit(0, "all good\n"))
        let result = await ExecProber(runner: runner)
            .probe(.exec(containerID: "abc123", command: ["cat", "/tmp/healthy"]), timeout: .seconds(2))
        #expect(result.outcome == .success)
        #expect(result.output == "all good\n")
        #expect(runner.recorded.count == 1)
        #expect(runner.recorded.first?.0 == "abc123")
        #expect(runner.recorded.first?.1 == ["cat", "/tmp/healthy"])
        #expect(runner.recorded.first?.2 == .seconds(2))
    }

    @Test func aNonZeroExitFailsWithCodeAndOutput() async {
        let result = await ExecProber(runner: FakeExecRunner(.exit(3, "cat: /tmp/healthy: No such file\n")))
            .probe(.exec(containerID: "abc", command: ["cat", "/tmp/healthy"]), timeout: .seconds(1))
        #expect(result.outcome == .failure)
        #expect(result.message == "command failed with exit code 3: cat: /tmp/healthy: No such file")
        #expect(result.output == "cat: /tmp/healthy: No such file\n")
    }

    @Test func aRunnerTimeoutFails() async {
        let result = await ExecProber(runner: FakeExecRunner(.timeout))
            .probe(.exec(containerID: "abc", command: ["sleep", "10"]), timeout: .seconds(1))
        #expect(result.outcome == .failure)
        #expect(result.message == "command timed out after 1s")
    }

    @Test func aRunnerThatNeverAnswersTimesOut() async {
        let result = await ExecProber(runner: FakeExecRunner(.hang))
            .probe(.exec(containerID: "abc", command: ["sleep", "10"]), timeout: .milliseconds(200))
        #expect(result.outcome == .failure)
        #expect(result.message == "command timed out after 200ms")
        #expect(result.latency < .seconds(60))
    }

    @Test func noContainerIsUnknown() async {
        let runner = FakeExecRunner(.exit(0, ""))
        let result = await ExecProber(runner: runner).probe(.exec(containerID: nil, command: ["true"]), timeout: .seconds(1))
        #expect(result.outcome == .unknown)
        #expect(result.message == "container not running")
        #expect(runner.recorded.isEmpty)
    }

    @Test func aRuntimeErrorIsUnknown() async {
        let result = await ExecProber(runner: FakeExecRunner(.error("no such container")))
            .probe(.exec(containerID: "gone", command: ["true"]), timeout: .seconds(1))
        #expect(result.outcome == .unknown)
        #expect(result.message == "exec failed: no such container")
    }

    @Test func longOutputIsCappedAndShortenedInTheMessage() async {
        let output = String(repeating: "e", count: 50_000)
        let result = await ExecProber(runner: FakeExecRunner(.exit(1, output)))
            .probe(.exec(containerID: "abc", command: ["x"]), timeout: .seconds(1))
        #expect(result.output.utf8.count == ProbeResult.maxOutputBytes)
        #expect(result.message.count < 300)
    }
}
