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
        guard ["pod", "pods", "po"].contains(resource) else { throw ValidationError("unknown resource \(resource)") }
        var extra: [String: String] = [:]
        extra["namespace"] = namespace
        let session = try global.session(extra)
        guard let key = PodKey(parsing: name, defaultNamespace: session.settings.effectiveNamespace) else {
            throw ValidationError("expected NAMESPACE/NAME, got \(name)")
        }
        do {
            try await DeleteRunner.run(store: session.store, key: key, resourceVersion: resourceVersion,
                                       readonly: session.settings.readonly, console: session.console)
        } catch {
            await session.close()
            throw error
        }
        await session.close()
    }
}
