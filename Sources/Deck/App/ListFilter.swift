import Foundation
#if canImport(Glibc)
import Glibc
import Ops
#endif

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
            let selector = try LabelSelector(parsing: String(trimmed.dropFirst(2)).trimmingCharacters(in: .whitespaces))
            return ListFilter(text: trimmed, kind: .labels(selector))
        }
        if trimmed.hasPrefix("!") {
            let needle = String(trimmed.dropFirst()).lowercased()
            guard !needle.isEmpty else { return nil }
            return ListFilter(text: trimmed, kind: .inverted(Array(needle.utf8)))
        }
        return ListFilter(text: trimmed, kind: .substring(Array(trimmed.lowercased().utf8)))
    }

    /// Byte substring search.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        haystack.withUnsafeBufferPointer { h in needle.withUnsafeBufferPointer { n in contains(h, n) } }
    }

    /// Byte substring search over raw buffers.
    @inline(__always)
    static func contains(_ h: UnsafeBufferPointer<UInt8>, _ n: UnsafeBufferPointer<UInt8>) -> Bool {
        if n.isEmpty { return true }
        guard h.count >= n.count, let base = h.baseAddress, let needle = n.baseAddress else { return false }
        let first = Int32(n[0])
        let last = h.count - n.count
        var i = 0
        while i <= last {
            // memchr finds candidate first bytes with vector instructions.
            guard let hit = memchr(base + i, first, last - i + 1) else { return false }
            let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if n.count == 1 || memcmp(base + at + 1, needle + 1, n.count - 1) == 0 { return true }
            i = at + 1
        }
        return false
    }
}
