import ArgumentParser
import Deck

/// Prints the reference tables the README embeds (generated from the code).
struct DocsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docs",
        abstract: "Print reference tables (settings, keys, theme keys) as Markdown.")

    @Argument(help: "settings | keys | theme-keys") var section: String

    func run() throws {
        switch section {
        case "settings": print(ReferenceDocs.settingsTable(), terminator: "")
        case "keys": print(ReferenceDocs.keysTable(), terminator: "")
        case "theme-keys": print(ReferenceDocs.themeKeysTable(), terminator: "")
        default: throw ValidationError("unknown section \(section): settings, keys or theme-keys")
        }
    }
}
