/// What a key means, independent of which key it is.
public enum Intent: String, Sendable, CaseIterable {
    case moveDown, moveUp, top, bottom, pageDown, pageUp
    case startFilter, startCommand, clearFilter
    case sortName, sortAge, sortStatus, sortRestarts
    case openDetail, openYAML, back, help
    case refresh, toggleWide, quit
    case searchNext, searchPrevious, startSearch
    case edit, create, delete, history
    case toggleMark, markRange, clearMarks
    case save, cancel, editAgain, overwrite, takeTheirs, rollback
    case pull, pullAllMissing, cancelPull, toggleProbes
    case logs, shell, toggleFollow, toggleTimestamps, toggleWrap, saveLogs, pickContainer, scrollLeft, scrollRight
}

/// Where a binding applies.
public enum KeyContext: String, Sendable, CaseIterable {
    /// Everywhere.
    case global
    /// The pod list.
    case list
    /// Detail, YAML and help panes (scrolling text).
    case pane
    /// The review of an edit before it is saved.
    case review
    /// The conflict view.
    case conflict
    /// The history view.
    case history
    /// The logs view.
    case logs
    /// Choosing one of a pod's containers.
    case picker
}
