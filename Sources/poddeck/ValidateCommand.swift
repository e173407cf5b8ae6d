import ArgumentParser
import CLI
import Deck

struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a pod document and print every error with its field path (exit 3 when invalid).")

    @Option(name: [.short, .customLong("filename")], help: "File to check, or - for stdin.") var file: String

    func run() async throws {
        let text = try DocumentInput.readText(file)
        try ValidateRunner.run(text: text, source: file == "-" ? "stdin" : file, console: .standard)
    }
}
