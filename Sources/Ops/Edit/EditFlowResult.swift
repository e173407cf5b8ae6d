import PodModel

/// How an edit conversation ended, what becomes of the file, and the line that says so.
public struct EditFlowResult: Sendable, Equatable {
    /// What happened to the edit.
    public enum Outcome: Sendable, Equatable {
        /// Written on the base revision.
        case saved(revision: Int64)
        /// Merged with concurrent changes and written.
        case merged(revision: Int64, mine: Int, theirs: Int)
        /// The file was closed unchanged, or emptied: nothing to write.
        case cancelled
        /// The reviewed edit was not confirmed.
        case notSaved
        /// The file was reopened with these errors and closed without a change: the operator
        /// gave up.
        case unchangedWithErrors([EditProblem])
        /// The file was emptied after a round with these errors: their last text is put back
        /// (errors on top) and kept.
        case abandonedWithErrors([EditProblem])
        /// The edit would make a different pod (renamed, moved): refused.
        case refused(String)
        /// The editor failed.
        case editorFailed(EditorExit)
        /// A conflict was left unresolved.
        case conflict(ConflictReport)
        /// The operator kept their version at `revision`.
        case tookTheirs(revision: Int64)
        /// The pod was deleted meanwhile and not created again.
        case deletedMeanwhile(PodKey?)
        /// The key holds something that is not a readable pod.
        case unreadable(UnreadableEntry, PodKey?)
        /// The write's answer was lost and could not be settled.
        case outcomeUnknown(String)
        /// Anything else that stopped the edit (etcd, the file, the pod exists already).
        case failed(String)
    }

    /// How loud the report is.
    public enum Severity: Sendable, Equatable {
        /// As expected.
        case info
        /// Nothing written, and the operator should look.
        case warning
        /// Something failed.
        case error
    }

    /// What becomes of the operator's file.
    public enum FileFate: Sendable, Equatable {
        /// Remove it (saved, or nothing of the operator's in it).
        case remove(String)
        /// Keep it and say where it is.
        case keep(String)
        /// There is none (the edit never started).
        case none
    }

    /// What happened.
    public var outcome: Outcome
    /// The file.
    public var file: FileFate
    /// The pod, when known.
    public var key: PodKey?

    /// Creates a result.
    public init(outcome: Outcome, file: FileFate, key: PodKey?) {
        self.outcome = outcome
        self.file = file
        self.key = key
    }

    /// Whether the edit was written.
    public var isSuccess: Bool {
        switch outcome {
        case .saved, .merged: return true
        default: return false
        }
    }

    /// The path of the kept file, if it is kept.
    public var keptFile: String? {
        if case .keep(let path) = file { return path }
        return nil
    }

    /// How loud the report is.
    public var severity: Severity {
        switch outcome {
        case .saved, .merged, .cancelled, .notSaved, .tookTheirs, .conflict: return .info
        case .unchangedWithErrors, .abandonedWithErrors, .deletedMeanwhile: return .warning
        case .refused, .editorFailed, .unreadable, .outcomeUnknown, .failed: return .error
        }
    }

    /// One line for a status bar or a terminal, ending with where the file is kept.
    public var message: String {
        let name = key?.description ?? "pod"
        let text: String
        switch outcome {
        case .saved(let revision):
            text = "pod \(name) saved (revision \(revision))"
        case .merged(let revision, let mine, let theirs):
            text = "pod \(name) saved: merged your \(Self.count(mine, "change")) with \(Self.count(theirs, "concurrent change")) (revision \(revision))"
        case .cancelled:
            text = "Edit cancelled, no changes made."
        case .notSaved:
            text = "not saved"
        case .unchangedWithErrors:
            text = "saved again with the same errors; nothing was written"
        case .abandonedWithErrors(let problems):
            text = "edit abandoned with \(Self.count(problems.count, "error")); nothing was written"
        case .refused(let reason):
            text = reason
        case .editorFailed(let exit):
            text = "the editor \(exit.description); nothing was written"
        case .conflict(let report):
            text = "pod \(name) changed while you were editing (\(Self.count(report.conflicts.count + report.mergeProblems.count, "conflict")), now at revision \(report.currentRevision)); nothing was written"
        case .tookTheirs:
            text = "kept their version; nothing was written"
        case .deletedMeanwhile:
            text = "pod \(name) was deleted while you were editing; nothing was written"
        case .unreadable(let entry, let key):
            text = entry.line(for: key ?? PodKey(namespace: "?", name: "?")) + "; nothing was written"
        case .outcomeUnknown(let reason):
            text = "\(reason); the save may or may not have landed: check the pod before saving again"
        case .failed(let reason):
            text = reason.contains("nothing written") || reason.contains("nothing was written") ? reason : reason + "; nothing was written"
        }
        guard let kept = keptFile else { return text }
        return text + "; your edit is kept in \(kept)"
    }

    static func count(_ n: Int, _ noun: String) -> String {
        "\(n) \(noun)\(n == 1 ? "" : "s")"
    }
}
