import Curses
import Etcd
import Foundation
import Screen

/// Opens the dashboard: checks the terminal and theme before curses starts (so problems are
/// plain error lines), connects, runs, and always restores the terminal.
public enum Dashboard {
    /// Runs the dashboard until the user quits. With a `source`, `:ctx` lists and switches to
    /// the contexts of its config file.
    @MainActor
    public static func run(settings: DeckSettings, source: SettingsSource? = nil,
                           environment: [String: String] = ProcessInfo.processInfo.environment) async throws(CommandFailure) {
        do { try CursesTerminal.checkTerm(environment["TERM"]) } catch {
            throw CommandFailure(.runtime, "\(error.description)")
        }
        let theme: Theme
        do { theme = try ThemeCatalog.load(settings.theme, colorCount: 256, environment: environment) } catch {
            throw CommandFailure(.usage, "--theme \(settings.theme): \(error.description)")
        }
        let etcd = try EtcdConnector.client(settings, environment: environment, prompt: EtcdConnector.terminalPrompt,
                                            warn: { Console.standard.err($0) })
        let store = PodStore(etcd: etcd, prefix: settings.prefix)
        let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        let options = CursesOptions(mouse: settings.mouse, colorMode: noColor ? .mono : .auto)
        do {
            try await CursesTerminal.run(options: options) { terminal in
                let adapted = theme.adapted(toColorCount: noColor ? 0 : terminal.colorCount)
                let runtime = DeckRuntime(settings: settings, store: store, backend: terminal, theme: adapted,
                                          source: source, environment: environment)
                // The first frame names the endpoint being tried, before any answer (or timeout).
                runtime.inject(.connecting(endpoints: etcd.configuration.endpoints.map(\.authority)))
                await runtime.run(input: terminal.events())
                // After a context switch this is another cluster's client (the first is closed).
                await runtime.close()
            }
        } catch let error as TerminalError {
            await etcd.close()
            throw CommandFailure(.runtime, error.description)
        } catch {
            await etcd.close()
            throw CommandFailure(.runtime, "\(error)")
        }
        await etcd.close()
    }
}
