import PodModel

/// What ``EditFlow`` asks its front end to do next. Each action that does I/O is answered with
/// the event named in its documentation; the `show…`/`ask…` actions wait for the operator's
/// ``EditFlowEvent/chose(_:)``.
public enum EditFlowAction: Sendable, Equatable {
    /// Run the editor on `file` → ``EditFlowEvent/editorExited(_:)``.
    case launchEditor(file: String)
    /// Read the file back → ``EditFlowEvent/readBack(_:)``.
    case readBack(file: String)
    /// Rewrite the file with the problems on top, the operator's text (or, if they emptied it,
    /// their last invalid text) below → ``EditFlowEvent/fileRewritten``.
    case rewriteWithErrors([EditProblem], file: String)
    /// Rewrite the file for another round after a conflict → ``EditFlowEvent/fileRewritten``.
    case prepareEditAgain(ConflictReport, file: String)
    /// Show what the save writes and wait for ``EditChoice/save(file:)`` or ``EditChoice/cancel(file:)``.
    case showReview(EditReview)
    /// Write `pod` with the store's guaranteed update on `baseRevision` (a create-only
    /// transaction when nil) → ``EditFlowEvent/saveFinished(_:)``.
    case write(Pod, baseRevision: Int64?)
    /// Write my side of `report` over their revision (one compare-and-swap on it)
    /// → ``EditFlowEvent/saveFinished(_:)``.
    case overwrite(ConflictReport)
    /// Create the pod again from `pod` (create-only) → ``EditFlowEvent/saveFinished(_:)``.
    case recreate(Pod, key: PodKey)
    /// Show the contested fields and wait for edit again, overwrite, take theirs or cancel.
    case showConflict(ConflictReport, file: String)
    /// The pod was deleted meanwhile: ask whether to create it again (or cancel).
    case askRecreate(PodKey, file: String)
    /// The conversation is over: remove or keep the file as `result.file` says, and report.
    case finish(EditFlowResult)
    /// The event does not fit the state (a stale choice, a late report): nothing to do.
    case ignore(String)
}

/// An edit waiting for the operator's go-ahead.
public struct EditReview: Sendable, Equatable {
    /// The pod (for a create, the name the edited document gives it).
    public var key: PodKey?
    /// `edit shop/web`, `create shop/web`, `roll shop/web back to revision 7`.
    public var title: String
    /// The unified diff of what will be written, one element per line.
    public var diff: [String]
    /// The revision the save compares against (nil for a create).
    public var baseRevision: Int64?
    /// The operator's file.
    public var file: String
    /// The pod to write.
    public var pod: Pod

    /// Creates a review.
    public init(key: PodKey?, title: String, diff: [String], baseRevision: Int64?, file: String, pod: Pod) {
        self.key = key
        self.title = title
        self.diff = diff
        self.baseRevision = baseRevision
        self.file = file
        self.pod = pod
    }
}
