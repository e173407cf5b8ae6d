import PodModel

/// What a bulk operation does to each pod: delete it, or make one-line changes to it
/// (labels, annotations, images), re-applied to the current pod on a conflict.
public enum BulkAction: Sendable, Equatable, CustomStringConvertible {
    /// Deletes every pod at the revision it was shown at.
    case delete
    /// Makes these changes, in order, to every pod.
    case patch([QuickPatch])

    /// The past participle kubectl prints: `deleted`, `labeled`, `annotated`, `image updated`.
    public var verb: String {
        switch self {
        case .delete: return "deleted"
        case .patch(let patches):
            if patches.allSatisfy(\.isLabel) { return "labeled" }
            if patches.allSatisfy(\.isAnnotation) { return "annotated" }
            if patches.allSatisfy(\.isImage) { return "image updated" }
            return "patched"
        }
    }

    /// The action as typed: `delete`, `label a=b tier-`.
    public var description: String {
        switch self {
        case .delete: return "delete"
        case .patch(let patches): return patches.map(\.description).joined(separator: "; ")
        }
    }

    /// `pod` with every change made.
    public func applied(to pod: Pod) throws(PodMutationError) -> Pod {
        guard case .patch(let patches) = self else { return pod }
        var result = pod
        for patch in patches { result = try patch.applied(to: result) }
        return result
    }
}

extension QuickPatch {
    var isLabel: Bool {
        switch self { case .setLabel, .removeLabel: return true; default: return false }
    }
    var isAnnotation: Bool {
        switch self { case .setAnnotation, .removeAnnotation: return true; default: return false }
    }
    var isImage: Bool {
        if case .setImage = self { return true }
        return false
    }
}
