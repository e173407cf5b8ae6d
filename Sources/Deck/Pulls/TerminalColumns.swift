#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The width of the terminal headless output goes to.
enum TerminalColumns {
    /// Columns of the terminal on stdout (`TIOCGWINSZ`), else `$COLUMNS`, else 80.
    static func stdout(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int {
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let text = environment["COLUMNS"], let columns = Int(text), columns > 0 { return columns }
        return 80
    }
}
