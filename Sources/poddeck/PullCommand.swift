import ArgumentParser
import CLI
import Deck
import Ops

struct PullCommand: AsyncParsableCommand, SettingsCommand {
    static let settingGroups: Set<SettingGroup> = connectionGroups.union([.pulls])
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

    @Argument(help: "Image references, e.g. nginx:1.25 or 127.0.0.1:5000/demo/app@sha256:....") var images: [String] = []
    @Option(help: "Pull the images of this pod (NAMESPACE/NAME, or NAME with the configured namespace).") var pod: String?
    @Option(help: "Platform to pull for: os[/arch[/variant]], e.g. linux/amd64.") var platform: String?
    @Flag(name: .customLong("dry-run"), help: "Print the normalised references; do not contact Docker.") var dryRun = false
    @Option(name: [.short, .long], help: "Output of --dry-run: text or json.") var output: String?

    func run() async throws {
        let options = PullRunner.Options(images: images, pod: pod, platform: platform, dryRun: dryRun, output: output)
        if pod != nil {
            try await CommandSettings.withSession { session in
                try await PullRunner.run(options, settings: session.settings, store: session.store, console: session.console)
            }
        } else {
            let settings = try CommandSettings.resolve()
            try await PullRunner.run(options, settings: settings, store: nil, console: .standard)
        }
    }
}
