import ArgumentParser
import CLI
import Deck
import Ops

struct LogsCommand: AsyncParsableCommand, SettingsCommand {
    static let settingGroups: Set<SettingGroup> = connectionGroups
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Print a pod's container logs through the Docker Engine API.",
        discussion: """
            poddeck logs NS/NAME [-c CONTAINER] [-f] [--tail N] [--since D] [--timestamps] [--docker-host H]
            The container is the one the pod's status names; it must carry the kubelet's labels for the pod
            (it need not be running). stdout and stderr are printed together on stdout, in the order written;
            to a terminal every line is sanitised, to a pipe the bytes are written as the container wrote them.
            Exit codes: 0 ok; 1 Docker unreachable or the container is not the pod's; 2 usage; 5 no such pod.
            """)

    @Argument(help: "NS/NAME (or NAME with -n).") var name: String
    @Option(name: [.short, .long], help: "Container name (default: the pod's first container).") var container: String?
    @Flag(name: [.short, .long], help: "Follow: keep printing new lines until the container stops.") var follow = false
    @Option(help: "Only the last N lines (-1: all).") var tail: Int?
    @Option(help: "Only lines newer than this duration, e.g. 10s, 5m, 1h.") var since: String?
    @Flag(help: "Prefix each line with its RFC 3339 time stamp.") var timestamps = false

    func run() async throws {
        var sinceDuration: Duration?
        if let since {
            guard let parsed = DurationText.parse(since), parsed > .zero else {
                throw ValidationError("--since: expected a duration such as 10s, 5m or 1h, got \(since)")
            }
            sinceDuration = parsed
        }
        try await CommandSettings.withSession { session in
            let key = try PodArguments.key(name, in: session)
            let options = LogsCommandOptions(container: container, follow: follow, tail: tail.flatMap { $0 < 0 ? nil : $0 },
                                             since: sinceDuration, timestamps: timestamps)
            try await LogsRunner.run(store: session.store, key: key, options: options, dockerHost: session.settings.dockerHost,
                                     console: session.console)
        }
    }
}
