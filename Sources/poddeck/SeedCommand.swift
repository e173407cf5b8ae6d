import ArgumentParser
import CLI
import Deck
import Foundation
import Ops


struct SeedCommand: AsyncParsableCommand, SettingsCommand {
    static let settingGroups: Set<SettingGroup> = [.source, .connection]
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Write N realistic demo pods (for the sandbox, tests and benchmarks).")

    @Option(help: "How many pods.") var count: Int = 100
    @Option(help: "Namespaces to spread them over (1-12).") var namespaces: Int = 6
    @Option(help: "Images to use, comma-separated.") var images: String?
    @Option(name: .customLong("probe-host"), help: "Host of the probe targets.") var probeHost: String = "127.0.0.1"
    @Option(name: .customLong("healthy-port"), help: "Port of a probe target answering 200.") var healthyPort: Int?
    @Option(name: .customLong("failing-port"), help: "Port of a probe target answering 503.") var failingPort: Int?
    @Option(name: .customLong("slow-port"), help: "Port of a slow probe target.") var slowPort: Int?
    @Option(help: "Generator seed.") var seed: UInt64 = 42
    @Option(name: .customLong("max-txn-ops"), help: "Puts per transaction, at most etcd's --max-txn-ops.")
    var maxTxnOps: Int = 100
    @Option(name: .customLong("max-request-bytes"), help: "Bytes per transaction, below etcd's --max-request-bytes.")
    var maxRequestBytes: Int = 1 << 20
    @Option(help: "Transactions in flight at once.") var parallel: Int = 4
    @Option(help: "Storage encoding: json, protobuf (the apiserver's), or mixed (every second namespace protobuf).") var encoding: String = "json"

    func run() async throws {
        guard count >= 0 else { throw ValidationError("--count must be 0 or more") }
        guard maxTxnOps >= 1, maxRequestBytes >= 1024, parallel >= 1 else {
            throw ValidationError("--max-txn-ops and --parallel must be at least 1, --max-request-bytes at least 1024")
        }
        guard let seedEncoding = SeedEncoding(rawValue: encoding) else {
            throw ValidationError("--encoding must be json, protobuf or mixed")
        }
        var factory = SeedPodFactory(namespaces: namespaces, seed: seed)
        if let images {
            factory.images = images.split(separator: ",").map(String.init)
        }
        if let healthyPort, let failingPort, let slowPort {
            factory.probeTargets = .init(host: probeHost, healthyPort: healthyPort, failingPort: failingPort, slowPort: slowPort)
        }
        try await CommandSettings.withSession { session in
            try await SeedRunner.run(store: session.store, count: count, factory: factory,
                                     readonly: session.settings.readonly, console: session.console, encoding: seedEncoding,
                                     maxTxnOps: maxTxnOps, maxRequestBytes: maxRequestBytes, parallel: parallel)
        }
    }
}
