import PodModel

/// What happened, fed to ``EditFlow/on(_:)`` by the front end that carries out its actions.
public enum EditFlowEvent: Sendable, Equatable {
    /// The edit file was written: `file` holds the pod at `baseRevision` (nil for a create).
    case started(EditFlow.Subject, file: String, baseRevision: Int64?)
    /// The edit could not start (the pod is missing or unreadable, the file cannot be written).
    case startFailed(String)
    /// The editor ended.
    case editorExited(EditorExit)
    /// What the operator left in the file.
    case readBack(ReadBack)
    /// The file was rewritten as the last action asked (errors on top, or the conflicts).
    case fileRewritten
    /// The file could not be rewritten.
    case fileFailed(String)
    /// The operator chose.
    case chose(EditChoice)
    /// A write the flow asked for ended.
    case saveFinished(SaveOutcome)
}

/// A choice of the operator, naming what they were shown so that a choice about an earlier
/// question is not taken for an answer to the current one.
public enum EditChoice: Sendable, Equatable {
    /// Save the reviewed edit in `file`.
    case save(file: String)
    /// Reopen the editor after a conflict: their pod, my other changes, the conflicts marked.
    case editAgain(file: String)
    /// Write mine over their version at `theirRevision` (the one shown).
    case overwrite(theirRevision: Int64)
    /// Keep their version at `theirRevision`; nothing written.
    case takeTheirs(theirRevision: Int64)
    /// Create the pod at `key` again from my edit (it was deleted meanwhile).
    case recreate(PodKey)
    /// Leave it: nothing written, the file in `file` stays.
    case cancel(file: String)
}
