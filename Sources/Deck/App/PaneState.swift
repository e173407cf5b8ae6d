/// Where a text pane (detail, YAML, help, review, conflict, history) is scrolled to and what it
/// searches for.
///
/// Only positions are kept: the lines themselves are built from the rest of the state when they
/// are drawn (``PaneContent``), so a clock tick or a probe result never rebuilds anything here.
public struct PaneState: Sendable, Equatable {
    /// First line shown.
    public var offset = 0
    /// The last search.
    public var query: String?
    /// The line of the current match (`n`/`N` step from it), if the search matched.
    public var currentLine: Int?
}
