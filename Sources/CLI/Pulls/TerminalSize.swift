#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The size of the terminal headless output goes to.
enum TerminalSize {
    /// Columns and rows of the terminal on stdout (`TIOCGWINSZ`), else `$COLUMNS` and `$LINES`,
    /// else 80 by 24.
    static func stdout(environment: [String: String] = ProcessInfo.processInfo.environment) -> (columns: Int, rows: Int) {
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 {
            return (Int(size.ws_col), Int(size.ws_row))
        }
        func number(_ name: String, _ fallback: Int) -> Int {
            guard let text = environment[name], let value = Int(text), value > 0 else { return fallback }
            return value
        }
        return (number("COLUMNS", 80), number("LINES", 24))
    }
}
