import ArgumentParser
import CLI
import Deck

struct DashboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Open the live dashboard (the default).",
        discussion: """
            poddeck [-n NAMESPACE | -A] [--poll-interval 2s] [--endpoints URL] [--theme NAME]
            Shows the pods of one namespace (-n), or of all (-A), read from etcd and followed live; \
            press ? in the dashboard for its keys.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(name: [.short, .long], help: ArgumentHelp("Namespace to show (default from config, else `default`).", valueName: "ns"))
    var namespace: String?
    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "Every namespace.") var allNamespaces = false
    @Option(name: .customLong("poll-interval"),
            help: ArgumentHelp("How often the list is re-read: 500ms, 2s, 1m (default 2s).", valueName: "time"))
    var pollInterval: String?
    @Option(help: "Theme: default, light, solarized-dark, high-contrast, mono, or a file.") var theme: String?
    @Flag(help: "Mouse: click selects, wheel scrolls.") var mouse = false
    @Flag(name: .customLong("no-watch"), help: "Poll only; do not follow an etcd watch between polls.") var noWatch = false
    @Flag(name: .customLong("no-probes"), help: "Do not run liveness/readiness/startup probes.") var noProbes = false
    @Option(name: .customLong("probe-interval"), help: "Override every probe's period, e.g. 5s.") var probeInterval: String?
    @Option(name: .customLong("probe-timeout"), help: "Override every probe's timeout, e.g. 2s.") var probeTimeout: String?
    @Option(name: .customLong("max-concurrent-probes"), help: "Probes in flight at once (default 256).") var maxConcurrentProbes: Int?
    @Option(name: .customLong("max-parallel-pulls"), help: "Image pulls at once (default 3).") var maxParallelPulls: Int?
    @Option(name: .customLong("pull-stall-timeout"), help: "No pull progress for this long: stalled, then cancelled (default 60s).") var pullStallTimeout: String?
    @Flag(name: .customLong("auto-pull"), help: "Pull missing images as the kubelet would (imagePullPolicy).") var autoPull = false
    @Flag(name: .customLong("exec-probes"), help: "Run exec probes (commands inside the pods' containers; off by default).") var execProbes = false
    @Option(name: .customLong("probe-allow-hosts"), help: "Hosts, IPs or CIDRs probes may reach besides the pod IP, comma-separated.") var probeAllowHosts: String?
    @Option(name: .customLong("resync-interval"), help: "With a healthy watch, list every key this often (default 10m; 0 never).") var resyncInterval: String?

    func run() async throws {
        var extra: [String: String] = [:]
        extra["namespace"] = namespace
        if allNamespaces { extra["allNamespaces"] = "true" }
        extra["pollInterval"] = pollInterval
        extra["theme"] = theme
        if mouse { extra["mouse"] = "true" }
        if noWatch { extra["watch"] = "false" }
        if noProbes { extra["probes"] = "false" }
        extra["probeInterval"] = probeInterval
        extra["probeTimeout"] = probeTimeout
        extra["maxConcurrentProbes"] = maxConcurrentProbes.map(String.init)
        extra["maxParallelPulls"] = maxParallelPulls.map(String.init)
        extra["pullStallTimeout"] = pullStallTimeout
        if autoPull { extra["autoPull"] = "true" }
        if execProbes { extra["probes.exec"] = "true" }
        extra["probes.allowHosts"] = probeAllowHosts
        extra["resyncInterval"] = resyncInterval
        Logging.bootstrap(level: global.logLevel == "error" ? "critical" : global.logLevel)
        let settings = try HeadlessSession.resolveSettings(flags: global.flags.merging(extra) { _, b in b }, configPath: global.config)
        try await Dashboard.run(settings: settings, host: CursesHost(), warn: { Console.standard.err($0) })
    }
}
