import CNCurses
import Dispatch
import Glibc
import Screen

/// The real terminal: an ncurses ``TerminalBackend`` that flushes buffer diffs.
///
/// Start it with ``start(options:)``, stop it with ``stop()`` (in a `defer`),
/// read input from ``events()``. Everything runs on the main actor; input is
/// read by a dispatch source on the main queue, never by blocking.
@MainActor
public final class CursesTerminal: TerminalBackend {
    /// The current size in cells.
    public internal(set) var size: Size
    /// Colours available: 0 in mono mode or on terminals without colour.
    public let colorCount: Int
    /// Called with SIGINT, SIGTERM or SIGHUP so the app can quit cleanly; see ``TerminalGuard``.
    public var onSignal: ((Int32) -> Void)? {
        get { TerminalGuard.onSignal }
        set { TerminalGuard.onSignal = newValue }
    }

    let options: CursesOptions
    let screen: OpaquePointer
    let window: UnsafeMutablePointer<WINDOW>
    let tty: UnsafeMutablePointer<FILE>
    let ttyDescriptor: Int32
    var lastDrawn: Buffer?
    var needsFullRepaint = true
    var isSuspended = false
    var isStopped = false
    var colorPairs: ColorPairs
    var styleCache: [Style: (attrs: attr_t, pair: Int32)] = [:]
    var continuation: AsyncStream<InputEvent>.Continuation?
    var inputSource: (any DispatchSourceRead)?
    var resizeSource: (any DispatchSourceSignal)?
    var lastReportedSize: Size

    private init(
        options: CursesOptions, screen: OpaquePointer, window: UnsafeMutablePointer<WINDOW>,
        tty: UnsafeMutablePointer<FILE>, colorCount: Int, pairLimit: Int32, defaultColors: Bool
    ) {
        self.options = options
        self.screen = screen
        self.window = window
        self.tty = tty
        self.ttyDescriptor = fileno(tty)
        self.colorCount = colorCount
        self.colorPairs = ColorPairs(colorCount: colorCount, pairLimit: pairLimit, defaultColors: defaultColors)
        self.size = Size(width: Int(getmaxx(window)), height: Int(getmaxy(window)))
        self.lastReportedSize = size
    }

    /// Checks a `TERM` value before curses starts: unset, empty and `dumb` are refused.
    public nonisolated static func checkTerm(_ term: String?) throws(TerminalError) {
        guard let term, !term.isEmpty else { throw .termNotSet }
        if term == "dumb" { throw .dumbTerminal }
    }

    /// Takes over the terminal: checks `TERM`, opens the tty, starts curses in cbreak mode.
    ///
    /// Fails with a ``TerminalError`` that tells the operator what to do, before
    /// anything on the screen has changed.
    public static func start(options: CursesOptions = CursesOptions()) throws(TerminalError) -> CursesTerminal {
        let term = getenv("TERM").map { String(cString: $0) }
        try checkTerm(term)
        let name = term ?? ""
        guard let tty = fopen(options.ttyPath, "r+") else {
            throw .noTerminal(path: options.ttyPath, reason: String(cString: strerror(errno)))
        }
        switch poddeck_terminal_known(name, fileno(tty)) {
        case 1: break
        case 0:
            fclose(tty)
            throw .unknownTerminal(name)
        default:
            fclose(tty)
            throw .noTerminfoDatabase(name)
        }
        setlocale(LC_ALL, "")
        if poddeck_locale_is_utf8() == 0 {
            // Wide characters need a UTF-8 LC_CTYPE; C.UTF-8 exists on every glibc system.
            setlocale(LC_CTYPE, "C.UTF-8")
        }
        // Resizes are handled by our own SIGWINCH source; with the signal ignored
        // before newterm, ncurses does not install a handler of its own.
        signal(SIGWINCH, SIG_IGN)
        TerminalGuard.rememberShellModes(fd: fileno(tty))
        guard let screen = newterm(name, tty, tty) else {
            fclose(tty)
            throw .startFailed("newterm failed for TERM=\(name)")
        }
        set_term(screen)
        TerminalGuard.rememberLeaveSequence()
        guard let window = poddeck_stdscr() else {
            endwin()
            delscreen(screen)
            fclose(tty)
            throw .startFailed("no standard screen")
        }
        cbreak()
        noecho()
        nonl()
        disableQuitCharacter(fileno(tty))
        keypad(window, true)
        intrflush(window, false)
        defineFallbackKeys()
        wtimeout(window, 0)
        curs_set(0)
        set_escdelay(Int32(options.escapeDelay))
        var colorCount = 0
        var defaultColors = false
        if options.colorMode == .auto && has_colors() {
            start_color()
            defaultColors = use_default_colors() == OK
            colorCount = Int(poddeck_colors())
        }
        if options.mouse {
            mousemask(poddeck_mouse_mask(), nil)
            mouseinterval(0)
        }
        let terminal = CursesTerminal(
            options: options, screen: screen, window: window, tty: tty,
            colorCount: colorCount, pairLimit: Int32(poddeck_color_pairs()), defaultColors: defaultColors
        )
        TerminalGuard.install()
        TerminalGuard.onInterrupt = { [weak terminal] in terminal?.emit(.key(.ctrl("c"))) }
        return terminal
    }

    /// Binds the Home/End sequences terminals send under a `TERM` that does not list them
    /// (xterm's entry inside tmux or screen, rxvt), unless terminfo already binds them.
    private static func defineFallbackKeys() {
        let fallbacks: [(String, Int32)] = [
            ("\u{1b}[1~", KEY_HOME), ("\u{1b}[4~", KEY_END), ("\u{1b}[7~", KEY_HOME), ("\u{1b}[8~", KEY_END),
            ("\u{1b}[H", KEY_HOME), ("\u{1b}[F", KEY_END), ("\u{1b}OH", KEY_HOME), ("\u{1b}OF", KEY_END),
        ]
        for (sequence, code) in fallbacks where key_defined(sequence) == 0 {
            define_key(sequence, code)
        }
    }

    /// Starts the terminal, runs `body`, and always stops the terminal afterwards (also on a thrown error).
    public static func run<T: Sendable>(
        options: CursesOptions = CursesOptions(),
        _ body: (CursesTerminal) async throws -> T
    ) async throws -> T {
        let terminal = try start(options: options)
        defer { terminal.stop() }
        return try await body(terminal)
    }

    /// Makes the next draw repaint the whole screen.
    public func invalidate() {
        needsFullRepaint = true
    }

    /// Leaves curses mode so another program (an editor) can use the terminal.
    public func suspend() {
        guard !isStopped, !isSuspended else { return }
        isSuspended = true
        inputSource?.suspend()
        TerminalGuard.setInterruptsPassedOn(true)
        def_prog_mode()
        endwin()
    }

    /// Returns to curses mode after ``suspend()`` and repaints everything on the next draw.
    public func resume() {
        guard !isStopped, isSuspended else { return }
        isSuspended = false
        TerminalGuard.setInterruptsPassedOn(false)
        reset_prog_mode()
        clearok(window, true)
        wrefresh(window)
        needsFullRepaint = true
        inputSource?.resume()
        checkSize()
    }

    /// Restores the terminal and ends the event stream; calling it again does nothing.
    public func stop() {
        guard !isStopped else { return }
        isStopped = true
        inputSource?.cancel()
        if isSuspended { inputSource?.resume() }
        inputSource = nil
        resizeSource?.cancel()
        resizeSource = nil
        continuation?.finish()
        continuation = nil
        if options.mouse { mousemask(0, nil) }
        curs_set(1)
        endwin()
        delscreen(screen)
        fclose(tty)
        TerminalGuard.onInterrupt = nil
        TerminalGuard.uninstall()
        signal(SIGWINCH, SIG_DFL)
    }
}

extension CursesTerminal {
    /// Makes Ctrl-\\ (which clears marks) arrive as a key instead of raising SIGQUIT: the quit
    /// character is disabled in curses' program mode; `endwin` restores the shell's own mode.
    static func disableQuitCharacter(_ fd: Int32) {
        var attributes = termios()
        guard tcgetattr(fd, &attributes) == 0 else { return }
        withUnsafeMutableBytes(of: &attributes.c_cc) { $0[Int(VQUIT)] = 0 }
        guard tcsetattr(fd, TCSANOW, &attributes) == 0 else { return }
        def_prog_mode()
    }
}
