import ArgumentParser
import CLI
import Deck
import Ops

struct PatchCommand: AsyncParsableCommand, SettingsCommand {
    static let settingGroups: Set<SettingGroup> = connectionGroups
    static let configuration = CommandConfiguration(
        commandName: "patch",
        abstract: "Apply an RFC 7386 JSON merge patch to a pod, atomically.",
        discussion: "On a conflict the patch is re-applied to the current pod (returned by the failed transaction), up to --retries times.")

    @Argument(help: "pod") var resource: String
    @Argument(help: "NS/NAME") var name: String
    @Option(name: [.customShort("p"), .customLong("merge"), .customLong("patch")],
            help: "The JSON merge patch (RFC 7386): a JSON object. -p and --patch as in kubectl.") var merge: String
    @Option(help: "Re-applications on conflict.") var retries: Int = 5

    func run() async throws {
        try PodArguments.requirePods(resource)
        guard retries >= 0 else { throw ValidationError("--retries must be 0 or more") }
        try await CommandSettings.withSession { session in
            try await PatchRunner.run(store: session.store, key: try PodArguments.key(name, in: session), patchText: merge,
                                      retries: retries, readonly: session.settings.readonly, console: session.console)
        }
    }
}
