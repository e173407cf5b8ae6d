import Ops

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

    /// The kept copy of a list of strings (its strings interned when it is new).
    private mutating func intern(list: [String]) -> [String] {
        guard !list.isEmpty else { return [] }
        if let kept = lists[list] { return kept }
        let fresh = list.map { intern($0) }
        if lists.count < capacity { lists[fresh] = fresh }
        return fresh
    }

    private mutating func intern(optionals list: [String?]) -> [String?] {
        guard !list.isEmpty else { return [] }
        if let kept = optionalLists[list] { return kept }
        let fresh = list.map { $0.map { intern($0) } }
        if optionalLists.count < capacity { optionalLists[fresh] = fresh }
        return fresh
    }

    private mutating func intern(labels list: [LabelPair]) -> [LabelPair] {
        guard !list.isEmpty else { return [] }
        if let kept = labelLists[list] { return kept }
        let fresh = list.map { LabelPair(intern($0.key), intern($0.value)) }
        if labelLists.count < capacity { labelLists[fresh] = fresh }
        return fresh
    }

    /// `row` with its repeated strings and lists shared.
    mutating func intern(_ row: PodRow) -> PodRow {
        var row = row
        row.status = intern(row.status)
        row.phase = intern(row.phase)
        row.node = intern(row.node)
        row.qos = intern(row.qos)
        row.images = intern(list: row.images)
        row.containerNames = intern(list: row.containerNames)
        row.pullPolicies = intern(optionals: row.pullPolicies)
        row.labelList = intern(labels: row.labelList)
        return row
    }
}
