/// One meaning a theme gives a style to. Each is a key in a theme file (`themes/*.yaml`).
public enum ThemeKey: String, CaseIterable, Sendable, Hashable {
    /// Ordinary text and the background of the whole screen.
    case body
    /// The header block (endpoint, revision, counts, freshness).
    case header
    /// Titles of panes and dialogs.
    case title
    /// Box borders and separators.
    case border
    /// Table column headings.
    case columnHeader
    /// The selected row.
    case selection
    /// De-emphasised text (hints, ages, `<none>`).
    case dim
    /// Error messages and banners.
    case error
    /// Warnings (stale data, stalled pulls).
    case warning
    /// Informational messages (saved, merged).
    case info
    /// The key part of a key hint (`q`, `?`).
    case keyHintKey
    /// The label part of a key hint (`quit`, `help`).
    case keyHint
    /// The `/` and `:` prompt.
    case filterPrompt
    /// Matches of a search.
    case searchMatch
    /// Status: running and ready.
    case statusRunning
    /// Status: pending, creating, not ready.
    case statusPending
    /// Status: completed.
    case statusSucceeded
    /// Status: failed, crash-looping, image errors.
    case statusFailed
    /// Status: terminating.
    case statusTerminating
    /// Status: unknown or unreadable.
    case statusUnknown
    /// Row mark: added since the last poll.
    case rowAdded
    /// Row mark: changed since the last poll.
    case rowChanged
    /// Row mark: deleted since the last poll.
    case rowDeleted
    /// Probe passing.
    case probeOk
    /// Probe failing.
    case probeFailing
    /// Probe passing with a warning.
    case probeWarning
    /// Probe state unknown.
    case probeUnknown
    /// Pull in progress (bar and text).
    case pullProgress
    /// Pull finished.
    case pullDone
    /// Pull failed or stalled.
    case pullError
    /// Diff: added lines.
    case diffAdded
    /// Diff: removed lines.
    case diffRemoved

    /// Keys whose colours tell states apart on the same screen: within each group no two may
    /// look alike, however few colours the terminal has.
    public static let distinctGroups: [[ThemeKey]] = [
        [.statusRunning, .statusPending, .statusSucceeded, .statusFailed, .statusTerminating, .statusUnknown],
        [.rowAdded, .rowChanged, .rowDeleted],
        [.probeOk, .probeFailing, .probeWarning, .probeUnknown],
        [.pullProgress, .pullDone, .pullError],
        [.diffAdded, .diffRemoved],
    ]
}
