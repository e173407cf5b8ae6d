import Ops

/// The pods marked for a bulk action, by key: independent of sorting and filtering, dropped
/// when their pod goes away.
public struct PodMarks: Sendable, Equatable {
    /// The marked pods.
    public private(set) var keys: Set<PodKey> = []
    /// The pod marked last (where `Ctrl-Space` ranges from).
    public private(set) var last: PodKey?

    /// No marks.
    public init() {}

    /// Whether nothing is marked.
    public var isEmpty: Bool { keys.isEmpty }
    /// How many pods are marked.
    public var count: Int { keys.count }
    /// Whether `key` is marked.
    public func contains(_ key: PodKey) -> Bool { keys.contains(key) }

    /// Marks `key`, or unmarks it when marked.
    public mutating func toggle(_ key: PodKey) {
        if keys.remove(key) == nil {
            keys.insert(key)
            last = key
        } else if last == key {
            last = nil
        }
    }

    /// Marks every key of `range` (the rows between the last mark and the selection).
    public mutating func mark<S: Sequence>(_ range: S, last newLast: PodKey) where S.Element == PodKey {
        keys.formUnion(range)
        last = newLast
    }

    /// Clears every mark.
    public mutating func clear() {
        keys = []
        last = nil
    }

    /// Keeps only the marks `exists` accepts.
    public mutating func prune(_ exists: (PodKey) -> Bool) {
        keys = keys.filter(exists)
        if let l = last, !keys.contains(l) { last = nil }
    }
}
