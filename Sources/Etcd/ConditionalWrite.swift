/// One key of a many-key compare-and-swap: the `mod_revision` it must still be at, and what to
/// do with it when every key of the transaction is.
public struct ConditionalWrite: Sendable, Hashable {
    /// What happens to the key when every compare holds.
    public enum Action: Sendable, Hashable {
        /// Writes this value.
        case put([UInt8])
        /// Deletes the key.
        case delete
        /// Only compares: the key must be unchanged, nothing is written to it.
        case compareOnly
    }

    /// The key.
    public var key: String
    /// The `mod_revision` the key must still be at.
    public var expectedModRevision: Int64
    /// What to do with it.
    public var action: Action

    /// Creates one conditional write.
    public init(key: String, expectedModRevision: Int64, action: Action) {
        self.key = key
        self.expectedModRevision = expectedModRevision
        self.action = action
    }

    /// Bytes this write adds to a request (key twice, value once, a little framing).
    public var requestBytes: Int {
        var bytes = 2 * key.utf8.count + 16
        if case .put(let value) = action { bytes += value.count }
        return bytes
    }
}

/// The outcome of a many-key compare-and-swap.
public enum MultiCASResult: Sendable, Equatable {
    /// Every compare held and every write landed at this one store revision.
    case succeeded(revision: Int64)
    /// At least one key was not at its expected revision; nothing was written. `changed` holds
    /// every key whose compare failed, with its current key-value (nil: it no longer exists),
    /// read in the same transaction.
    case conflict(changed: [String: KeyValue?], revision: Int64)
}
