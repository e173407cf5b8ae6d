import ArgumentParser
import CLI
import Deck
import Foundation
import Ops

/// `poddeck config`: the named contexts of the config file, as kubectl's `config` shows them.
struct ConfigCommand: AsyncParsableCommand, SettingsCommand {
    static let settingGroups: Set<SettingGroup> = [.source]
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show and choose the contexts of the config file.",
        discussion: """
            A context is a named set of config keys under `contexts:` in the config file; the top-level keys \
            apply to every context, the context's own keys over them. The one in use is --context NAME, \
            else $PODDECK_CONTEXT, else the file's currentContext.
            """,
        subcommands: [GetContexts.self, UseContext.self, CurrentContext.self])

    struct GetContexts: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "get-contexts",
            abstract: "List the contexts: the current one marked *, with the endpoints and read-only flag the file gives each.")
        @Option(name: [.short, .long], help: "Output: table or name.") var output: String = "table"

        func run() throws {
            guard let format = ContextRunner.Format(rawValue: output) else {
                throw ValidationError("-o must be one of: \(ContextRunner.Format.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            try ContextRunner.getContexts(flags: CommandSettings.flags, environment: ProcessInfo.processInfo.environment,
                                          format: format, console: .standard)
        }
    }

    struct UseContext: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "use-context",
            abstract: "Make a context the file's currentContext (only that line of the file changes).")
        @Argument(help: "The context's name.") var name: String

        func run() throws {
            try ContextRunner.useContext(name, flags: CommandSettings.flags, environment: ProcessInfo.processInfo.environment,
                                         console: .standard)
        }
    }

    struct CurrentContext: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "current-context",
            abstract: "Print the context in use (--context, $PODDECK_CONTEXT or the file's currentContext).")

        func run() throws {
            try ContextRunner.currentContext(flags: CommandSettings.flags, environment: ProcessInfo.processInfo.environment,
                                             console: .standard)
        }
    }
}
