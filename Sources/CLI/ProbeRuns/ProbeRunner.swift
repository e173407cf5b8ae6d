import Docker
import Foundation
import Ops
import PodModel
import Probes

/// What `poddeck probe` runs and how it prints.
public struct ProbeRunOptions: Sendable, Hashable {
    /// Runs per probe (at least 1).
    public var count: Int
    /// Time from one run of a probe to the next; nil keeps each probe's `periodSeconds`.
    public var interval: Duration?
    /// A timeout for every run instead of each probe's `timeoutSeconds`, if set.
    public var timeoutOverride: Duration?
    /// Text lines or a JSON array.
    public var format: ProbeOutputFormat
    /// Where HTTP and TCP probes may connect besides the pod IP.
    public var reach: ProbeReach

    /// Creates options.
    public init(count: Int = 1, interval: Duration? = nil, timeoutOverride: Duration? = nil,
                format: ProbeOutputFormat = .text, reach: ProbeReach = ProbeReach()) {
        self.count = max(1, count)
        self.interval = interval
        self.timeoutOverride = timeoutOverride
        self.format = format
        self.reach = reach
    }
}

/// `poddeck probe NS/NAME`: runs a pod's probes now, as the kubelet would, and prints each result.
///
/// Every probe of every container runs `count` times, one run per period (`--interval`, else its
/// `periodSeconds`), probes side by side; `initialDelaySeconds` is not waited for. Exit status:
/// 0 when every run succeeded (a warning is a success), 6 when any failed, 1 when a probe could
/// not run at all (no pod IP, container not running, Docker unreachable) and none failed, 5 when
/// the pod does not exist. Each failed or unrunnable probe gets one line on stderr.
public enum ProbeRunner {
    /// Reads the pod from etcd, runs its probes and prints the results.
    /// - Parameters:
    ///   - dockerHost: `--docker-host` (else `DOCKER_HOST`, else the default socket), used only
    ///     when the pod has exec probes.
    public static func run(store: PodStore, key: PodKey, options: ProbeRunOptions, dockerHost: String?,
                           environment: [String: String] = ProcessInfo.processInfo.environment,
                           console: Console) async throws(CommandFailure) {
        let record: PodRecord?
        do { record = try await store.get(key) } catch {
            throw CommandFailure(.runtime, error.description)
        }
        guard let record else {
            throw CommandFailure(.notFound, "pod \(Sanitize.line(key.description)) not found "
                                 + "(no key \(Sanitize.line(key.etcdKey(prefix: store.prefix))))")
        }
        // Asking for one pod's probes by name is the operator's say for its exec probes; they still
        // run only in a container the daemon confirms is the pod's.
        let probes = ProbePlanner.probes(of: record, options: ProbePlanOptions(periodOverride: options.interval,
                                                                               timeoutOverride: options.timeoutOverride,
                                                                               execProbes: true, reach: options.reach))
        guard !probes.isEmpty else {
            if options.format == .json { console.out("[]") }
            console.err("pod \(Sanitize.line(key.description)) has no liveness, readiness or startup probes")
            return
        }
        let docker = try dockerClient(for: probes, dockerHost: dockerHost, environment: environment)
        let dispatcher = ProberDispatcher(execRunner: docker.map { DockerExecRunner(client: $0) })
        let records = await run(probes, options: options, prober: dispatcher, console: console)
        await dispatcher.shutdown()
        if let docker { try? await docker.shutdown() }
        try verdict(records, pod: key)
    }

    /// Runs `probes` with `prober` and prints every result (text as it comes, JSON at the end);
    /// returns the records in probe order, then run order.
    public static func run(_ probes: [PlannedProbe], options: ProbeRunOptions, prober: any Prober,
                           console: Console) async -> [ProbeRunRecord] {
        let printer = ProbeRunPrinter(probes: probes, count: options.count)
        if options.format == .text { console.out(printer.header) }
        let records = await ProbeRuns.runAll(probes, count: options.count, prober: prober) { record in
            if options.format == .text { console.out(printer.text(record)) }
        }
        if options.format == .json {
            console.write(ProbeRunPrinter.json(records, sanitize: console.stdoutIsTTY))
        }
        return records
    }

    /// Nothing when every run succeeded; else the failure to exit with, one line per probe that
    /// failed (status 6) and per probe that could not run (status 1 when none failed).
    public static func verdict(_ records: [ProbeRunRecord], pod: PodKey) throws(CommandFailure) {
        func describe(_ record: ProbeRunRecord) -> String {
            let detail = record.detail
            let target = detail.target.isEmpty ? "" : " (\(Sanitize.line(detail.target)))"
            return "\(record.probe.key.kind.rawValue) probe of container \(Sanitize.line(record.probe.key.container)) "
                + "in pod \(Sanitize.line(pod.description))\(target)"
        }
        let failed = lastRecords(records) { $0.result.outcome == .failure }.map { record in
            let runs = records.filter { $0.probe.key == record.probe.key }
            let failures = runs.filter { $0.result.outcome == .failure }.count
            return "\(describe(record)) failed \(failures) of \(runs.count) runs: \(Sanitize.line(record.message))"
        }
        let unknown = lastRecords(records) { $0.result.outcome == .unknown }.map { record in
            "\(describe(record)) could not run: \(Sanitize.line(record.message))"
        }
        guard failed.isEmpty && unknown.isEmpty else {
            throw CommandFailure(failed.isEmpty ? .runtime : .probeFailed, failed + unknown)
        }
    }

    /// The last record matching `include` of each probe, in probe order.
    private static func lastRecords(_ records: [ProbeRunRecord],
                                    where include: (ProbeRunRecord) -> Bool) -> [ProbeRunRecord] {
        var last: [ProbeKey: ProbeRunRecord] = [:]
        var order: [ProbeKey] = []
        for record in records where include(record) {
            if last.updateValue(record, forKey: record.probe.key) == nil { order.append(record.probe.key) }
        }
        return order.compactMap { last[$0] }
    }

    /// A Docker client when some probe runs a command in a container; nil otherwise. Making the
    /// client does not connect: an unreachable daemon shows in the exec probes' results.
    static func dockerClient(for probes: [PlannedProbe], dockerHost: String?,
                             environment: [String: String]) throws(CommandFailure) -> DockerClient? {
        let needsDocker = probes.contains { probe in
            if case .exec = probe.definition.handler { return true }
            return false
        }
        guard needsDocker else { return nil }
        do {
            let host = try DockerHost.resolve(flag: dockerHost, environment: environment)
            return try DockerClient(host: host)
        } catch {
            throw CommandFailure(.usage, "\(error.description) (exec probes run through the Docker Engine API)")
        }
    }
}
