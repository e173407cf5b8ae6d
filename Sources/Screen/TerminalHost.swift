/// How a front end gets a terminal without knowing which one: the executable picks the host
/// (curses for real), the front end asks it for a ``TerminalBackend`` for as long as it runs.
@MainActor
public protocol TerminalHost {
    /// Refuses a `TERM` value that cannot drive a full-screen terminal (unset, empty, `dumb`),
    /// before anything has started; the error's description tells the operator what to do.
    nonisolated func checkTerm(_ term: String?) throws

    /// Takes over the terminal, runs `body` with its backend and its input events, and restores
    /// the terminal on every exit path (also when `body` or the start fails).
    func run(options: TerminalOptions,
             _ body: (_ backend: any TerminalBackend, _ input: AsyncStream<InputEvent>) async -> Void) async throws
}

/// What a front end asks of the terminal it gets from a ``TerminalHost``.
public struct TerminalOptions: Hashable, Sendable {
    /// Report mouse clicks and the wheel.
    public var mouse: Bool
    /// No colours at all (`NO_COLOR`), whatever the terminal supports.
    public var monochrome: Bool

    /// Creates options.
    public init(mouse: Bool = false, monochrome: Bool = false) {
        self.mouse = mouse
        self.monochrome = monochrome
    }
}
