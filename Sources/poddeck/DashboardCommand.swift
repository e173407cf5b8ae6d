import ArgumentParser
import Deck

struct DashboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Open the live dashboard (the default).")

    @OptionGroup var global: GlobalOptions
    @Option(name: [.short, .long], help: "Namespace to show.") var namespace: String?
    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "Every namespace.") var allNamespaces = false

    func run() async throws {
        var extra: [String: String] = [:]
        extra["namespace"] = namespace
        let session = try global.session(extra)
        let ns = allNamespaces ? nil : session.settings.effectiveNamespace
        try await GetRunner.list(store: session.store, namespace: ns, selector: nil, format: .table, console: session.console)
        await session.close()
    }
}
