import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A terminal put in raw mode (no echo, no line editing, no signals from keys: every byte goes to
/// the program in the container), restored by ``restore()``.
final class TerminalRawMode: @unchecked Sendable {
    private let fd: Int32
    private var saved: termios
    private var restored = false

    /// Switches `fd` to raw mode; nil when it is not a terminal.
    init?(fd: Int32) {
        guard isatty(fd) == 1 else { return nil }
        var attributes = termios()
        guard tcgetattr(fd, &attributes) == 0 else { return nil }
        self.fd = fd
        self.saved = attributes
        var raw = attributes
        cfmakeraw(&raw)
        // Output post-processing stays as it was: the container's terminal sends CR LF itself.
        raw.c_oflag = attributes.c_oflag & ~tcflag_t(OPOST)
        guard tcsetattr(fd, TCSANOW, &raw) == 0 else { return nil }
    }

    /// Puts the saved settings back (once).
    func restore() {
        guard !restored else { return }
        restored = true
        _ = tcsetattr(fd, TCSANOW, &saved)
    }

    deinit { restore() }

    /// The size of the terminal on `fd` (rows, columns), nil when it is not one.
    static func size(of fd: Int32) -> (rows: Int, columns: Int)? {
        var size = winsize()
        guard ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0, size.ws_col > 0 else { return nil }
        return (Int(size.ws_row), Int(size.ws_col))
    }
}
