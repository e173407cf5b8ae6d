import Foundation
import Ops
import PodModel

/// What the operator asked of the editing engine (carried out by the runtime).
public enum EditRequest: Sendable, Equatable {
    /// Edit a pod in `$EDITOR` (`e`).
    case begin(PodKey)
    /// Create a pod in a namespace from a template (`c`).
    case create(namespace: String)
    /// Roll a pod back to an older revision, as an edit (`R` in history).
    case rollback(PodKey, revision: Int64)
    /// Save the reviewed edit (Enter in the review).
    case saveReviewed
    /// Drop the reviewed edit; the file stays (Esc in the review).
    case cancelReview
    /// A choice in the conflict view.
    case resolve(ConflictChoice)
    /// Re-create a pod deleted during the edit (create-only transaction).
    case recreate
    /// A quick patch on a pod (`:set image …`, `:label …`, `:annotate …`).
    case quickPatch(PodKey, command: String, shownRevision: Int64)
    /// Delete a pod if it is still at the revision shown (confirmed).
    case delete(PodKey, revision: Int64)
    /// Load the versions etcd holds for a pod (`h`).
    case loadHistory(PodKey)
    /// Delete or patch the marked pods in one transaction.
    case bulk(BulkRequest)
}

/// The four ways out of a conflict.
public enum ConflictChoice: Sendable, Equatable {
    /// Reopen the editor with their pod, my other changes, and the conflicts marked.
    case editAgain
    /// Write mine on their revision (after a confirmation).
    case overwrite
    /// Keep their version; nothing written.
    case takeTheirs
    /// Leave it; my file stays.
    case cancel
}

/// What the editing engine reports back.
public enum EditEvent: Sendable {
    /// The edit is valid: show what will be written and ask.
    case review(ReviewState)
    /// Done (saved, merged, cancelled or failed): a message for the status line.
    case finished(String, StatusMessage.Kind)
    /// Both sides changed the same fields.
    case conflict(ConflictState)
    /// The pod was deleted while it was being edited.
    case deletedMeanwhile(PodKey, file: String)
    /// History arrived.
    case historyLoaded(HistoryState)
    /// History could not be read.
    case historyFailed(PodKey, String)
    /// The pod changed after it was shown: confirm the delete again, seeing what changed.
    case deleteChanged(PodKey, current: PodRecord, diff: String)
    /// The editor is running (the screen is suspended) or the engine is busy.
    case busy(String?)
    /// A bulk action needs the operator again (pods changed, or too many for one transaction).
    case bulk(BulkEvent)
}

/// The diff of an edit waiting for Enter.
public struct ReviewState: Sendable, Equatable {
    /// The pod (nil for a create whose name is not known yet).
    public var key: PodKey?
    /// A title such as `edit shop/web`.
    public var title: String
    /// The unified diff lines.
    public var diff: [String]
    /// The revision the save compares against.
    public var baseRevision: Int64?
    /// The operator's file.
    public var file: String
}

/// A conflict waiting for a choice.
public struct ConflictState: Sendable, Equatable {
    /// The pod.
    public var key: PodKey
    /// One line per contested field (base, mine, theirs).
    public var lines: [String]
    /// My change count and theirs.
    public var mine: Int, theirs: Int
    /// Their revision.
    public var currentRevision: Int64
    /// The revision the edit started from.
    public var baseRevision: Int64
    /// The operator's file.
    public var file: String
}

/// A yes/no question over the current screen.
public struct ConfirmState: Sendable, Equatable {
    /// What happens on yes.
    public enum Action: Sendable, Equatable {
        /// Delete the pod at this revision.
        case delete(PodKey, revision: Int64)
        /// Overwrite their version with mine.
        case overwrite
        /// Re-create the deleted pod.
        case recreate
        /// Delete or patch the marked pods.
        case bulk(BulkRequest)
    }
    /// The dialog title.
    public var title: String
    /// The question and details.
    public var body: [String]
    /// What yes does.
    public var action: Action
}

/// The versions of one pod.
public struct HistoryState: Sendable, Equatable {
    /// The pod.
    public var key: PodKey
    /// Versions, newest first.
    public var versions: [PodVersion]
    /// Where the history ends (created at…, compacted before…).
    public var note: String
    /// The selected version.
    public var selected = 0
    /// Still loading.
    public var loading = false

    /// Creates a state.
    public init(key: PodKey, versions: [PodVersion], note: String, loading: Bool = false) {
        self.key = key
        self.versions = versions
        self.note = note
        self.loading = loading
    }
}
