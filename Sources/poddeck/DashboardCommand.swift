import ArgumentParser
import Deck

struct DashboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Open the live dashboard (the default).")

    @OptionGroup var global: GlobalOptions
    @Option(name: [.short, .long], help: "Namespace to show (default from config, else `default`).") var namespace: String?
    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "Every namespace.") var allNamespaces = false
    @Option(name: .customLong("poll-interval"), help: "How often the list is refreshed: 500ms, 2s, 1m (default 2s).") var pollInterval: String?
    @Option(help: "Theme: default, light, solarized-dark, high-contrast, mono, or a file.") var theme: String?
    @Flag(help: "Mouse: click selects, wheel scrolls.") var mouse = false
    @Flag(name: .customLong("no-watch"), help: "Poll only; do not follow an etcd watch between polls.") var noWatch = false

    func run() async throws {
        var extra: [String: String] = [:]
        extra["namespace"] = namespace
        if allNamespaces { extra["allNamespaces"] = "true" }
        extra["pollInterval"] = pollInterval
        extra["theme"] = theme
        if mouse { extra["mouse"] = "true" }
        if noWatch { extra["watch"] = "false" }
        Logging.bootstrap(level: global.logLevel == "error" ? "critical" : global.logLevel)
        let settings = try HeadlessSession.resolveSettings(flags: global.flags.merging(extra) { _, b in b }, configPath: global.config)
        try await Dashboard.run(settings: settings)
    }
}
