import Etcd
import Foundation
import Ops
import Screen

/// Opens the dashboard: checks the terminal and theme before the terminal starts (so problems are
/// plain error lines), connects, runs, and always restores the terminal.
public enum Dashboard {
    /// Runs the dashboard on a terminal from `host` until the user quits. Warnings from the
    /// connection set-up (before the terminal starts) go to `warn`. With a `source`, `:ctx`
    /// lists and switches to the contexts of its config file.
    @MainActor
    public static func run(settings: DeckSettings, source: SettingsSource? = nil, host: some TerminalHost,
                           environment: [String: String] = ProcessInfo.processInfo.environment,
                           warn: (String) -> Void) async throws(CommandFailure) {
        do { try host.checkTerm(environment["TERM"]) } catch {
            throw CommandFailure(.runtime, "\(error)")
        }
        let theme: Theme
        do { theme = try ThemeCatalog.load(settings.theme, colorCount: 256, environment: environment) } catch {
            throw CommandFailure(.usage, "--theme \(settings.theme): \(error.description)")
        }
        let etcd = try EtcdConnector.client(settings, environment: environment, prompt: EtcdConnector.terminalPrompt,
                                            warn: warn)
        let store = PodStore(etcd: etcd, prefix: settings.prefix)
        let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        let options = TerminalOptions(mouse: settings.mouse, monochrome: noColor)
        do {
            try await host.run(options: options) { backend, input in
                let adapted = theme.adapted(toColorCount: noColor ? 0 : backend.colorCount)
                let runtime = DeckRuntime(settings: settings, store: store, backend: backend, theme: adapted,
                                          source: source, environment: environment)
                // The first frame names the endpoint being tried, before any answer (or timeout).
                runtime.inject(.connecting(endpoints: etcd.configuration.endpoints.map(\.authority)))
                await runtime.run(input: input)
                // After a context switch this is another cluster's client (the first is closed).
                await runtime.close()
            }
        } catch {
            await etcd.close()
            throw CommandFailure(.runtime, "\(error)")
        }
        await etcd.close()
    }
}
