import Etcd
import Foundation
import PodModel

extension EditSession {
    /// Writes `pod` with one transaction on the base revision (a create-only transaction for a
    /// new pod).
    ///
    /// When the pod changed meanwhile, the failed transaction returns it (no second read) and
    /// the edit is merged three ways at field level (base, mine, theirs). A clean merge is
    /// validated and written on their revision, again as a compare-and-swap, and merged again
    /// if it moved once more; contested fields come back as ``SaveOutcome/conflict(_:)``.
    public mutating func save(_ pod: Pod, now: Date = Date()) async -> SaveOutcome {
        if readonly { return .failed(ReadOnly.refusal("save the edit").description) }
        guard let key, let name = pod.name, let namespace = pod.namespace else {
            return .failed("the edited pod has no name; nothing written")
        }
        var mine = pod
        mine.resourceVersion = nil
        pending = mine
        if case .create = kind {
            let target = PodKey(namespace: namespace, name: name)
            self.key = target
            PodDefaults.fillOnCreate(&mine, now: now)
            pending = mine
            return await commit(mine, first: .create)
        }
        guard let base, key.name == name, key.namespace == namespace else {
            return .failed("the edited pod is not pod \(key); nothing written")
        }
        return await commit(mine, first: .update(base))
    }

    /// Writes my version over theirs after a conflict: one compare-and-swap on their
    /// `mod_revision` (their changes to every field are replaced by mine). If the pod moved
    /// again, the new state is merged and reported as for a save.
    public mutating func overwrite(_ report: ConflictReport) async -> SaveOutcome {
        if readonly { return .failed(ReadOnly.refusal("overwrite").description) }
        pending = report.mine
        return await commit(report.mine, first: .update(report.current))
    }

    /// Gives up my edit in favour of their version: nothing is written and the file is kept
    /// (``discard()`` removes it).
    public mutating func takeTheirs() {
        pending = nil
        lastConflict = nil
    }

    /// Creates the pod again from my edit when it was deleted meanwhile (a create-only
    /// transaction: if someone re-created it first, that is merged or reported as a conflict).
    public mutating func recreate() async -> SaveOutcome {
        if readonly { return .failed(ReadOnly.refusal("re-create the pod").description) }
        guard let pending else { return .failed("there is no saved edit to re-create the pod from") }
        return await commit(pending, first: .create)
    }

    /// Rewrites the file for another round after a conflict: their current pod with my
    /// non-conflicting changes applied and their value kept at each contested field, with the
    /// conflicts listed at the top (base, mine, theirs) and, in YAML, marked above each contested
    /// field. The new base is their revision.
    public mutating func prepareEditAgain(_ report: ConflictReport) throws(EditError) {
        let mergeBase = base?.pod.json ?? report.current.pod.json
        // Merging with the sides swapped keeps their value wherever both changed a field.
        let theirsFirst = ThreeWayMerge.merge(base: mergeBase, mine: report.current.pod.json, theirs: report.mine.json)
        var document = (try? Pod(json: theirsFirst.merged)) ?? report.current.pod
        document.resourceVersion = report.current.modRevision
        let body: String
        switch format {
        case .yaml: body = ConflictMarkers.yaml(document.presented(), conflicts: report.conflicts)
        case .json: body = format.render(document.presented())
        }
        kind = .edit
        key = report.key
        base = report.current
        let newHeader = Self.lines(EditHeader.conflicts(report) + EditHeader.intro(kind: .edit, key: report.key,
                                                                                   baseRevision: report.current.modRevision,
                                                                                   encoding: report.current.encoding))
        do { try file.write(newHeader + body) } catch { throw .file(error) }
        header = newHeader
        pending = nil
        problems = []
        lastInvalidText = nil
        reopenedBody = nil
    }

    // MARK: The write loop

    enum Attempt: Sendable {
        /// My pod over this version (a compare-and-swap on its revision).
        case update(PodRecord)
        /// My pod as a new one (create-only).
        case create
    }

    /// Why a save stopped before writing.
    enum Stop: Sendable {
        /// Both sides changed the same fields, or the merge is invalid.
        case conflict(ConflictReport)
        /// Nothing of mine is left to write: the pod is as it should be at `revision`.
        case alreadyThere(revision: Int64)
        /// There is no base to merge with.
        case failed(String)
    }

    /// The store's guaranteed update with my pod: written as it is first, then — when the pod
    /// changed — merged three ways with each version the failed compare returns.
    private mutating func commit(_ mine: Pod, first: Attempt) async -> SaveOutcome {
        guard let key else { return .failed("the edited pod has no name; nothing written") }
        let start: PodRecord
        var writeMineFirst: Bool
        var retries = maxMergeAttempts
        switch first {
        case .update(let record):
            start = record
            writeMineFirst = true
        case .create:
            switch await writes.conditionalCreate(key, pod: mine) {
            case .created(let revision):
                return succeeded(at: revision, counts: nil)
            case .exists(let current):
                guard base != nil else {
                    return .failed("pod \(key) already exists (revision \(current.modRevision)); nothing written; choose another name in \(filePath) and save again")
                }
                // Someone created it first: merge with theirs (the first of the merges allowed).
                start = current
                writeMineFirst = false
                retries -= 1
            case .unreadable(let entry):
                return .unreadable(entry)
            case .outcomeUnknown(let error):
                return .outcomeUnknown(error.description)
            case .failed(let error):
                return .failed(error.description + "; nothing written")
            }
        }
        let base = self.base
        let filePath = self.filePath
        var counts: (mine: Int, theirs: Int)?
        let outcome = await writes.guaranteedUpdate(key, from: start, retries: max(0, retries)) { current -> UpdateStep<Stop> in
            if writeMineFirst {
                writeMineFirst = false
                return .write(mine)
            }
            guard let base else {
                return .stop(.failed("pod \(key) already exists (revision \(current.modRevision)); nothing written; choose another name in \(filePath) and save again"))
            }
            let result = ThreeWayMerge.merge(base: base.pod.json, mine: mine.json, theirs: current.pod.json)
            // A field both sides changed is contested even when they agree: my save was
            // computed from a value that is gone (an increment made twice is one increment).
            let contested = result.conflicts + Self.sameChanges(base: base.pod.json, mine: mine.json, theirs: current.pod.json)
            var report = ConflictReport(key: key, baseRevision: base.modRevision, current: current, mine: mine,
                                        conflicts: contested, mergeProblems: [],
                                        myChangeCount: result.myChangeCount, theirChangeCount: result.theirChangeCount)
            guard contested.isEmpty else { return .stop(.conflict(report)) }
            guard let merged = try? Pod(json: result.merged) else {
                report.mergeProblems = ["the merged document is not an object"]
                return .stop(.conflict(report))
            }
            counts = (result.myChangeCount, result.theirChangeCount)
            // Nothing of mine is left to write (I changed nothing).
            if merged.json == current.pod.json { return .stop(.alreadyThere(revision: current.modRevision)) }
            var problems = PodValidator.validate(merged).map(\.description)
            if let change = Self.identityChange(merged, key: key) { problems.insert(change, at: 0) }
            guard problems.isEmpty else {
                report.mergeProblems = problems
                return .stop(.conflict(report))
            }
            return .write(merged)
        }
        switch outcome {
        case .saved(let revision), .merged(let revision, _):
            return succeeded(at: revision, counts: counts)
        case .stopped(.alreadyThere(let revision), _):
            return succeeded(at: revision, counts: counts)
        case .stopped(.conflict(let report), _):
            lastConflict = report
            return .conflict(report)
        case .stopped(.failed(let text), _):
            return .failed(text)
        case .conflict:
            return .failed("pod \(key) kept changing while saving (\(maxMergeAttempts) merges); nothing written; try again")
        case .deleted:
            return .deletedMeanwhile
        case .unreadable(let entry):
            return .unreadable(entry)
        case .outcomeUnknown(let error):
            return .outcomeUnknown(error.description)
        case .failed(let error):
            return .failed(error.description + "; nothing written")
        }
    }

    /// Fields both sides changed to the same value, as conflicts (mine equals theirs).
    static func sameChanges(base: JSONValue, mine: JSONValue, theirs: JSONValue) -> [MergeConflict] {
        let theirChanges = JSONDiff.changes(from: base, to: theirs)
        guard !theirChanges.isEmpty else { return [] }
        var theirs: [String: FieldChange] = [:]
        for change in theirChanges { theirs[change.path] = change }
        return JSONDiff.changes(from: base, to: mine).compactMap { change in
            guard let other = theirs[change.path], other.new == change.new else { return nil }
            return MergeConflict(path: change.path, base: change.old, mine: change.new, theirs: other.new)
        }
    }

    private mutating func succeeded(at revision: Int64, counts: (mine: Int, theirs: Int)?) -> SaveOutcome {
        savedRevision = revision
        lastConflict = nil
        if let counts { return .merged(revision: revision, mine: counts.mine, theirs: counts.theirs) }
        return .saved(revision: revision)
    }
}
