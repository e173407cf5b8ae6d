extension JSONValue {
    /// Whether two documents say the same thing: equal values, with object members compared by
    /// name whatever their order. Array order and number literals (`1` vs `1.0`) still count.
    public func isEquivalent(to other: JSONValue) -> Bool {
        switch (self, other) {
        case (.object(let a), .object(let b)):
            guard a.count == b.count else { return false }
            return a.allSatisfy { key, value in b[key].map(value.isEquivalent) ?? false }
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.isEquivalent(to: $1) }
        default:
            return self == other
        }
    }
}
