import PodModel

extension EditSession {
    /// The event that starts an ``EditFlow`` on this session's file.
    public var flowStart: EditFlowEvent {
        .started(EditFlow.Subject(kind: kind, key: key), file: filePath, baseRevision: baseRevision)
    }

    /// Carries out the part of an ``EditFlowAction`` that touches the file or the store and
    /// returns the event to feed back; nil for what the front end does itself (the editor,
    /// showing and asking, ignoring). A finish with ``EditFlowResult/FileFate/remove(_:)``
    /// removes the file.
    public mutating func perform(_ action: EditFlowAction) async -> EditFlowEvent? {
        switch action {
        case .readBack:
            return .readBack(readBack())
        case .rewriteWithErrors(let found, _):
            do { try reopenWithErrors(found) } catch { return .fileFailed(error.description) }
            return .fileRewritten
        case .prepareEditAgain(let report, _):
            do { try prepareEditAgain(report) } catch { return .fileFailed(error.description) }
            return .fileRewritten
        case .write(let pod, let revision):
            guard revision == baseRevision else {
                return .saveFinished(.failed("the edit is based on revision \(baseRevision.map(String.init) ?? "none"), not \(revision.map(String.init) ?? "none"); nothing written"))
            }
            return .saveFinished(await save(pod))
        case .overwrite(let report):
            return .saveFinished(await overwrite(report))
        case .recreate(let pod, _):
            pending = pod
            return .saveFinished(await recreate())
        case .finish(let result):
            if case .remove = result.file { discard() }
            return nil
        case .launchEditor, .showReview, .showConflict, .askRecreate, .ignore:
            return nil
        }
    }
}
