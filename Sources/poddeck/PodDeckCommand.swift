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
            [--endpoints URL] (all its options: poddeck dashboard --help).
            Pods are Kubernetes v1 Pods under PREFIX/pods/<namespace>/<name> in etcd, stored as JSON or as the \
            apiserver's protobuf; each is written back in the encoding it was read in.
            Every write is one etcd transaction on the revision you started from.
            Exit codes: 0 ok, 1 runtime error, 2 usage, 3 invalid object, 4 conflict (nothing written), 5 not found, 6 probe failed.
            """,
        version: "poddeck 0.1.0",
        subcommands: [DashboardCommand.self, GetCommand.self, ApplyCommand.self, PatchCommand.self, DeleteCommand.self,
                      LabelCommand.self, AnnotateCommand.self,
                      EditCommand.self, HistoryCommand.self, ValidateCommand.self, PullCommand.self, ProbeCommand.self,
                      LogsCommand.self, ExecCommand.self,
                      SeedCommand.self, DecodeCommand.self, EncodeCommand.self, ServeProbeTargetsCommand.self, DocsCommand.self],
        defaultSubcommand: DashboardCommand.self
    )
}

extension PodDeckCommand {
    /// Global options before the command name are moved after it; an unknown command is refused.
    static let commandLineOrder = CommandLineOrder(
        program: "poddeck",
        commands: configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"],
        valueOptions: GlobalOptions.leadingValueOptions,
        flags: GlobalOptions.leadingFlags)
}

@main
enum PodDeckMain {
    static func main() async {
        do {
            var command = try PodDeckCommand.parseAsRoot(try PodDeckCommand.commandLineOrder.arrange(Array(CommandLine.arguments.dropFirst())))
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
                PodDeckCommand.exit(withError: error)
            }
            let message = PodDeckCommand.fullMessage(for: error)
            Console.standard.err("poddeck: \(message)")
            exit(code == .validationFailure ? ExitStatus.usage.rawValue : ExitStatus.runtime.rawValue)
        }
    }
}
