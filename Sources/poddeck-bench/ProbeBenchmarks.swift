import Deck
import Foundation
import Ops
import PodModel
import ProbeTargets
import Probes
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// 5,000 HTTP probe targets at a 1 s period through the planner and the scheduler, as the
/// dashboard runs them: probes per second, CPU of this process (getrusage user+sys over wall time),
/// latency p50/p99; then the same with 100 extra targets that never answer (`/hang`).
///
/// The targets are `ProbeTargetServer`s in a child process (this executable again, told so by
/// `PODDECK_BENCH_PROBE_SERVE`), so the CPU figure is the prober's alone; the child's CPU is shown
/// apart. The healthy-only run is done twice to show the run-to-run noise next to the effect of
/// the hanging targets. Goal: 5,000 probes/s within half a core.
///
/// Environment: `BENCH_PROBE_TARGETS` (5000), `BENCH_PROBE_HANGING` (100), `BENCH_PROBE_SECONDS`
/// (measured seconds per run, 10), `BENCH_PROBE_SERVERS` (target server ports, 8),
/// `BENCH_PROBE_SLACK_MS` (the scheduler's tick slack; its default when unset).
enum ProbeBenchmarks {
    static let serveVariable = "PODDECK_BENCH_PROBE_SERVE"

    static func run() async {
        let env = ProcessInfo.processInfo.environment
        if let servers = env[serveVariable] {
            await serveTargets(count: Int(servers) ?? 8)
            return
        }
        let targets = Int(env["BENCH_PROBE_TARGETS"] ?? "") ?? 5000
        let hanging = Int(env["BENCH_PROBE_HANGING"] ?? "") ?? 100
        let seconds = Int(env["BENCH_PROBE_SECONDS"] ?? "") ?? 10
        let serverCount = max(1, Int(env["BENCH_PROBE_SERVERS"] ?? "") ?? 8)
        let slack = Int(env["BENCH_PROBE_SLACK_MS"] ?? "").map { Duration.milliseconds(max(0, $0)) }
            ?? ProbeScheduler.defaultTickSlack
        let limit = raiseFileLimit()
        print("open files limit: \(limit)")

        let child: TargetProcess
        do { child = try await TargetProcess.start(servers: serverCount) } catch {
            print("cannot start the probe target servers: \(error)")
            return
        }
        defer { child.stop() }
        print("targets: \(targets) healthy HTTP + \(hanging) hanging, on \(serverCount) ProbeTargetServer ports "
              + "in child process \(child.pid); period 1s, timeout 1s, max \(ProbeScheduler.defaultMaxConcurrent) in flight, tick slack \(slack)")

        let healthy = (0..<targets).map { i in
            record(i, port: child.ports[i % child.ports.count], path: "/healthz?target=\(i)", namespace: "bench")
        }
        let hangers = (0..<hanging).map { i in
            record(i, port: child.ports[i % child.ports.count], path: "/hang?target=\(i)", namespace: "hang")
        }
        let planStart = ContinuousClock.now
        let healthyPlan = ProbePlanner.plan(records: healthy)
        let planTime = ContinuousClock.now - planStart
        let fullPlan = ProbePlanner.plan(records: healthy + hangers)
        print("plan \(healthy.count) pods: \(Measure.ms(planTime))")
        await planSeededPods()

        let a = await measure(plan: healthyPlan, seconds: seconds, slack: slack, child: child, label: "healthy, run 1")
        let a2 = await measure(plan: healthyPlan, seconds: seconds, slack: slack, child: child, label: "healthy, run 2")
        let b = await measure(plan: fullPlan, seconds: seconds, slack: slack, child: child, label: "+\(hanging) hanging")
        printTable([a, a2, b], seconds: seconds)
    }

    // MARK: - Measurement

    /// Figures of one run's measured window.
    struct RunFigures {
        var label: String
        var probesPerSecond: Double
        var healthyPerSecond: Double
        var healthyFailures: Int
        var hangingResults: Int
        var p50: Duration
        var p99: Duration
        var max: Duration
        var cpuCores: Double
        var targetCPUCores: Double?
        var peakInFlight: Int
        var firstFailure: String?
    }

    /// What the update consumer saw in the window.
    struct Window: Sendable {
        var results = 0
        var healthyResults = 0
        var healthyFailures = 0
        var hangingResults = 0
        var latencies: [Duration] = []
        var firstFailure: String?
    }

    static func measure(plan: [ProbeKey: ProbeDefinition], seconds: Int, slack: Duration, child: TargetProcess,
                        label: String) async -> RunFigures {
        let warmup = Duration.seconds(3)
        let dispatcher = ProberDispatcher()
        let scheduler = ProbeScheduler(prober: dispatcher, tickSlack: slack)
        let clock = ContinuousClock()
        let begin = clock.now
        let windowStart = begin + warmup
        let windowEnd = windowStart + .seconds(seconds)
        // Batch by batch, as the dashboard reads them.
        let batches = scheduler.updates.batches
        let consumer = Task { () -> Window in
            var window = Window()
            window.latencies.reserveCapacity(plan.count * seconds + 1024)
            reading: for await batch in batches {
                let now = clock.now
                if now < windowStart { continue }
                if now >= windowEnd { break reading }
                for update in batch {
                    guard update.event == .result, let result = update.tracker.lastResult else { continue }
                    window.results += 1
                    if update.key.pod.hasPrefix("hang/") {
                        window.hangingResults += 1
                        continue
                    }
                    window.healthyResults += 1
                    window.latencies.append(result.latency)
                    if result.outcome != .success {
                        window.healthyFailures += 1
                        if window.firstFailure == nil { window.firstFailure = result.message }
                    }
                }
            }
            return window
        }
        await scheduler.update(probes: plan)
        try? await Task.sleep(until: windowStart, clock: .continuous)
        let cpu0 = processCPU()
        let childCPU0 = child.cpu()
        try? await Task.sleep(until: windowEnd, clock: .continuous)
        let cpu1 = processCPU()
        let childCPU1 = child.cpu()
        let wall = Double(seconds)
        let window = await consumer.value
        let peak = scheduler.peakRunsInFlight
        await scheduler.shutdown()
        await dispatcher.shutdown()
        let sorted = window.latencies.sorted()
        let figures = RunFigures(
            label: label, probesPerSecond: Double(window.results) / wall,
            healthyPerSecond: Double(window.healthyResults) / wall, healthyFailures: window.healthyFailures,
            hangingResults: window.hangingResults,
            p50: sorted.isEmpty ? .zero : Measure.percentile(sorted, 0.50),
            p99: sorted.isEmpty ? .zero : Measure.percentile(sorted, 0.99),
            max: sorted.last ?? .zero, cpuCores: (cpu1 - cpu0) / wall,
            targetCPUCores: childCPU0.flatMap { c0 in childCPU1.map { ($0 - c0) / wall } },
            peakInFlight: peak, firstFailure: window.firstFailure)
        print("\(label): \(window.results) results in \(seconds)s, \(window.healthyFailures) healthy failures"
              + (window.firstFailure.map { " (first: \($0))" } ?? ""))
        // Let the closed connections and the hanging targets' sockets drain before the next run.
        try? await Task.sleep(for: .seconds(2))
        return figures
    }

    static func printTable(_ runs: [RunFigures], seconds: Int) {
        guard runs.count == 3 else { return }
        let (a, a2, b) = (runs[0], runs[1], runs[2])
        func ms(_ d: Duration) -> String { Measure.ms(d) }
        func perProbe(_ run: RunFigures) -> String {
            run.probesPerSecond > 0 ? String(format: "%.0f µs", run.cpuCores / run.probesPerSecond * 1e6) : "-"
        }
        func ratio(_ x: Double, _ y: Double) -> String { y == 0 ? "-" : String(format: "%.2f×", x / y) }
        func inSeconds(_ d: Duration) -> Double {
            Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        }
        func row(_ name: String, _ values: [String], _ ratioText: String, _ noise: String) {
            let cells = [name.padding(toLength: 28, withPad: " ", startingAt: 0)]
                + values.map { $0.padding(toLength: 16, withPad: " ", startingAt: 0) }
                + [ratioText.padding(toLength: 10, withPad: " ", startingAt: 0), noise]
            print(cells.joined())
        }
        print("")
        row("", [a.label, a2.label, b.label], "hang/run1", "run2/run1 (noise)")
        row("probes/s (all)", [a, a2, b].map { String(format: "%.0f", $0.probesPerSecond) },
            ratio(b.probesPerSecond, a.probesPerSecond), ratio(a2.probesPerSecond, a.probesPerSecond))
        row("probes/s (healthy)", [a, a2, b].map { String(format: "%.0f", $0.healthyPerSecond) },
            ratio(b.healthyPerSecond, a.healthyPerSecond), ratio(a2.healthyPerSecond, a.healthyPerSecond))
        row("healthy failures", [a, a2, b].map { "\($0.healthyFailures)" }, "", "")
        row("hanging results (timeouts)", [a, a2, b].map { "\($0.hangingResults)" }, "", "")
        row("latency p50 (healthy)", [a, a2, b].map { ms($0.p50) }, ratio(inSeconds(b.p50), inSeconds(a.p50)),
            ratio(inSeconds(a2.p50), inSeconds(a.p50)))
        row("latency p99 (healthy)", [a, a2, b].map { ms($0.p99) }, ratio(inSeconds(b.p99), inSeconds(a.p99)),
            ratio(inSeconds(a2.p99), inSeconds(a.p99)))
        row("latency max (healthy)", [a, a2, b].map { ms($0.max) }, "", "")
        row("CPU, this process (cores)", [a, a2, b].map { String(format: "%.3f", $0.cpuCores) },
            ratio(b.cpuCores, a.cpuCores), ratio(a2.cpuCores, a.cpuCores))
        row("CPU per probe, this process", [a, a2, b].map { perProbe($0) }, "", "")
        row("CPU, target servers (cores)", [a, a2, b].map { $0.targetCPUCores.map { String(format: "%.3f", $0) } ?? "-" },
            "", "")
        row("peak runs in flight", [a, a2, b].map { "\($0.peakInFlight)" }, "", "")
        let p99Shift = abs(inSeconds(b.p99) - inSeconds(a.p99))
        let noise = max(abs(inSeconds(a2.p99) - inSeconds(a.p99)), 0.0001)
        print("")
        print("healthy p99 moved by \(String(format: "%.2f", p99Shift * 1000)) ms with the hanging targets; "
              + "the two healthy runs differ by \(String(format: "%.2f", noise * 1000)) ms"
              + (p99Shift <= max(noise * 2, 0.001) ? " (within twice that: noise)" : " (more than twice that)"))
        let perProbe = [a, a2, b].map { $0.probesPerSecond > 0 ? $0.cpuCores / $0.probesPerSecond : 0 }.max() ?? 0
        let goal = a.healthyPerSecond >= 4900 && a.cpuCores <= 0.5
        print("goal 5,000 probes/s within half a core: \(goal ? "met" : "not met"); run 1 did "
              + "\(String(format: "%.0f", a.healthyPerSecond)) probes/s at \(String(format: "%.2f", a.cpuCores)) cores; "
              + "at \(String(format: "%.0f", perProbe * 1e6)) µs per probe, 5,000 probes/s take "
              + "\(String(format: "%.2f", perProbe * 5000)) cores")
    }

    // MARK: - Pods

    /// A pod with one container whose liveness probe GETs `path` on 127.0.0.1:`port` every second.
    static func record(_ index: Int, port: Int, path: String, namespace: String) -> PodRecord {
        let name = "target-\(index)"
        let json: JSONValue = [
            "apiVersion": "v1", "kind": "Pod",
            "metadata": ["name": .string(name), "namespace": .string(namespace)],
            "spec": ["containers": [[
                "name": "app", "image": "bench/app:1",
                "livenessProbe": ["httpGet": ["path": .string(path), "port": .int(port)], "periodSeconds": 1,
                                  "timeoutSeconds": 1, "failureThreshold": 3],
            ]]],
            "status": ["phase": "Running", "podIP": "127.0.0.1"],
        ]
        do {
            return PodRecord(key: PodKey(namespace: namespace, name: name), pod: try Pod(json: json), createRevision: 1,
                             modRevision: 1)
        } catch {
            fatalError("bench pod does not decode: \(error)")
        }
    }

    /// The planner's cost on a dashboard-sized list: 100,000 seeded pods (`BENCH_TUI_PODS`), from
    /// scratch and for a sync that changed 1,000 of them.
    static func planSeededPods() async {
        let count = Int(ProcessInfo.processInfo.environment["BENCH_TUI_PODS"] ?? "") ?? 100_000
        let factory = SeedPodFactory(namespaces: 12)
        let now = Date()
        var records: [PodRecord] = []
        records.reserveCapacity(count)
        for i in 0..<count {
            let (key, json) = factory.pod(i, now: now)
            guard let pod = try? Pod(json: json) else { continue }
            records.append(PodRecord(key: key, pod: pod, createRevision: 1, modRevision: Int64(i + 1)))
        }
        let times = Measure.times(iterations: 5, warmup: 1) { blackHole(ProbePlanner.plan(records: records).count) }
        print("plan \(count) seeded pods from scratch: median \(Measure.ms(Measure.percentile(times, 0.5))), "
              + "\(ProbePlanner.plan(records: records).count) probes")
        var plan = ProbePlan(records: records)
        let changed = records.prefix(1000)
        let incremental = Measure.times(iterations: 5, warmup: 1) {
            for record in changed { blackHole(plan.upsert(record)) }
        }
        print("re-plan \(changed.count) changed pods in a plan of \(plan.definitions.count) probes (a sync delta): median "
              + Measure.ms(Measure.percentile(incremental, 0.5)))

        // What handing the plan to the scheduler costs (on a clock that never moves: nothing runs).
        let scheduler = ProbeScheduler(prober: IdleProber(), clock: ManualClock())
        let clock = ContinuousClock()
        var start = clock.now
        await scheduler.update(probes: plan.definitions)
        let first = clock.now - start
        start = clock.now
        await scheduler.update(probes: plan.definitions)
        let again = clock.now - start
        await scheduler.shutdown()
        print("scheduler.update with \(plan.definitions.count) probes: first \(Measure.ms(first)) (starts every probe), "
              + "unchanged again \(Measure.ms(again))")
    }

    /// A prober for measurements where nothing runs.
    struct IdleProber: Prober {
        func probe(_ handler: Probes.ProbeHandler, timeout: Duration) async -> ProbeResult {
            ProbeResult(outcome: .success, message: "idle")
        }
    }

    // MARK: - Process figures

    /// User + system CPU seconds of this process.
    static func processCPU() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }

    /// Raises the soft open-files limit to the hard limit; returns the new soft limit.
    static func raiseFileLimit() -> UInt64 {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
            _ = getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        return UInt64(limit.rlim_cur)
    }

    // MARK: - Target servers (child process)

    /// Runs `count` target servers on 127.0.0.1, prints their ports, and exits when stdin closes.
    static func serveTargets(count: Int) async {
        _ = raiseFileLimit()
        var servers: [ProbeTargetServer] = []
        for _ in 0..<max(1, count) {
            let server = ProbeTargetServer()
            do { try await server.start(host: "127.0.0.1", port: 0) } catch {
                print("error: cannot start a probe target: \(error)")
                exit(1)
            }
            servers.append(server)
        }
        let line = "ports: " + servers.map { String($0.port) }.joined(separator: ",") + "\n"
        FileHandle.standardOutput.write(Data(line.utf8))
        // The parent holds our stdin; when it closes (the parent ended), stop.
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                var byte: UInt8 = 0
                while read(0, &byte, 1) > 0 {}
                continuation.resume()
            }
        }
        for server in servers { await server.stop() }
        exit(0)
    }

    /// The child process that serves the targets.
    final class TargetProcess: Sendable {
        let process: Process
        let stdin: Pipe
        let ports: [Int]

        private init(process: Process, stdin: Pipe, ports: [Int]) {
            self.process = process
            self.stdin = stdin
            self.ports = ports
        }

        var pid: Int32 { process.processIdentifier }

        static func start(servers: Int) async throws -> TargetProcess {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            process.arguments = ["probes"]
            var environment = ProcessInfo.processInfo.environment
            environment[ProbeBenchmarks.serveVariable] = String(servers)
            process.environment = environment
            let output = Pipe()
            let input = Pipe()
            process.standardOutput = output
            process.standardInput = input
            try process.run()
            let line = await withCheckedContinuation { (continuation: CheckedContinuation<String?, Never>) in
                Thread.detachNewThread {
                    var text = ""
                    while true {
                        let data = output.fileHandleForReading.availableData
                        if data.isEmpty { break }
                        text += String(decoding: data, as: UTF8.self)
                        if let found = text.split(separator: "\n").first(where: { $0.hasPrefix("ports: ") }) {
                            continuation.resume(returning: String(found))
                            return
                        }
                    }
                    continuation.resume(returning: nil)
                }
            }
            let ports = line.map { $0.dropFirst("ports: ".count).split(separator: ",").compactMap { Int($0) } } ?? []
            guard !ports.isEmpty else {
                process.terminate()
                throw BenchError("the target process printed no ports")
            }
            return TargetProcess(process: process, stdin: input, ports: ports)
        }

        /// User + system CPU seconds of the child (from /proc), nil when unreadable.
        func cpu() -> Double? {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            // After the command: state is field 3; utime and stime are fields 14 and 15.
            guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
            return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
        }

        /// Closes the child's stdin (it exits), then stops it by PID.
        func stop() {
            try? stdin.fileHandleForWriting.close()
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
    }

    struct BenchError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
