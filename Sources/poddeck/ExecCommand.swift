import ArgumentParser
import CLI
import Deck
import Ops
import Foundation

struct ExecCommand: AsyncParsableCommand, SettingsCommand {
    static let settingGroups: Set<SettingGroup> = connectionGroups
    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Run a command in a pod's container through the Docker Engine API; exit with its exit code.",
        discussion: """
            poddeck exec NS/NAME [-c CONTAINER] [-i] [-t] [--docker-host H] -- COMMAND [ARGS...]
            The container is the one the pod's status names; it must be running and carry the kubelet's labels
            for the pod. -i forwards stdin, -t gives the command a terminal (the local one goes into raw mode and
            its size follows yours). Exit codes: the command's own; 1 Docker unreachable, the container is not
            the pod's or not running; 2 usage; 5 no such pod.
            """)

    @Argument(help: "NS/NAME (or NAME with -n).") var name: String
    @Option(name: [.short, .long], help: "Container name (default: the pod's first container).") var container: String?
    @Flag(name: [.customShort("i"), .customLong("stdin")], help: "Pass stdin to the command.") var stdin = false
    @Flag(name: [.customShort("t"), .customLong("tty")], help: "Give the command a terminal.") var tty = false
    @Argument(parsing: .postTerminator, help: "The command and its arguments, after --.") var command: [String] = []

    func run() async throws {
        guard !command.isEmpty else {
            throw ValidationError("exec needs a command after --, e.g. poddeck exec NS/NAME -- sh -c 'echo hi'")
        }
        var code: Int32 = 0
        try await CommandSettings.withSession { session in
            let key = try PodArguments.key(name, in: session)
            let options = ExecCommandOptions(container: container, stdin: stdin, tty: tty, command: command)
            code = try await ExecCommandRunner.run(store: session.store, key: key, options: options,
                                                   dockerHost: session.settings.dockerHost, console: session.console)
        }
        if code != 0 { Foundation.exit(code) }
    }
}
