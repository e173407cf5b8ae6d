/// How ``CursesTerminal`` sets up the terminal.
public struct CursesOptions: Hashable, Sendable {
    /// Whether colours are used.
    public enum ColorMode: Hashable, Sendable {
        /// Colours when the terminal has them.
        case auto
        /// No colours at all (for `NO_COLOR`); attributes still apply.
        case mono
    }

    /// Whether mouse clicks and the wheel are reported.
    public var mouse: Bool
    /// Whether colours are used.
    public var colorMode: ColorMode
    /// The terminal device opened for input and output (so stdout may be redirected).
    public var ttyPath: String
    /// How long to wait after Esc for the rest of an escape sequence, in milliseconds.
    public var escapeDelay: Int

    /// Creates options.
    public init(mouse: Bool = false, colorMode: ColorMode = .auto, ttyPath: String = "/dev/tty", escapeDelay: Int = 25) {
        self.mouse = mouse
        self.colorMode = colorMode
        self.ttyPath = ttyPath
        self.escapeDelay = escapeDelay
    }
}
