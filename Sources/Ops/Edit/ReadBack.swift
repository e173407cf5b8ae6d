import PodModel

/// What the operator left in the edit file.
public enum ReadBack: Sendable, Equatable {
    /// The document is the object it started from: nothing to write.
    case unchanged
    /// The file holds no document (only comments and blanks, or it was deleted): the edit is
    /// abandoned.
    case emptied
    /// The document cannot be saved: parse errors (with line and column), then every
    /// validation error (with its field path).
    case invalid([EditProblem])
    /// The file was reopened with these errors and closed again without a change to the
    /// operator's text: they gave up. Nothing is written; the file, errors on top, is kept.
    case unchangedWithErrors([EditProblem])
    /// The edit renames the pod or moves it to another namespace, which would make a different
    /// pod: refused (the message says what changed).
    case identityChanged(String)
    /// A valid pod to save, and the unified diff of what will be written (without server
    /// noise such as `resourceVersion`).
    case ready(Pod, diff: String)
}
