import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One row of the reliability table: a drill prints it when it reaches its end.
///
/// `scripts/drills` collects the `DRILL|…` lines from the test output and joins each with the
/// outcome Swift Testing reports for the test that printed it, so a row only reads "held" when
/// the test passed.
public enum DrillReport {
    /// Prints `DRILL|<test>|<drill>|<injected>|<held>` on one line of standard output.
    public static func record(drill: String, injected: String, held: String, test: String = #function) {
        let fields = [test, drill, injected, held].map(Self.flatten)
        // One write(2) of the whole line: it cannot interleave with other output.
        let line = Array(("DRILL|" + fields.joined(separator: "|") + "\n").utf8)
        _ = line.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
    }

    /// A field on one line without the separator.
    static func flatten(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "/").replacingOccurrences(of: "\n", with: " ")
    }

    /// `seconds` as text with one decimal, e.g. `1.4 s`.
    public static func seconds(_ duration: Duration) -> String {
        let (s, attoseconds) = duration.components
        let value = Double(s) + Double(attoseconds) / 1e18
        return String(format: "%.1f s", value)
    }
}
