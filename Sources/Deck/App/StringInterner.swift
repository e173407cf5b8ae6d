import Ops

/// Keeps one copy of each repeated string: 100,000 pods name a handful of images, statuses, label
/// keys and container names, and Swift stores every string longer than 15 UTF-8 bytes on the heap.
/// Short strings are stored inline already and are passed through.
struct StringInterner: Sendable {
    private var table: [String: String] = [:]
    /// Distinct values kept at most; past it new values are passed through (unbounded label
    /// values must not grow the table without limit).
    let capacity: Int

    init(capacity: Int = 50_000) {
        self.capacity = capacity
    }

    /// The kept copy of `text` (keeping `text` when it is new).
    mutating func intern(_ text: String) -> String {
        guard text.utf8.count > 15 else { return text }
        if let kept = table[text] { return kept }
        if table.count < capacity { table[text] = text }
        return text
    }

    /// `row` with its repeated strings shared.
    mutating func intern(_ row: PodRow) -> PodRow {
        var row = row
        row.status = intern(row.status)
        row.phase = intern(row.phase)
        row.node = intern(row.node)
        row.qos = intern(row.qos)
        row.images = row.images.map { intern($0) }
        row.pullPolicies = row.pullPolicies.map { $0.map { intern($0) } }
        row.containerNames = row.containerNames.map { intern($0) }
        row.labelList = row.labelList.map { LabelPair(intern($0.key), intern($0.value)) }
        return row
    }
}
