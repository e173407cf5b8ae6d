import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where headless commands print: stdout for results, stderr for diagnostics.
public struct Console: Sendable {
    let writeOut: @Sendable (String) -> Void
    let writeErr: @Sendable (String) -> Void
    /// Whether stdout is a terminal.
    public let stdoutIsTTY: Bool

    /// Creates a console from two writers.
    public init(stdoutIsTTY: Bool = false, out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void) {
        self.writeOut = out
        self.writeErr = err
        self.stdoutIsTTY = stdoutIsTTY
    }

    /// The process's own stdout and stderr.
    public static let standard = Console(
        stdoutIsTTY: isatty(1) == 1,
        out: { text in writeAll(1, text) },
        err: { text in writeAll(2, text) })

    /// Writes every byte to `fd`; a closed pipe (`poddeck get | head`) ends the process quietly
    /// with the status a shell expects from SIGPIPE.
    static func writeAll(_ fd: Int32, _ text: String) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    if errno == EPIPE { exit(141) }
                    return
                }
                offset += n
            }
        }
    }

    /// Prints a line on stdout.
    public func out(_ line: String) { writeOut(line + "\n") }
    /// Prints raw text on stdout.
    public func write(_ text: String) { writeOut(text) }
    /// Prints a line on stderr.
    public func err(_ line: String) { writeErr(line + "\n") }
}
