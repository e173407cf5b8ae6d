import Foundation

/// `poddeck-bench [section…]`: in-process benchmarks; each prints its figures and the baseline
/// they are compared against. Sections: tui, storage, pull, probes (default: all).
@main
enum BenchMain {
    static func main() async {
        let args = Array(CommandLine.arguments.dropFirst())
        let sections = args.isEmpty ? BenchRegistry.all.map(\.name) : args
        for name in sections {
            guard let bench = BenchRegistry.all.first(where: { $0.name == name }) else {
                print("unknown section \(name); known: \(BenchRegistry.all.map(\.name).joined(separator: ", "))")
                exit(2)
            }
            print("== \(bench.title) ==")
            await bench.run()
            print("")
        }
    }
}

/// One benchmark section.
struct BenchSection: Sendable {
    let name: String
    let title: String
    let run: @Sendable () async -> Void
}

/// Every section, in order.
enum BenchRegistry {
    static let all: [BenchSection] = [
        BenchSection(name: "tui", title: "dashboard at 100,000 pods (in process)", run: TUIBenchmarks.run),
        BenchSection(name: "storage", title: "stored pod decoding: JSON vs Kubernetes protobuf (in process)", run: StorageBenchmarks.run),
        BenchSection(name: "pull", title: "pull stream decoding (in process)", run: PullBenchmarks.run),
        BenchSection(name: "probes", title: "5,000 HTTP probes at a 1s period", run: ProbeBenchmarks.run),
    ]
}

/// Timing helpers.
enum Measure {
    /// Runs `body` `iterations` times after `warmup` runs; returns per-iteration times sorted.
    static func times(iterations: Int, warmup: Int = 3, _ body: () -> Void) -> [Duration] {
        for _ in 0..<warmup { body() }
        var out: [Duration] = []
        out.reserveCapacity(iterations)
        let clock = ContinuousClock()
        for _ in 0..<iterations {
            let start = clock.now
            body()
            out.append(clock.now - start)
        }
        return out.sorted()
    }

    static func ms(_ d: Duration) -> String {
        String(format: "%.2f ms", Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15)
    }

    static func percentile(_ sorted: [Duration], _ p: Double) -> Duration {
        sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]
    }
}
