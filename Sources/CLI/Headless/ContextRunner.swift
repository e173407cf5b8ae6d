import Foundation
import Ops

/// `poddeck config get-contexts | use-context | current-context`: the contexts of the config file.
public enum ContextRunner {
    /// Output of `get-contexts`.
    public enum Format: String, Sendable, CaseIterable {
        /// kubectl's table: CURRENT, NAME, ENDPOINTS, READONLY.
        case table
        /// One name per line.
        case name
    }

    /// Lists the contexts: the current one (chosen by `--context`, `PODDECK_CONTEXT` or
    /// `currentContext`) marked `*`, with the endpoints and read-only flag the file gives each.
    public static func getContexts(flags: [String: String], environment: [String: String], format: Format,
                                   console: Console) throws(CommandFailure) {
        let file = try read(flags: flags, environment: environment)
        let contexts = file?.contexts ?? []
        if format == .name {
            for context in contexts { console.out(Sanitize.line(context.name)) }
            return
        }
        let current = SettingsResolver.chosenContext(flags: flags, environment: environment, file: file)
        var lines = [["CURRENT", "NAME", "ENDPOINTS", "READONLY"]]
        for context in contexts {
            let endpoints: String, readonly: String
            do {
                let settings = try SettingsResolver.resolve(flags: flags, environment: environment, file: file,
                                                            context: context.name, overrides: false)
                endpoints = settings.endpoints.joined(separator: ",")
                readonly = settings.readonly ? "true" : "false"
            } catch {
                endpoints = "<invalid: \(error.description)>"
                readonly = "-"
            }
            lines.append([context.name == current ? "*" : "", context.name, endpoints, readonly].map(Sanitize.line))
        }
        console.write(PodPrinter.align(lines))
    }

    /// Prints the context in use; fails when there is none.
    public static func currentContext(flags: [String: String], environment: [String: String], console: Console) throws(CommandFailure) {
        let file = try read(flags: flags, environment: environment)
        guard let current = SettingsResolver.chosenContext(flags: flags, environment: environment, file: file) else {
            let path = SettingsResolver.configPath(flags: flags, environment: environment).path
            throw CommandFailure(.runtime, "no current context: \(path) sets no currentContext (poddeck config use-context NAME sets it)")
        }
        guard file?.context(named: current) != nil else {
            let origin = SettingsResolver.contextOrigin(current, flags: flags, environment: environment, file: file)
            throw CommandFailure(.usage, SettingsResolver.unknownContext(current, origin: origin, file: file,
                                                                                  configPath: SettingsResolver.configPath(flags: flags, environment: environment).path).description)
        }
        console.out(Sanitize.line(current))
    }

    /// Makes `name` the file's `currentContext`, changing only that key's value.
    public static func useContext(_ name: String, flags: [String: String], environment: [String: String],
                                  console: Console) throws(CommandFailure) {
        let path = SettingsResolver.configPath(flags: flags, environment: environment).path
        guard let file = try read(flags: flags, environment: environment) else {
            throw CommandFailure(.usage, "no config file at \(path): contexts are defined there, under `contexts:`")
        }
        guard file.context(named: name) != nil else {
            throw CommandFailure(.usage, SettingsResolver.unknownContext(name, origin: "context \(name)", file: file, configPath: path).description)
        }
        do throws(SettingsError) { try ConfigFileEditor.set("currentContext", to: name, inFileAt: file.path) } catch {
            throw CommandFailure(.runtime, error.description)
        }
        console.out("Switched to context \"\(Sanitize.line(name))\".")
    }

    private static func read(flags: [String: String], environment: [String: String]) throws(CommandFailure) -> ConfigFile? {
        do { return try SettingsResolver.configFile(flags: flags, environment: environment) } catch {
            throw CommandFailure(.usage, error.description)
        }
    }
}
