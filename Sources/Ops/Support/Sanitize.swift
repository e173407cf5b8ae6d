import TerminalText

/// Terminal-safe text for headless output.
package enum Sanitize {
    /// Sanitises each line, keeping the newlines.
    package static func text(_ s: String) -> String {
        s.split(separator: "\n", omittingEmptySubsequences: false).map { line($0) }.joined(separator: "\n")
    }
    /// Sanitises one line.
    package static func line<S: StringProtocol>(_ s: S) -> String { Sanitizer.clean(String(s)) }
}

