/// Parses and prints durations the way operators type them: `500ms`, `2s`, `1m`, `1h30m`, `1.5s`.
public enum DurationText {
    /// Parses `text`; a bare number means seconds. Returns nil when it is not a duration.
    public static func parse(_ text: String) -> Duration? {
        let s = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !s.isEmpty else { return nil }
        if let seconds = Double(s) { return seconds >= 0 ? .milliseconds(Int64((seconds * 1000).rounded())) : nil }
        var total = 0.0
        var number = ""
        var index = s.startIndex
        var sawUnit = false
        while index < s.endIndex {
            let c = s[index]
            if c.isNumber || c == "." {
                number.append(c)
                index = s.index(after: index)
                continue
            }
            var unit = ""
            while index < s.endIndex, s[index].isLetter || s[index] == "µ" {
                unit.append(s[index])
                index = s.index(after: index)
            }
            guard let value = Double(number) else { return nil }
            let factor: Double
            switch unit {
            case "ms": factor = 0.001
            case "s": factor = 1
            case "m": factor = 60
            case "h": factor = 3600
            case "us", "µs": factor = 0.000_001
            default: return nil
            }
            total += value * factor
            number = ""
            sawUnit = true
        }
        guard number.isEmpty, sawUnit, total >= 0 else { return nil }
        return .nanoseconds(Int64((total * 1e9).rounded()))
    }

    /// Prints a duration compactly: `500ms`, `2s`, `1m30s`.
    public static func format(_ d: Duration) -> String {
        let ms = d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000
        if ms < 1000 { return "\(ms)ms" }
        if ms % 1000 != 0 && ms < 60_000 {
            let s = Double(ms) / 1000
            return "\(s)s"
        }
        var seconds = ms / 1000
        var text = ""
        if seconds >= 3600 { text += "\(seconds / 3600)h"; seconds %= 3600 }
        if seconds >= 60 { text += "\(seconds / 60)m"; seconds %= 60 }
        if seconds > 0 || text.isEmpty { text += "\(seconds)s" }
        return text
    }

    /// Seconds as a Double.
    public static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}

import Foundation
