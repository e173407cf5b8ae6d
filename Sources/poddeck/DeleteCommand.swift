import ArgumentParser
import Deck

struct DeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a pod if it is still at the revision you name (or just read).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "pod") var resource: String
    @Argument(help: "NS/NAME") var name: String
    @Option(name: .customLong("resource-version"), help: "Delete only at this revision (exit 4 otherwise).") var resourceVersion: Int64?
    @Option(name: [.short, .long], help: "Namespace when NAME has none.") var namespace: String?

    func run() async throws {
        try PodArguments.requirePods(resource)
        var extra: [String: String] = [:]
        extra["namespace"] = namespace
        try await global.withSession(extra) { session in
            try await DeleteRunner.run(store: session.store, key: try PodArguments.key(name, in: session),
                                       resourceVersion: resourceVersion, readonly: session.settings.readonly,
                                       console: session.console)
        }
    }
}
