import ArgumentParser
import CLI
import Deck
import Ops
import KubeStorage

struct ApplyCommand: AsyncParsableCommand, SettingsCommand {
    static let settingGroups: Set<SettingGroup> = connectionGroups
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Create or update a pod from a file (JSON or YAML).",
        discussion: "Creates the pod when absent. With metadata.resourceVersion set, updates only if etcd is still at that revision (exit 4 otherwise); without it, writes unconditionally.")

    @Option(name: [.short, .customLong("filename")], help: "File to apply, or - for stdin.") var file: String
    @Option(help: "Encoding of a pod this creates: json or protobuf (default: that of the namespace's pods). Updates keep the stored encoding.") var encoding: String?

    func run() async throws {
        var chosen: StorageEncoding?
        if let encoding {
            guard let parsed = StorageEncoding(rawValue: encoding) else { throw ValidationError("--encoding must be json or protobuf") }
            chosen = parsed
        }
        try await CommandSettings.withSession { session in
            let text = try DocumentInput.readText(file)
            try await ApplyRunner.run(store: session.store, text: text, source: file == "-" ? "stdin" : file,
                                      defaultNamespace: session.settings.effectiveNamespace,
                                      readonly: session.settings.readonly, console: session.console, encoding: chosen)
        }
    }
}
