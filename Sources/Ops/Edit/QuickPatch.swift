import Etcd
import PodModel

/// A one-line change made without an editor, through the same compare-and-swap path as an edit:
/// `set image CONTAINER=IMAGE`, `label KEY=VALUE`, `label KEY-`, `annotate KEY=VALUE`,
/// `annotate KEY-` (a leading `:` is accepted, as typed in the dashboard).
public enum QuickPatch: Sendable, Hashable, CustomStringConvertible {
    /// Sets a container's (or init container's) image.
    case setImage(container: String, image: String)
    /// Sets a label.
    case setLabel(key: String, value: String)
    /// Removes a label.
    case removeLabel(key: String)
    /// Sets an annotation.
    case setAnnotation(key: String, value: String)
    /// Removes an annotation.
    case removeAnnotation(key: String)

    /// The forms accepted, for help and errors.
    public static let usage = "set image CONTAINER=IMAGE | label KEY=VALUE | label KEY- | annotate KEY=VALUE | annotate KEY-"

    /// Parses one command, e.g. `set image web=nginx:1.27` or `:label tier-`.
    ///
    /// A label value is one word; an annotation value is the rest of the line (it may hold spaces).
    public static func parse(_ text: String) throws(QuickPatchError) -> QuickPatch {
        var rest = Substring(text).drop(while: \.isWhitespace)
        if rest.first == ":" { rest = rest.dropFirst().drop(while: \.isWhitespace) }
        let verb = rest.prefix(while: { !$0.isWhitespace })
        rest = rest.dropFirst(verb.count).drop(while: \.isWhitespace)
        switch verb {
        case "set":
            let what = rest.prefix(while: { !$0.isWhitespace })
            guard what == "image" else { throw QuickPatchError(text, "`set` knows only `set image CONTAINER=IMAGE`") }
            let argument = rest.dropFirst(what.count).trimmingBlanks()
            guard let eq = argument.firstIndex(of: "="), !argument.contains(where: \.isWhitespace) else {
                throw QuickPatchError(text, "expected `set image CONTAINER=IMAGE`")
            }
            let container = String(argument[..<eq]), image = String(argument[argument.index(after: eq)...])
            guard !container.isEmpty, !image.isEmpty else { throw QuickPatchError(text, "expected `set image CONTAINER=IMAGE`") }
            return .setImage(container: container, image: image)
        case "label":
            let argument = rest.trimmingBlanks()
            guard !argument.isEmpty, !argument.contains(where: \.isWhitespace) else {
                throw QuickPatchError(text, "expected `label KEY=VALUE` or `label KEY-` (one label; values have no spaces)")
            }
            return try mapChange(argument, text: text, set: { .setLabel(key: $0, value: $1) }, remove: { .removeLabel(key: $0) })
        case "annotate":
            let argument = rest.trimmingBlanks()
            guard !argument.isEmpty else { throw QuickPatchError(text, "expected `annotate KEY=VALUE` or `annotate KEY-`") }
            return try mapChange(argument, text: text, set: { .setAnnotation(key: $0, value: $1) }, remove: { .removeAnnotation(key: $0) })
        default:
            throw QuickPatchError(text, "unknown command \"\(verb)\"; use \(usage)")
        }
    }

    private static func mapChange(_ argument: Substring, text: String, set: (String, String) -> QuickPatch,
                                  remove: (String) -> QuickPatch) throws(QuickPatchError) -> QuickPatch {
        if let eq = argument.firstIndex(of: "=") {
            let key = argument[..<eq]
            guard !key.isEmpty, !key.contains(where: \.isWhitespace) else { throw QuickPatchError(text, "the key is missing before `=`") }
            return set(String(key), String(argument[argument.index(after: eq)...]))
        }
        guard argument.hasSuffix("-"), argument.count > 1, !argument.contains(where: \.isWhitespace) else {
            throw QuickPatchError(text, "expected KEY=VALUE to set or KEY- to remove")
        }
        return remove(String(argument.dropLast()))
    }

    /// The command as it would be typed.
    public var description: String {
        switch self {
        case .setImage(let container, let image): return "set image \(container)=\(image)"
        case .setLabel(let key, let value): return "label \(key)=\(value)"
        case .removeLabel(let key): return "label \(key)-"
        case .setAnnotation(let key, let value): return "annotate \(key)=\(value)"
        case .removeAnnotation(let key): return "annotate \(key)-"
        }
    }

    /// `pod` with the change made (member order and every other field untouched).
    public func applied(to pod: Pod) throws(PodMutationError) -> Pod {
        var copy = pod
        switch self {
        case .setImage(let container, let image): try copy.setImage(container: container, to: image)
        case .setLabel(let key, let value): copy.setLabel(key, value)
        case .removeLabel(let key): copy.removeLabel(key)
        case .setAnnotation(let key, let value): copy.setAnnotation(key, value)
        case .removeAnnotation(let key): copy.removeAnnotation(key)
        }
        return copy
    }

    /// Reads the pod, then makes the change as in ``apply(store:from:retries:readonly:)``.
    public func apply(store: some PodWrites, key: PodKey, retries: Int = 5, readonly: Bool = false) async -> QuickPatchOutcome {
        if readonly { return .failed(ReadOnly.refusal("patch").description) }
        return outcome(await store.guaranteedUpdate(key, retries: retries, mutate: step))
    }

    /// Makes the change on `record` (the pod as the caller last saw it) with a compare-and-swap
    /// on its revision. On a conflict the change is made again on the current pod returned by
    /// the failed transaction (no second read), up to `retries` times; every attempt is validated.
    public func apply(store: some PodWrites, from record: PodRecord, retries: Int = 5, readonly: Bool = false) async -> QuickPatchOutcome {
        if readonly { return .failed(ReadOnly.refusal("patch").description) }
        return outcome(await store.guaranteedUpdate(record.key, from: record, retries: retries, mutate: step))
    }

    /// The change made on `current`, validated; or why nothing is to be written.
    func step(_ current: PodRecord) -> UpdateStep<QuickPatchOutcome> {
        let changed: Pod
        do { changed = try applied(to: current.pod) } catch { return .stop(.invalid([error.description])) }
        if changed.json == current.pod.json { return .stop(.unchanged(revision: current.modRevision)) }
        let errors = PodValidator.validate(changed)
        if !errors.isEmpty { return .stop(.invalid(errors.map(\.description))) }
        return .write(changed)
    }

    private func outcome(_ update: UpdateOutcome<QuickPatchOutcome>) -> QuickPatchOutcome {
        switch update {
        case .saved(let revision): return .patched(revision: revision, conflicts: 0)
        case .merged(let revision, let conflicts): return .patched(revision: revision, conflicts: conflicts)
        case .stopped(let outcome, _): return outcome
        case .conflict(_, let attempts): return .gaveUp(attempts: attempts)
        case .deleted: return .notFound
        case .unreadable(let entry): return .unreadable(entry)
        case .outcomeUnknown(let error): return .failed(error.description)
        case .failed(let error): return .failed(error.description + "; nothing written")
        }
    }
}

extension Substring {
    /// The text without leading and trailing whitespace.
    func trimmingBlanks() -> Substring {
        var text = drop(while: \.isWhitespace)
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return text
    }
}
