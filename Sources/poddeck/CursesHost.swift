import Curses
import Screen

/// The real terminal: ncurses on `/dev/tty`.
struct CursesHost: TerminalHost {
    nonisolated func checkTerm(_ term: String?) throws {
        try CursesTerminal.checkTerm(term)
    }

    func run(options: TerminalOptions,
             _ body: (_ backend: any TerminalBackend, _ input: AsyncStream<InputEvent>) async -> Void) async throws {
        let curses = CursesOptions(mouse: options.mouse, colorMode: options.monochrome ? .mono : .auto)
        try await CursesTerminal.run(options: curses) { terminal in
            await body(terminal, terminal.events())
        }
    }
}
