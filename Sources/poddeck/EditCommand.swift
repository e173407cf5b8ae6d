import ArgumentParser
import CLI
import Deck
import Foundation
import Ops

struct EditCommand: AsyncParsableCommand, SettingsCommand {
    static let settingGroups: Set<SettingGroup> = connectionGroups
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Edit a pod in $KUBE_EDITOR, $VISUAL or $EDITOR (default vi) and save it atomically.",
        discussion: """
            The save lands only if the pod is still at the revision you started from. A concurrent change to other \
            fields is merged; a change to the same fields reopens the editor with the conflicts listed when stdin is \
            a terminal, and exits 4 otherwise. Unless the save succeeds, your text stays in \
            $XDG_STATE_HOME/poddeck/edits/ and its path is printed.
            """)

    @Argument(help: "pod") var resource: String
    @Argument(help: "NS/NAME (or NAME with -n)") var name: String
    @Option(help: "File format: yaml or json.") var format: String = "yaml"

    func run() async throws {
        try PodArguments.requirePods(resource)
        guard let editFormat = EditFormat(rawValue: format) else { throw ValidationError("--format must be yaml or json") }
        try await CommandSettings.withSession { session in
            let key = try PodArguments.key(name, in: session)
            let launcher: TerminalEditorLauncher
            do throws(EditorCommandError) { launcher = try TerminalEditorLauncher() } catch { throw CommandFailure(.usage, error.description) }
            try await EditRunner.run(store: session.store, key: key, format: editFormat, readonly: session.settings.readonly,
                                     launcher: launcher, interactive: isatty(0) == 1, console: session.console)
        }
    }
}
