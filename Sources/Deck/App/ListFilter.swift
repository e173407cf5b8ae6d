import Foundation

/// The `/` filter: a substring (case-insensitive), its inverse (`/!text`), or a label selector
/// (`/-l key=value`).
public struct ListFilter: Sendable, Equatable {
    /// How rows are matched.
    public enum Kind: Sendable, Equatable {
        /// Rows containing the text.
        case substring([UInt8])
        /// Rows not containing the text.
        case inverted([UInt8])
        /// Rows whose labels match.
        case labels(LabelSelector)
    }

    /// The text typed after `/`.
    public var text: String
    /// The parsed matcher.
    public var kind: Kind

    /// Parses what was typed after `/`; nil for an empty filter.
    public static func parse(_ text: String) throws(SelectorError) -> ListFilter? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        if trimmed.hasPrefix("-l") {
            let selector = try LabelSelector(parsing: String(trimmed.dropFirst(2)))
            return ListFilter(text: trimmed, kind: .labels(selector))
        }
        if trimmed.hasPrefix("!") {
            let needle = String(trimmed.dropFirst()).lowercased()
            guard !needle.isEmpty else { return nil }
            return ListFilter(text: trimmed, kind: .inverted(Array(needle.utf8)))
        }
        return ListFilter(text: trimmed, kind: .substring(Array(trimmed.lowercased().utf8)))
    }

    /// Whether an entry matches.
    func matches(_ entry: ListEntry) -> Bool {
        switch kind {
        case .substring(let needle): return ListFilter.contains(entry.haystack, needle)
        case .inverted(let needle): return !ListFilter.contains(entry.haystack, needle)
        case .labels(let selector): return selector.matches(entry.row.labelPairs)
        }
    }

    /// Byte substring search (memmem).
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        if needle.isEmpty { return true }
        guard haystack.count >= needle.count else { return false }
        return haystack.withUnsafeBufferPointer { h in
            needle.withUnsafeBufferPointer { n in
                let first = n[0]
                let last = h.count - n.count
                var i = 0
                while i <= last {
                    if h[i] == first {
                        var j = 1
                        while j < n.count && h[i + j] == n[j] { j += 1 }
                        if j == n.count { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }
}
