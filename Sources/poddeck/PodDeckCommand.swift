import ArgumentParser
import CLI
import Deck
import Foundation
import Ops

/// The `poddeck` command: the dashboard by default, headless subcommands otherwise.
struct PodDeckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poddeck",
        abstract: "A keyboard-driven dashboard for pods stored in etcd.",
        discussion: """
            Without a command, poddeck opens the dashboard: poddeck [-n NAMESPACE | -A] [--poll-interval 2s] \
            [--endpoints URL] [--context NAME] (all its options: poddeck dashboard --help).
            Pods are Kubernetes v1 Pods under PREFIX/pods/<namespace>/<name> in etcd, stored as JSON or as the \
            apiserver's protobuf; each is written back in the encoding it was read in.
            Every write is one etcd transaction on the revision you started from.
            Exit codes: 0 ok, 1 runtime error, 2 usage, 3 invalid object, 4 conflict (nothing written), 5 not found, 6 probe failed.
            """,
        version: "poddeck 0.1.0",
        subcommands: subcommands.map(\.type),
        defaultSubcommand: DashboardCommand.self
    )

    /// Every subcommand, in the order `--help` lists them, with the setting groups it takes.
    static let subcommands: [Subcommand] = [
        .of(DashboardCommand.self), .of(GetCommand.self), .of(ApplyCommand.self), .of(PatchCommand.self), .of(DeleteCommand.self),
        .of(LabelCommand.self), .of(AnnotateCommand.self),
        .of(EditCommand.self), .of(HistoryCommand.self), .of(ValidateCommand.self), .of(PullCommand.self), .of(ProbeCommand.self),
        .of(LogsCommand.self), .of(ExecCommand.self), .of(ConfigCommand.self),
        .of(SeedCommand.self), .of(DecodeCommand.self), .of(EncodeCommand.self), .of(ServeProbeTargetsCommand.self), .of(DocsCommand.self),
    ]
}

/// A subcommand and the setting groups whose flags it takes, both known when the program is
/// compiled: asking each command type at run time (`as? any SettingsCommand.Type`) costs a scan
/// of every protocol conformance in the binary per type, at every start.
struct Subcommand: Sendable {
    /// The command.
    let type: any ParsableCommand.Type
    /// Its setting groups; nil when it takes no settings.
    let settingGroups: Set<SettingGroup>?

    /// A command that takes no settings.
    static func of<Command: ParsableCommand>(_ type: Command.Type) -> Subcommand {
        Subcommand(type: type, settingGroups: nil)
    }

    /// A command that takes settings.
    static func of<Command: ParsableCommand & SettingsCommand>(_ type: Command.Type) -> Subcommand {
        Subcommand(type: type, settingGroups: Command.settingGroups)
    }
}

extension PodDeckCommand {
    /// The setting groups each command takes, by command name.
    static let settingGroups: [String: Set<SettingGroup>] = {
        var groups: [String: Set<SettingGroup>] = [:]
        for command in subcommands {
            guard let name = command.type.configuration.commandName, let taken = command.settingGroups else { continue }
            groups[name] = taken
        }
        return groups
    }()

    /// Setting flags are taken out of the command line, anywhere before `--`; command options
    /// that may come before the command name (`-A`) are moved after it; an unknown command is
    /// refused.
    static let commandLineOrder = CommandLineOrder(
        program: "poddeck",
        commands: configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"],
        defaultCommand: DashboardCommand.configuration.commandName,
        settingGroups: settingGroups,
        leadingFlags: ["-A", "--all-namespaces"])

    /// The settings section `--help` ends with: those of `command`, or for the program's own
    /// help those every command that reads etcd takes.
    static func settingsHelp(for command: String?) -> String {
        if let command, command != "help" {
            guard let groups = settingGroups[command], !groups.isEmpty else { return "" }
            return ReferenceDocs.settingsHelp(groups: groups, title: "SETTINGS")
        }
        return ReferenceDocs.settingsHelp(groups: [.source, .connection, .namespace],
                                          title: "GLOBAL SETTINGS (every command that reads etcd; the dashboard's own: poddeck dashboard --help)")
    }
}

@main
enum PodDeckMain {
    /// The shell of `--generate-completion-script SHELL` (or `=SHELL`), if asked for.
    static func completionShell(_ arguments: [String]) -> String? {
        for (i, argument) in arguments.enumerated() {
            if argument == "--generate-completion-script", i + 1 < arguments.count { return arguments[i + 1] }
            if argument.hasPrefix("--generate-completion-script=") { return String(argument.dropFirst("--generate-completion-script=".count)) }
        }
        return nil
    }

    static func main() async {
        HeapTrim.limitArenas(environment: ProcessInfo.processInfo.environment)
        var arranged: CommandLineOrder.Arranged?
        do {
            let order = try PodDeckCommand.commandLineOrder.arrange(Array(CommandLine.arguments.dropFirst()))
            arranged = order
            var command = try PodDeckCommand.parseAsRoot(order.arguments)
            CommandSettings.flags = order.settings
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let failure as CommandFailure {
            for line in failure.lines { Console.standard.err("poddeck: \(line)") }
            exit(failure.status.rawValue)
        } catch {
            let code = PodDeckCommand.exitCode(for: error)
            if code == .success {
                if let arranged, arranged.wantsHelp {
                    var help = PodDeckCommand.fullMessage(for: error)
                    while help.hasSuffix("\n") { help.removeLast() }
                    print(help)
                    let section = PodDeckCommand.settingsHelp(for: arranged.helpCommand)
                    if !section.isEmpty { print("\n" + section, terminator: "") }
                    exit(0)
                }
                if let arranged, let shell = completionShell(arranged.arguments) {
                    let script = PodDeckCommand.fullMessage(for: error)
                    print(CompletionScripts.adding(settingsOf: PodDeckCommand.settingGroups, to: script, shell: shell, program: "poddeck"))
                    exit(0)
                }
                PodDeckCommand.exit(withError: error)
            }
            let message = PodDeckCommand.fullMessage(for: error)
            Console.standard.err("poddeck: \(message)")
            exit(code == .validationFailure ? ExitStatus.usage.rawValue : ExitStatus.runtime.rawValue)
        }
    }
}
