import Foundation
import Ops
import Screen
import TerminalText

/// A row as the dashboard keeps it: sanitised for the terminal, with a lowercased search text.
public struct ListEntry: Sendable, Equatable {
    /// The projected, sanitised row.
    public var row: PodRow
    /// Lowercased `namespace/name status image node ip labels`, for the `/` filter.
    var haystack: [UInt8]
    /// Deleted rows are kept briefly (marked) before they vanish.
    public var deleted: Bool

    /// Makes an entry from a row (sanitising every string that came from etcd); `now` dates the
    /// measure of the AGE column.
    public init(row: PodRow, now: Date) {
        var clean = row
        clean.key = PodKey(namespace: Sanitizer.clean(row.key.namespace), name: Sanitizer.clean(row.key.name))
        clean.status = Sanitizer.clean(row.status)
        clean.images = row.images.map(Sanitizer.clean)
        clean.node = Sanitizer.clean(row.node)
        clean.ip = Sanitizer.clean(row.ip)
        clean.qos = Sanitizer.clean(row.qos)
        clean.ready = Sanitizer.clean(row.ready)
        clean.containerNames = row.containerNames.map(Sanitizer.clean)
        self.row = clean
        self.deleted = false
        let labels = Sanitizer.clean(row.labels)
        let text = "\(clean.key.namespace)/\(clean.key.name) \(clean.status) \(clean.phase) \(clean.images.joined(separator: " ")) \(clean.node) \(clean.ip) \(labels)"
        self.haystack = Array(text.lowercased().utf8)
        // The original key stays the identity even when its text needed sanitising.
        self.row.key = row.key
        self.keyIsClean = clean.key == row.key
        self.widths = RowWidths(clean, key: clean.key, labels: labels, now: now)
    }

    /// Namespace and name as shown (sanitised).
    public var displayKey: PodKey {
        keyIsClean ? row.key : PodKey(namespace: Sanitizer.clean(row.key.namespace), name: Sanitizer.clean(row.key.name))
    }
    /// Whether the key needs no sanitising (nearly always: then no second copy is kept).
    var keyIsClean: Bool
    /// The display width of each cell, measured once.
    var widths: RowWidths
}
