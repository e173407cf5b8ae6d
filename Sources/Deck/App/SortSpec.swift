/// Which column the pod list is sorted by, and in which direction.
public struct SortSpec: Sendable, Equatable {
    /// Sortable columns.
    public enum Column: String, Sendable, CaseIterable {
        /// Namespace, then name.
        case name
        /// Creation time (newest first when ascending by age).
        case age
        /// Status text.
        case status
        /// Restart count.
        case restarts
    }

    /// The column.
    public var column: Column
    /// Ascending (A→Z, youngest first, fewest restarts first) or the reverse.
    public var ascending: Bool

    /// Creates a sort.
    public init(column: Column = .name, ascending: Bool = true) {
        self.column = column
        self.ascending = ascending
    }

    /// Selecting the same column again reverses it.
    public func toggled(to column: Column) -> SortSpec {
        column == self.column ? SortSpec(column: column, ascending: !ascending) : SortSpec(column: column, ascending: true)
    }
}
