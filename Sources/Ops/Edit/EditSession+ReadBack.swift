import Foundation
import KubeStorage
import PodModel

extension EditSession {
    /// Reads what the operator left in the file and says what it means.
    ///
    /// This is the one decision both front ends act on: after ``reopenWithErrors(_:)``, a file
    /// closed without a change below the header is ``ReadBack/unchangedWithErrors(_:)`` (the
    /// operator gave up), never another round.
    public mutating func readBack() -> ReadBack {
        let text: String?
        do { text = try file.read() } catch {
            return invalid([EditProblem(message: error.description)], text: nil)
        }
        guard let text else { return .emptied }
        if let reopenedBody, !problems.isEmpty, stripHeader(text).body == reopenedBody {
            return .unchangedWithErrors(problems)
        }
        let document: JSONValue
        do { document = try DocumentReader.read(text) } catch {
            if error.kind == .empty { return .emptied }
            return invalid([EditProblem(error)], text: text)
        }
        var pod: Pod
        do { pod = try Pod(userDocument: document) } catch {
            return invalid([EditProblem(message: error.description)], text: text)
        }
        pod.resourceVersion = nil
        switch kind {
        case .create(let namespace):
            if pod.namespace == nil { Self.fillNamespace(&pod, namespace) }
            if pod.json == template { return .unchanged }
        case .edit, .rollback:
            guard let key, let base else { return .emptied }
            if let refusal = Self.identityChange(pod, key: key) { return .identityChanged(refusal) }
            if pod.namespace == nil { Self.fillNamespace(&pod, key.namespace) }
            if pod.json == base.pod.json { return .unchanged }
        }
        let errors = PodValidator.validate(pod)
        if !errors.isEmpty { return invalid(errors.map(EditProblem.init), text: text) }
        if base?.encoding == .protobuf {
            // Stored as protobuf: what the schema cannot carry is reported here, in the file,
            // rather than by a failed save.
            do { _ = try PodStorageCodec.encode(pod, as: .protobuf, original: nil) } catch {
                return invalid([EditProblem(message: "cannot be stored as Kubernetes protobuf: \(error.description)")], text: text)
            }
        }
        if case .create = kind, let name = pod.name, let namespace = pod.namespace {
            key = PodKey(namespace: namespace, name: name)
        }
        problems = []
        lastInvalidText = nil
        reopenedBody = nil
        return .ready(pod, diff: diff(to: pod))
    }

    private mutating func invalid(_ found: [EditProblem], text: String?) -> ReadBack {
        problems = found
        if let text { lastInvalidText = text }
        return .invalid(found)
    }

    /// Puts `metadata.namespace` back (right after `metadata.name`), as the apiserver fills it
    /// from the request.
    static func fillNamespace(_ pod: inout Pod, _ namespace: String) {
        guard case .object(var root) = pod.json else { return }
        var metadata = root["metadata"]?.objectValue ?? [:]
        let position = metadata.index(forKey: "name").map { $0 + 1 } ?? 0
        metadata.updateValue(.string(namespace), forKey: "namespace", insertingAt: position)
        root["metadata"] = .object(metadata)
        pod.json = .object(root)
    }

    /// Why `pod` is not the pod at `key` any more, or nil when it still is.
    static func identityChange(_ pod: Pod, key: PodKey) -> String? {
        switch pod.name {
        case nil:
            return "metadata.name was removed (it was \"\(key.name)\"); that would be a different pod, so nothing is written"
        case let name? where name != key.name:
            return "metadata.name was changed from \"\(key.name)\" to \"\(name)\"; that would be a different pod, so nothing is written (create it with `poddeck apply`)"
        default:
            break
        }
        if let namespace = pod.namespace, namespace != key.namespace {
            return "metadata.namespace was changed from \"\(key.namespace)\" to \"\(namespace)\"; that would be a different pod, so nothing is written"
        }
        return nil
    }

    /// The diff of what a save writes, in the file's format, without `resourceVersion`.
    public func diff(to pod: Pod) -> String {
        let label = key.map { "pod \($0)" } ?? "pod"
        guard let base else {
            return TextDiff.unified(old: "", new: format.render(pod.json), oldLabel: "(no pod)", newLabel: "\(label) (new)")
        }
        return TextDiff.unified(old: format.render(base.pod.json), new: format.render(pod.json),
                                oldLabel: "\(label) (revision \(base.modRevision))", newLabel: "\(label) (edited)")
    }

    // MARK: Reopening

    /// Rewrites the file with one `# ERROR:` line per problem above the standard header and the
    /// operator's own text, which is kept exactly as they left it. Line numbers in the problems
    /// are moved to point at the same text in the rewritten file.
    ///
    /// When the file was emptied or removed, the last invalid text is put back.
    public mutating func reopenWithErrors(_ found: [EditProblem]) throws(EditError) {
        var text: String
        do { text = try file.read() ?? "" } catch { throw .file(error) }
        if DocumentReaderProbe.isEmpty(text), let saved = lastInvalidText {
            text = saved
        }
        let (body, stripped) = stripHeader(text)
        let intro = EditHeader.intro(kind: kind, key: key, baseRevision: baseRevision, encoding: base?.encoding)
        let errorCount = EditHeader.errors(found).count
        let shift = errorCount + intro.count - stripped
        let moved = found.map { $0.shifted(by: shift) }
        let newHeader = Self.lines(EditHeader.errors(moved) + intro)
        do { try file.write(newHeader + body) } catch { throw .file(error) }
        header = newHeader
        problems = moved
        reopenedBody = body
    }

    /// Splits the text into the header PodDeck wrote (or, when the operator changed it, every
    /// leading `#` line) and the operator's text; returns the text and how many lines went.
    func stripHeader(_ text: String) -> (body: String, lines: Int) {
        if !header.isEmpty && text.hasPrefix(header) {
            return (String(text.dropFirst(header.count)), header.reduce(0) { $1 == "\n" ? $0 + 1 : $0 })
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var count = 0
        while count < lines.count - 1, lines[count].drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("#") {
            count += 1
        }
        lines.removeFirst(count)
        return (lines.joined(separator: "\n"), count)
    }
}

/// Tells an empty document (only blanks and comments) apart from a broken one.
enum DocumentReaderProbe {
    static func isEmpty(_ text: String) -> Bool {
        do { _ = try DocumentReader.read(text) } catch { return error.kind == .empty }
        return false
    }
}
