import ArgumentParser
import CLI
import Deck

struct PullCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Pull images through the Docker Engine API with live per-layer progress.",
        discussion: """
            poddeck pull IMAGE... | --pod NS/NAME [--platform P] [--max-parallel-pulls N] [--pull-stall-timeout D] [--docker-host H]
            poddeck pull IMAGE... | --pod NS/NAME --dry-run [-o text|json]
            --pod reads the pod from etcd and pulls every init container and container image.
            --dry-run prints the normalised references without contacting Docker.
            Exit codes: 0 every pull succeeded; 1 a pull failed or Docker is unavailable;
            2 usage or an invalid IMAGE argument; 3 the pod has an invalid or missing image; 5 no such pod.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Image references, e.g. nginx:1.25 or 127.0.0.1:5000/demo/app@sha256:....") var images: [String] = []
    @Option(help: "Pull the images of this pod (NAMESPACE/NAME, or NAME with the configured namespace).") var pod: String?
    @Option(help: "Platform to pull for: os[/arch[/variant]], e.g. linux/amd64.") var platform: String?
    @Option(name: .customLong("max-parallel-pulls"), help: "Pulls at once (default 3).") var maxParallelPulls: Int?
    @Option(name: .customLong("pull-stall-timeout"), help: "Cancel a pull with no progress for this long (default 60s).") var pullStallTimeout: String?
    @Flag(name: .customLong("dry-run"), help: "Print the normalised references; do not contact Docker.") var dryRun = false
    @Option(name: [.short, .long], help: "Output of --dry-run: text or json.") var output: String?

    func run() async throws {
        var extra: [String: String] = [:]
        extra["maxParallelPulls"] = maxParallelPulls.map(String.init)
        extra["pullStallTimeout"] = pullStallTimeout
        let options = PullRunner.Options(images: images, pod: pod, platform: platform, dryRun: dryRun, output: output)
        if pod != nil {
            try await global.withSession(extra) { session in
                try await PullRunner.run(options, settings: session.settings, store: session.store, console: session.console)
            }
        } else {
            Logging.bootstrap(level: global.logLevel)
            let settings = try HeadlessSession.resolveSettings(flags: global.flags.merging(extra) { _, new in new }, configPath: global.config)
            try await PullRunner.run(options, settings: settings, store: nil, console: .standard)
        }
    }
}
