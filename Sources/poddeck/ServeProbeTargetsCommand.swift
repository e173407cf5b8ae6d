import ArgumentParser
import Foundation
import Ops
import ProbeTargets

/// Runs the sandbox's probe targets until interrupted (used by scripts/sandbox).
struct ServeProbeTargetsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve-probe-targets",
        abstract: "Serve HTTP probe targets on 127.0.0.1: healthy (200), failing (503) and slow.",
        shouldDisplay: false)

    @Option(name: .customLong("healthy-port")) var healthyPort: Int
    @Option(name: .customLong("failing-port")) var failingPort: Int
    @Option(name: .customLong("slow-port")) var slowPort: Int
    @Option(name: .customLong("slow-delay"), help: "How long the slow target waits, e.g. 3s.") var slowDelay: String = "3s"

    func run() async throws {
        let delay = Ops.DurationText.parse(slowDelay) ?? .seconds(3)
        let task = Task {
            try await ProbeTargetServer.runForever(healthyPort: healthyPort, failingPort: failingPort, slowPort: slowPort,
                                                   slowDelay: delay) { ports in
                print("probe targets ready: healthy \(ports.healthy) failing \(ports.failing) slow \(ports.slow)")
            }
        }
        let signals = [SIGTERM, SIGINT].map { sig -> any DispatchSourceSignal in
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .main)
            source.setEventHandler { task.cancel() }
            source.resume()
            return source
        }
        _ = try? await task.value
        _ = signals
    }
}

import Deck
