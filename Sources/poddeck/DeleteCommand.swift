import ArgumentParser
import CLI
import Deck
import Ops

struct DeleteCommand: AsyncParsableCommand, SettingsCommand {
    static let settingGroups: Set<SettingGroup> = connectionGroups
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete pods if they are still at the revision you name (or just read), all in one transaction.",
        discussion: """
            poddeck delete pod NS/NAME [--resource-version N]
            poddeck delete pod A B C            (one transaction: all or none)
            poddeck delete pods [-n NS | -A] -l SELECTOR [--dry-run] [--retries N] [--chunk]
            """)

    @Argument(help: "pod | pods") var resource: String
    @Argument(help: "NS/NAME or NAME (with -n), one or more.") var names: [String] = []
    @Option(name: .customLong("resource-version"), help: "Delete only at this revision (exit 4 otherwise); one pod only.") var resourceVersion: Int64?
    @OptionGroup var bulk: BulkOptions

    func run() async throws {
        try PodArguments.requirePods(resource)
        if resourceVersion != nil && (names.count != 1 || bulk.labelSelector != nil) {
            throw ValidationError("--resource-version names the revision of one pod")
        }
        let operation = try bulk.operation(.delete)
        _ = try bulk.selector()
        try await CommandSettings.withSession { session in
            if names.count == 1 && bulk.labelSelector == nil && !bulk.dryRun {
                try await DeleteRunner.run(store: session.store, key: try PodArguments.key(names[0], in: session),
                                           resourceVersion: resourceVersion, readonly: session.settings.readonly,
                                           console: session.console)
                return
            }
            try await BulkRunner.run(store: session.store, target: try bulk.target(names: names, in: session), operation: operation,
                                     dryRun: bulk.dryRun, readonly: session.settings.readonly, console: session.console)
        }
    }
}
