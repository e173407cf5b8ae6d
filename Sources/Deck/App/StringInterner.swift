import Ops
import PodModel

/// Keeps one copy of each repeated string: 100,000 pods name a handful of images, statuses, label
/// keys and container names, and Swift stores every string longer than 15 UTF-8 bytes on the heap.
/// Short strings are stored inline already and are passed through.
struct StringInterner: Sendable {
    private var table: [String: String] = [:]
    /// Lists repeated from pod to pod (a deployment's images, pull policies, container names and
    /// labels): one array buffer each instead of one per pod.
    private var lists: [[String]: [String]] = [:]
    private var optionalLists: [[String?]: [String?]] = [:]
    private var labelLists: [[LabelPair]: [LabelPair]] = [:]
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

    /// The kept copy of `list` in `table` (its elements made with `element` when it is new).
    private mutating func shared<Element: Hashable>(_ list: [Element], in table: WritableKeyPath<Self, [[Element]: [Element]]>,
                                                     _ element: (inout Self, Element) -> Element) -> [Element] {
        guard !list.isEmpty else { return [] }
        if let kept = self[keyPath: table][list] { return kept }
        let fresh = list.map { element(&self, $0) }
        if self[keyPath: table].count < capacity { self[keyPath: table][fresh] = fresh }
        return fresh
    }

    /// `row` with its repeated strings and lists shared.
    mutating func intern(_ row: PodRow) -> PodRow {
        var row = row
        row.status = intern(row.status)
        row.phase = intern(row.phase)
        row.node = intern(row.node)
        row.qos = intern(row.qos)
        row.images = shared(row.images, in: \.lists) { $0.intern($1) }
        row.containerNames = shared(row.containerNames, in: \.lists) { $0.intern($1) }
        row.pullPolicies = shared(row.pullPolicies, in: \.optionalLists) { interner, policy in policy.map { interner.intern($0) } }
        row.labelList = shared(row.labelList, in: \.labelLists) { LabelPair($0.intern($1.key), $0.intern($1.value)) }
        return row
    }
}
