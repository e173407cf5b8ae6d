import Foundation
import Ops
import PodModel
import Screen
import TerminalText

/// The widest value of each pod-table column over every row of the list, kept up to date as
/// rows arrive, change and go.
///
/// Each column keeps a count of rows per width, so adding or removing a row costs O(columns)
/// (a removal of the widest row walks down to the next width in use) and a frame reads the
/// widths without looking at any row. Widths from every row, not the visible page, keep the
/// table from jumping sideways as the operator pages, sorts or filters.
public struct PodColumnWidths: Sendable, Equatable {
    /// A column measured per row.
    public enum Field: Int, CaseIterable, Sendable {
        case namespace, name, ready, status, restarts, image, node, ip, age, qos, containers, labels
    }

    /// Widths above this count as this (no column is shown wider).
    static let cap = 255

    private var counts: [[Int32]] = Array(repeating: [], count: Field.allCases.count)
    private var widest: [Int] = Array(repeating: 0, count: Field.allCases.count)

    /// No rows.
    public init() {}

    /// The widest value of `field` over every row (0 with no rows).
    public subscript(field: Field) -> Int { widest[field.rawValue] }

    /// Counts a row in.
    mutating func add(_ row: RowWidths) {
        for f in 0..<Field.allCases.count {
            let w = Int(row.values[f])
            if counts[f].count <= w { counts[f] += Array(repeating: 0, count: w + 1 - counts[f].count) }
            counts[f][w] += 1
            if w > widest[f] { widest[f] = w }
        }
    }

    /// Counts a row out.
    mutating func remove(_ row: RowWidths) {
        for f in 0..<Field.allCases.count {
            let w = Int(row.values[f])
            guard w < counts[f].count, counts[f][w] > 0 else { continue }
            counts[f][w] -= 1
            if w == widest[f] {
                while widest[f] > 0 && counts[f][widest[f]] == 0 { widest[f] -= 1 }
            }
        }
    }
}

/// The display widths of one row's cells, measured once when the row arrives.
public struct RowWidths: Sendable, Equatable {
    var values = SIMD16<UInt8>()

    /// Measures a sanitised row (`key` is the key as shown, `labels` its labels text as shown). AGE is measured as the widest text
    /// the pod's age can take, not today's text, so the column never needs to grow as pods age:
    /// 5 (`7d23h`, `9m59s`), 6 past two years (`2y100d`), 9 for `<unknown>`/`<invalid>`.
    init(_ row: PodRow, key: PodKey, labels: String, now: Date) {
        func set(_ field: PodColumnWidths.Field, _ width: Int) {
            values[field.rawValue] = UInt8(min(width, PodColumnWidths.cap))
        }
        set(.namespace, DisplayWidth.of(key.namespace))
        set(.name, DisplayWidth.of(key.name))
        set(.ready, DisplayWidth.of(row.ready))
        set(.status, DisplayWidth.of(row.status))
        set(.restarts, DisplayWidth.of(row.restartsText))
        set(.image, DisplayWidth.of(row.imageText))
        set(.node, DisplayWidth.of(row.node))
        set(.ip, DisplayWidth.of(row.ip))
        set(.age, Self.ageWidth(created: row.created, now: now))
        set(.qos, DisplayWidth.of(row.qos))
        set(.containers, DisplayWidth.of(row.containerNames.joined(separator: ",")))
        set(.labels, labels.isEmpty ? 6 : DisplayWidth.of(labels))
    }

    /// The widest AGE text a pod created at `created` can show from `now` on.
    static func ageWidth(created: Date?, now: Date) -> Int {
        guard let created else { return 9 }
        let age = now.timeIntervalSince(created)
        if age < -1 { return 9 }
        // Past about two years kubectl's format gains a field (`2y100d`); start early.
        return age > 365 * 86400 * 2 - 30 * 86400 ? 6 : 5
    }
}
