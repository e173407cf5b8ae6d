import ArgumentParser
import CLI
import Deck
import KubeStorage

struct EncodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Turn a core/v1 object (JSON or YAML, with kind and apiVersion) into the bytes etcd stores.",
        discussion: """
            The reverse of decode: writes the apiserver's protobuf envelope (k8s\\0 + runtime.Unknown) to \
            stdout, or compact JSON with --encoding json. metadata.resourceVersion is dropped. Refuses to \
            write binary data to a terminal. Does not contact etcd.
            poddeck encode pod.yaml | ETCDCTL_API=3 etcdctl put /registry/pods/default/web
            """)

    @Argument(help: "File with the object, or - for stdin.") var file: String = "-"
    @Option(help: "protobuf or json.") var encoding: String = "protobuf"

    func run() async throws {
        guard let chosen = StorageEncoding(rawValue: encoding) else { throw ValidationError("--encoding must be protobuf or json") }
        let text = try DocumentInput.readText(file)
        try EncodeRunner.run(text: text, source: file == "-" ? "stdin" : file, encoding: chosen, console: .standard)
    }
}
