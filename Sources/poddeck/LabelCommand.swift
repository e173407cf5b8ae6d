import ArgumentParser
import CLI
import Deck
import Ops

/// `poddeck label` and `poddeck annotate`: KEY=VALUE and KEY- on many pods, in one transaction.
enum MapChangeCommand {
    /// Splits kubectl-style arguments into pod names and changes (`KEY=VALUE`, `KEY-`).
    static func split(_ arguments: [String], verb: String) throws -> (names: [String], patches: [QuickPatch]) {
        var names: [String] = [], patches: [QuickPatch] = []
        for argument in arguments {
            if argument.contains("=") || (argument.hasSuffix("-") && argument.count > 1) {
                do throws(QuickPatchError) { patches.append(try QuickPatch.parse("\(verb) \(argument)")) } catch {
                    throw CommandFailure(.usage, error.description)
                }
            } else if patches.isEmpty {
                names.append(argument)
            } else {
                throw ValidationError("pod names come before the changes: got \(argument) after KEY=VALUE")
            }
        }
        guard !patches.isEmpty else { throw ValidationError("expected at least one KEY=VALUE or KEY-") }
        return (names, patches)
    }
}

struct LabelCommand: AsyncParsableCommand, SettingsCommand {
    static let settingGroups: Set<SettingGroup> = connectionGroups
    static let configuration = CommandConfiguration(
        commandName: "label",
        abstract: "Set or remove labels on pods, all in one transaction.",
        discussion: """
            poddeck label pods [-n NS | -A] -l SELECTOR KEY=VALUE… [KEY-…]
            poddeck label pod A B C KEY=VALUE… [KEY-…]
            Every pod is compared at the revision read and written at one revision, or none is; on a conflict the \
            change is made again on the current pods, up to --retries times (exit 4 naming the pods that changed).
            """)

    @Argument(help: "pod | pods") var resource: String
    @Argument(help: "Pod names (NS/NAME or NAME), then KEY=VALUE to set and KEY- to remove.") var arguments: [String] = []
    @OptionGroup var bulk: BulkOptions

    func run() async throws {
        try PodArguments.requirePods(resource)
        let (names, patches) = try MapChangeCommand.split(arguments, verb: "label")
        try await BulkCommandRun.run(bulk: bulk, names: names, action: .patch(patches))
    }
}

struct AnnotateCommand: AsyncParsableCommand, SettingsCommand {
    static let settingGroups: Set<SettingGroup> = connectionGroups
    static let configuration = CommandConfiguration(
        commandName: "annotate",
        abstract: "Set or remove annotations on pods, all in one transaction.",
        discussion: """
            poddeck annotate pods [-n NS | -A] -l SELECTOR KEY=VALUE… [KEY-…]
            poddeck annotate pod A B C KEY=VALUE… [KEY-…]
            """)

    @Argument(help: "pod | pods") var resource: String
    @Argument(help: "Pod names (NS/NAME or NAME), then KEY=VALUE to set and KEY- to remove.") var arguments: [String] = []
    @OptionGroup var bulk: BulkOptions

    func run() async throws {
        try PodArguments.requirePods(resource)
        let (names, patches) = try MapChangeCommand.split(arguments, verb: "annotate")
        try await BulkCommandRun.run(bulk: bulk, names: names, action: .patch(patches))
    }
}

/// The session and runner call the bulk commands share.
enum BulkCommandRun {
    static func run(bulk: BulkOptions, names: [String], action: BulkAction) async throws {
        let operation = try bulk.operation(action)
        _ = try bulk.selector()
        try await CommandSettings.withSession { session in
            try await BulkRunner.run(store: session.store, target: try bulk.target(names: names, in: session), operation: operation,
                                     dryRun: bulk.dryRun, readonly: session.settings.readonly, console: session.console)
        }
    }
}
