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
    /// The operator's answer to the edit under way: save or cancel the review, a way out of a
    /// conflict, re-create a pod deleted meanwhile (naming what was shown).
    case choose(EditChoice)
    /// A quick patch on a pod (`:set image …`, `:label …`, `:annotate …`).
    case quickPatch(PodKey, command: String, shownRevision: Int64)
    /// Delete a pod if it is still at the revision shown (confirmed).
    case delete(PodKey, revision: Int64)
    /// Load the versions etcd holds for a pod (`h`).
    case loadHistory(PodKey)
    /// Delete or patch the marked pods in one transaction.
    case bulk(BulkRequest)
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

    /// Creates a state.
    public init(key: PodKey?, title: String, diff: [String], baseRevision: Int64?, file: String) {
        self.key = key
        self.title = title
        self.diff = diff
        self.baseRevision = baseRevision
        self.file = file
    }

    /// What the view shows of the flow's review.
    public init(_ review: EditReview) {
        self.init(key: review.key, title: review.title, diff: review.diff, baseRevision: review.baseRevision, file: review.file)
    }
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
        /// Overwrite their version (at this revision) with mine.
        case overwrite(theirRevision: Int64)
        /// Re-create the deleted pod from the edit in `file`.
        case recreate(PodKey, file: String)
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

extension StatusMessage.Kind {
    /// The status line's kind for an edit flow's severity.
    init(_ severity: EditFlowResult.Severity) {
        switch severity {
        case .info: self = .info
        case .warning: self = .warning
        case .error: self = .error
        }
    }
}
