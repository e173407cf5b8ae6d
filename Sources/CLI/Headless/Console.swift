import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where headless commands print: stdout for results, stderr for diagnostics.
public struct Console: Sendable {
    let writeOut: @Sendable (String) -> Void
    let writeErr: @Sendable (String) -> Void
    let writeBytes: (@Sendable ([UInt8]) -> Void)?
    /// Whether stdout is a terminal.
    public let stdoutIsTTY: Bool

    /// Creates a console from two writers (and one for raw bytes; without it, bytes are written
    /// as UTF-8 text with invalid sequences replaced).
    public init(stdoutIsTTY: Bool = false, out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void,
                bytes: (@Sendable ([UInt8]) -> Void)? = nil) {
        self.writeOut = out
        self.writeErr = err
        self.writeBytes = bytes
        self.stdoutIsTTY = stdoutIsTTY
    }

    /// The process's own stdout and stderr.
    public static let standard = Console(
        stdoutIsTTY: isatty(1) == 1,
        out: { text in writeAll(1, text) },
        err: { text in writeAll(2, text) },
        bytes: { bytes in writeAll(1, bytes) })

    /// Writes every byte to `fd`, as the text version does.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buffer in
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

    /// Writes bytes to stdout as they are (stored values, protobuf).
    public func writeRaw(_ bytes: [UInt8]) {
        if let writeBytes { writeBytes(bytes) } else { writeOut(String(decoding: bytes, as: UTF8.self)) }
    }

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
