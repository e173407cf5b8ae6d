import PodModel

/// The edit conversation as one state machine, shared by the dashboard and `poddeck edit`.
///
/// It does no I/O: a front end feeds it what happened (``EditFlowEvent``) and carries out what
/// it answers (``EditFlowAction``) — running the editor, reading the file back, rewriting it,
/// writing with the store's guaranteed update — then feeds the result back. Every decision
/// (is the edit cancelled, reopened with errors, reviewed, saved, which conflict choices apply,
/// is the file removed or kept) is made here, so both front ends make it the same way.
///
/// ```
/// idle ─started→ editing ─exit 0→ readingBack ─ready→ (reviewing ─save→) saving ─saved→ done
///                   ↑                 │invalid                              │conflict   │deleted
///                   └── rewriting ←───┘                        conflict ←───┘   deleted ←┘
/// ```
public struct EditFlow: Sendable {
    /// What is edited.
    public struct Subject: Sendable, Equatable {
        /// Edit, create or rollback.
        public var kind: EditSession.Kind
        /// The pod (nil for a create until the edited document names it).
        public var key: PodKey?

        /// Creates a subject.
        public init(kind: EditSession.Kind, key: PodKey?) {
            self.kind = kind
            self.key = key
        }
    }

    /// Where the conversation is.
    public enum State: Sendable, Equatable {
        /// Not started.
        case idle
        /// The editor is open on `file`, which holds the pod at `baseRevision`.
        case editing(file: String, baseRevision: Int64?)
        /// The file is being read back.
        case readingBack(file: String)
        /// The file is being rewritten; then the editor opens again (`reopen`) or the flow ends.
        case rewriting(file: String, reopen: Bool)
        /// The file is being rewritten for another round after this conflict.
        case preparingEditAgain(ConflictReport)
        /// The diff is shown; waiting for save or cancel.
        case reviewing(EditReview)
        /// A write is under way.
        case saving(Pod, baseRevision: Int64?)
        /// Both sides changed the same fields; waiting for a choice.
        case conflict(ConflictReport)
        /// The pod was deleted meanwhile; waiting for re-create or cancel.
        case deleted(PodKey, mine: Pod)
        /// Over.
        case done(EditFlowResult)
    }

    /// Whether a valid edit is shown for confirmation before it is written.
    public var review: Bool
    /// Where the conversation is.
    public private(set) var state: State = .idle
    /// What is edited.
    public private(set) var subject: Subject?
    /// The operator's file.
    public private(set) var file: String?
    /// The revision the save compares against.
    public private(set) var baseRevision: Int64?
    /// How many times the editor has been opened.
    public private(set) var rounds = 0
    /// The problems of the last invalid read-back (cleared by a valid one).
    public private(set) var problems: [EditProblem] = []

    /// Creates an idle flow; `review` shows a valid edit for confirmation before writing it.
    public init(review: Bool = false) {
        self.review = review
    }

    /// Whether the conversation is over.
    public var isDone: Bool {
        if case .done = state { return true }
        return false
    }

    /// Takes one event and says what to do next.
    public mutating func on(_ event: EditFlowEvent) -> EditFlowAction {
        switch (state, event) {
        case (.idle, .started(let subject, let file, let baseRevision)):
            self.subject = subject
            self.file = file
            self.baseRevision = baseRevision
            return launch()
        case (.idle, .startFailed(let reason)):
            return finish(.failed(reason), file: .none)

        case (.editing(let file, _), .editorExited(let exit)):
            guard exit.succeeded else { return finish(.editorFailed(exit), file: .keep(file)) }
            state = .readingBack(file: file)
            return .readBack(file: file)

        case (.readingBack(let file), .readBack(let readBack)):
            return read(readBack, file: file)

        case (.rewriting(let file, let reopen), .fileRewritten):
            return reopen ? launch() : finish(.abandonedWithErrors(problems), file: .keep(file))
        case (.preparingEditAgain(let report), .fileRewritten):
            subject = Subject(kind: .edit, key: report.key)
            baseRevision = report.currentRevision
            problems = []
            return launch()
        case (.rewriting(let file, _), .fileFailed(let reason)):
            return finish(.failed(reason), file: .keep(file))
        case (.preparingEditAgain, .fileFailed(let reason)):
            return finish(.failed(reason), file: keep)

        case (.reviewing(let review), .chose(.save(let file))) where file == review.file:
            state = .saving(review.pod, baseRevision: review.baseRevision)
            return .write(review.pod, baseRevision: review.baseRevision)
        case (.reviewing(let review), .chose(.cancel(let file))) where file == review.file:
            return finish(.notSaved, file: .keep(file))

        case (.saving, .saveFinished(let outcome)):
            return saved(outcome)

        case (.conflict(let report), .chose(.editAgain(let file))) where file == self.file:
            state = .preparingEditAgain(report)
            return .prepareEditAgain(report, file: file)
        case (.conflict(let report), .chose(.overwrite(let revision))) where revision == report.currentRevision:
            state = .saving(report.mine, baseRevision: revision)
            return .overwrite(report)
        case (.conflict(let report), .chose(.takeTheirs(let revision))) where revision == report.currentRevision:
            return finish(.tookTheirs(revision: revision), file: keep)
        case (.conflict(let report), .chose(.cancel(let file))) where file == self.file:
            return finish(.conflict(report), file: keep)

        case (.deleted(let key, let mine), .chose(.recreate(let chosen))) where chosen == key:
            state = .saving(mine, baseRevision: nil)
            return .recreate(mine, key: key)
        case (.deleted(let key, _), .chose(.cancel(let file))) where file == self.file:
            return finish(.deletedMeanwhile(key), file: keep)

        default:
            return .ignore("\(Self.name(of: event)) does not apply while \(Self.name(of: state))")
        }
    }

    // MARK: Steps

    private var keep: EditFlowResult.FileFate {
        file.map { .keep($0) } ?? .none
    }

    private mutating func launch() -> EditFlowAction {
        guard let file else { return finish(.failed("there is no edit file"), file: .none) }
        rounds += 1
        state = .editing(file: file, baseRevision: baseRevision)
        return .launchEditor(file: file)
    }

    private mutating func read(_ readBack: ReadBack, file: String) -> EditFlowAction {
        switch readBack {
        case .unchanged:
            // What is in the file is what is stored: nothing of the operator's is lost.
            return finish(.cancelled, file: .remove(file))
        case .emptied:
            guard problems.isEmpty else {
                // Emptied after errors: their last text comes back, errors on top, and is kept.
                state = .rewriting(file: file, reopen: false)
                return .rewriteWithErrors(problems, file: file)
            }
            return finish(.cancelled, file: .remove(file))
        case .unchangedWithErrors(let found):
            return finish(.unchangedWithErrors(found), file: .keep(file))
        case .identityChanged(let reason):
            return finish(.refused(reason), file: .keep(file))
        case .invalid(let found):
            problems = found
            state = .rewriting(file: file, reopen: true)
            return .rewriteWithErrors(found, file: file)
        case .ready(let pod, let diff):
            problems = []
            if case .create? = subject?.kind, let name = pod.name, let namespace = pod.namespace {
                subject?.key = PodKey(namespace: namespace, name: name)
            }
            guard review else {
                state = .saving(pod, baseRevision: baseRevision)
                return .write(pod, baseRevision: baseRevision)
            }
            let shown = EditReview(key: subject?.key, title: title(for: pod),
                                   diff: diff.split(separator: "\n", omittingEmptySubsequences: false).map(String.init),
                                   baseRevision: baseRevision, file: file, pod: pod)
            state = .reviewing(shown)
            return .showReview(shown)
        }
    }

    private mutating func saved(_ outcome: SaveOutcome) -> EditFlowAction {
        guard case .saving(let mine, _) = state else { return .ignore("no save is under way") }
        switch outcome {
        case .saved(let revision):
            return finish(.saved(revision: revision), file: file.map { .remove($0) } ?? .none)
        case .merged(let revision, let myCount, let theirCount):
            return finish(.merged(revision: revision, mine: myCount, theirs: theirCount), file: file.map { .remove($0) } ?? .none)
        case .conflict(let report):
            subject?.key = report.key
            state = .conflict(report)
            return .showConflict(report, file: file ?? "")
        case .deletedMeanwhile:
            guard let key = subject?.key else { return finish(.deletedMeanwhile(nil), file: keep) }
            state = .deleted(key, mine: mine)
            return .askRecreate(key, file: file ?? "")
        case .unreadable(let entry):
            return finish(.unreadable(entry, subject?.key), file: keep)
        case .outcomeUnknown(let reason):
            return finish(.outcomeUnknown(reason), file: keep)
        case .failed(let reason):
            return finish(.failed(reason), file: keep)
        }
    }

    private mutating func finish(_ outcome: EditFlowResult.Outcome, file: EditFlowResult.FileFate) -> EditFlowAction {
        let result = EditFlowResult(outcome: outcome, file: file, key: subject?.key)
        state = .done(result)
        return .finish(result)
    }

    private func title(for pod: Pod) -> String {
        let key = subject?.key?.description ?? ""
        switch subject?.kind {
        case .create(let namespace)?:
            return "create \(pod.name.map { "\(namespace)/\($0)" } ?? "a pod in \(namespace)")"
        case .rollback(let revision)?:
            return "roll \(key) back to revision \(revision)"
        case .edit?, nil:
            return "edit \(key)"
        }
    }

    static func name(of event: EditFlowEvent) -> String {
        switch event {
        case .started: return "a start"
        case .startFailed: return "a failed start"
        case .editorExited: return "an editor exit"
        case .readBack: return "a read-back"
        case .fileRewritten: return "a rewritten file"
        case .fileFailed: return "a file failure"
        case .chose(let choice): return "the choice \(choice)"
        case .saveFinished: return "a save result"
        }
    }

    static func name(of state: State) -> String {
        switch state {
        case .idle: return "idle"
        case .editing: return "editing"
        case .readingBack: return "reading the file back"
        case .rewriting: return "rewriting the file"
        case .preparingEditAgain: return "preparing another round"
        case .reviewing: return "reviewing"
        case .saving: return "saving"
        case .conflict: return "resolving a conflict"
        case .deleted: return "the pod is deleted"
        case .done: return "done"
        }
    }
}
