import Foundation
import Ops

/// A row that changed in the last sync, marked for a moment.
public struct RowMark: Sendable, Equatable {
    /// What happened to the row.
    public enum Kind: Sendable, Equatable {
        /// New since the last sync.
        case added
        /// Changed since the last sync.
        case changed
        /// Deleted (the row stays, marked, until the mark expires).
        case deleted
    }
    /// What happened.
    public var kind: Kind
    /// When the mark disappears.
    public var until: Date
}
