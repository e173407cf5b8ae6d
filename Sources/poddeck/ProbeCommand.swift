import ArgumentParser
import CLI
import Deck
import Ops

struct ProbeCommand: AsyncParsableCommand, SettingsCommand {
    static let settingGroups: Set<SettingGroup> = connectionGroups.union([.probes])
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Run a pod's liveness, readiness and startup probes now and print each result.",
        discussion: """
            poddeck probe NS/NAME [--count N] [--interval D] [-o text|json] [--probe-timeout D] [--docker-host H]
            Exit codes: 0 every run succeeded (a warning counts as success), 6 a probe failed, 5 no such pod,
            1 a probe could not run (no pod IP, container not running, Docker unreachable) or etcd failed.
            """)

    @Argument(help: "NS/NAME (or NAME with -n).") var name: String
    @Option(help: "Runs per probe.") var count: Int = 1
    @Option(help: "Time between runs of a probe: 500ms, 2s (default: its periodSeconds).") var interval: String?
    @Option(name: [.short, .long], help: "Output: text or json.") var output: String = "text"

    func run() async throws {
        guard let format = ProbeOutputFormat(rawValue: output) else {
            throw ValidationError("-o must be one of: \(ProbeOutputFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard count >= 1 else { throw ValidationError("--count must be at least 1") }
        var every: Duration?
        if let interval {
            guard let parsed = DurationText.parse(interval), parsed > .zero else {
                throw ValidationError("--interval: expected a duration such as 500ms, 2s or 1m, got \(interval)")
            }
            every = parsed
        }
        try await CommandSettings.withSession { session in
            let key = try PodArguments.key(name, in: session)
            let options = ProbeRunOptions(count: count, interval: every ?? session.settings.probeInterval,
                                          timeoutOverride: session.settings.probeTimeout, format: format,
                                          reach: ProbeReach(allowHosts: session.settings.probeAllowHosts))
            try await ProbeRunner.run(store: session.store, key: key, options: options,
                                      dockerHost: session.settings.dockerHost, console: session.console)
        }
    }
}
