import ArgumentParser
import CLI
import Deck
import Ops

struct DecodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Print a value as etcd stores it (JSON or Kubernetes protobuf) as JSON or YAML.",
        discussion: """
            Reads the stored bytes of any core/v1 object (Pod, Service, ConfigMap, Secret, Node, Namespace, \
            Event, ...) from FILE or stdin and prints what the apiserver would serve. Does not contact etcd.
            poddeck get pod NS/NAME -o proto | poddeck decode -o yaml
            ETCDCTL_API=3 etcdctl get /registry/services/specs/default/kubernetes --print-value-only | poddeck decode
            """)

    @Argument(help: "File with the stored value, or - for stdin.") var file: String = "-"
    @Option(name: [.short, .long], help: "Output: json or yaml.") var output: String = "json"

    func run() async throws {
        guard let format = OutputFormat(rawValue: output), format == .json || format == .yaml else {
            throw ValidationError("-o must be json or yaml")
        }
        let bytes = try DecodeRunner.readBytes(file)
        try DecodeRunner.run(bytes: bytes, source: file == "-" ? "stdin" : file, format: format, console: .standard)
    }
}
