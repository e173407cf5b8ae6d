import Foundation

/// Runs the editor on a file and reports how it ended.
///
/// The dashboard wraps the default launcher to suspend the screen around the call.
public protocol EditorLauncher: Sendable {
    /// Opens `path` in the editor and waits until it ends.
    func edit(_ path: String) async -> EditorExit
}

/// The default launcher: runs an ``EditorCommand`` on the inherited terminal.
public struct TerminalEditorLauncher: EditorLauncher {
    /// The command run.
    public var command: EditorCommand

    /// Creates a launcher for `command`.
    public init(command: EditorCommand) { self.command = command }

    /// Creates a launcher for the editor the environment names.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws(EditorCommandError) {
        self.command = try EditorCommand.resolve(environment: environment)
    }

    /// Runs the editor on `path`.
    public func edit(_ path: String) async -> EditorExit { await command.run(file: path) }
}
