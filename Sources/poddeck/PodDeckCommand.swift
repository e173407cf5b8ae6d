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
        subcommands: [DashboardCommand.self, GetCommand.self, ApplyCommand.self, PatchCommand.self, DeleteCommand.self,
                      LabelCommand.self, AnnotateCommand.self,
                      EditCommand.self, HistoryCommand.self, ValidateCommand.self, PullCommand.self, ProbeCommand.self,
                      LogsCommand.self, ExecCommand.self, ConfigCommand.self,
                      SeedCommand.self, DecodeCommand.self, EncodeCommand.self, ServeProbeTargetsCommand.self, DocsCommand.self],
        defaultSubcommand: DashboardCommand.self
    )
}

extension PodDeckCommand {
    /// The setting groups each command takes, by command name.
    static let settingGroups: [String: Set<SettingGroup>] = {
        var groups: [String: Set<SettingGroup>] = [:]
        for command in configuration.subcommands {
            guard let name = command.configuration.commandName, let takes = command as? any SettingsCommand.Type else { continue }
            groups[name] = takes.settingGroups
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
