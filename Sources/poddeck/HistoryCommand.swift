import ArgumentParser
import CLI
import Deck
import Ops

struct HistoryCommand: AsyncParsableCommand, SettingsCommand {
    static let settingGroups: Set<SettingGroup> = connectionGroups
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List the versions of a pod etcd still holds, newest first.",
        discussion: "Walks back through mod revisions until the revision that created the pod or the compaction point, which is stated.")

    @Argument(help: "pod") var resource: String
    @Argument(help: "NS/NAME (or NAME with -n)") var name: String
    @Flag(help: "Print the unified diff between consecutive versions.") var diff = false
    @Option(name: [.short, .long], help: "Output: table, json, yaml.") var output: String = "table"
    @Option(help: "Read at most this many versions.") var limit: Int = 50

    func run() async throws {
        try PodArguments.requirePods(resource)
        guard let format = HistoryFormat(rawValue: output) else {
            throw ValidationError("-o must be one of: \(HistoryFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard limit >= 1 else { throw ValidationError("--limit must be 1 or more") }
        try await CommandSettings.withSession { session in
            try await HistoryRunner.run(store: session.store, key: try PodArguments.key(name, in: session), diff: diff,
                                        format: format, limit: limit, console: session.console)
        }
    }
}
