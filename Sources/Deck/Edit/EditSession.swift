import Etcd
import Foundation
import PodModel

/// One edit of one pod, driven a step at a time: write the file, let the operator edit it,
/// read it back, save it on the revision it started from, and resolve a conflict.
///
/// The dashboard keeps the session in its state and runs each step as an effect; the headless
/// `poddeck edit` composes the same steps in ``EditRunner``. The session is a value: every step
/// that changes it is `mutating`, so a runtime can carry it through an `await` and hand the
/// updated copy back with the step's result.
///
/// The operator's text is never lost: the file stays on disk (mode 0600) after every outcome
/// except a successful save followed by ``finish()``.
public struct EditSession: Sendable {
    /// What the edit does.
    public enum Kind: Sendable, Equatable {
        /// Changes an existing pod.
        case edit
        /// Creates a new pod in a namespace from a template.
        case create(namespace: String)
        /// Writes an older version of the pod over the current one.
        case rollback(toRevision: Int64)
    }

    /// The pod store.
    public let store: PodStore
    /// What the edit does (an edit again after a conflict is an `.edit`).
    public internal(set) var kind: Kind
    /// The file format.
    public let format: EditFormat
    /// The pod edited; for a create, set once the edited document names it.
    public internal(set) var key: PodKey?
    /// The pod as it was at the revision the edit is based on (nil for a create).
    public internal(set) var base: PodRecord?
    /// The edit file.
    public let file: EditFile
    /// Problems of the last read-back (shown at the top of the file on a reopen).
    public internal(set) var problems: [EditProblem] = []
    /// The pod the last save tried to write.
    public internal(set) var pending: Pod?
    /// The revision the edit landed at, once saved.
    public internal(set) var savedRevision: Int64?
    /// The last conflict reported by a save.
    public internal(set) var lastConflict: ConflictReport?
    /// Whether writes are refused.
    public let readonly: Bool
    /// How many times a clean merge is re-done when the pod keeps moving.
    public var maxMergeAttempts = 10

    /// The comment block PodDeck last wrote at the top of the file.
    var header: String
    /// For a create: the template, to tell "saved unchanged" apart.
    var template: JSONValue?
    /// The last text that was invalid, to give back if the operator then empties the file.
    public internal(set) var lastInvalidText: String?

    /// The edit file's path.
    public var filePath: String { file.path }
    /// The revision the save compares against (nil for a create).
    public var baseRevision: Int64? { base?.modRevision }

    init(store: PodStore, kind: Kind, format: EditFormat, key: PodKey?, base: PodRecord?, file: EditFile,
         header: String, template: JSONValue?, readonly: Bool) {
        self.store = store
        self.kind = kind
        self.format = format
        self.key = key
        self.base = base
        self.file = file
        self.header = header
        self.template = template
        self.readonly = readonly
    }

    // MARK: Starting

    /// Reads the pod, remembers its `mod_revision` as the base, and writes the edit file.
    public static func begin(store: PodStore, key: PodKey, format: EditFormat = .yaml, readonly: Bool = false,
                             environment: [String: String] = ProcessInfo.processInfo.environment,
                             now: Date = Date()) async throws(EditError) -> EditSession {
        if readonly { throw .readOnly }
        let record = try await read(store: store, key: key)
        let header = lines(EditHeader.intro(kind: .edit, key: key, baseRevision: record.modRevision))
        let text = header + format.render(record.pod.presented())
        let file: EditFile
        do {
            file = try EditFile.create(namespace: key.namespace, name: key.name, format: format, text: text,
                                       environment: environment, now: now)
        } catch { throw .file(error) }
        return EditSession(store: store, kind: .edit, format: format, key: key, base: record, file: file,
                           header: header, template: nil, readonly: readonly)
    }

    /// Starts creating a pod in `namespace` from ``PodTemplate``.
    public static func create(store: PodStore, namespace: String, format: EditFormat = .yaml, readonly: Bool = false,
                              environment: [String: String] = ProcessInfo.processInfo.environment,
                              now: Date = Date()) throws(EditError) -> EditSession {
        if readonly { throw .readOnly }
        let template = PodTemplate.pod(namespace: namespace)
        let kind = Kind.create(namespace: namespace)
        let header = lines(EditHeader.intro(kind: kind, key: nil, baseRevision: nil))
        let file: EditFile
        do {
            file = try EditFile.create(namespace: namespace, name: PodTemplate.name, format: format,
                                       text: header + format.render(template), environment: environment, now: now)
        } catch { throw .file(error) }
        return EditSession(store: store, kind: kind, format: format, key: nil, base: nil, file: file,
                           header: header, template: template, readonly: readonly)
    }

    /// Starts an edit whose content is an older version of the pod (from ``PodHistory``); the
    /// save writes it over the current version with the same compare-and-swap and merge rules.
    public static func rollback(store: PodStore, key: PodKey, to version: PodVersion, format: EditFormat = .yaml,
                                readonly: Bool = false,
                                environment: [String: String] = ProcessInfo.processInfo.environment,
                                now: Date = Date()) async throws(EditError) -> EditSession {
        if readonly { throw .readOnly }
        guard let old = version.pod else {
            throw .unusableVersion("revision \(version.revision) of pod \(key) cannot be restored: \(version.problem ?? "it is not a readable pod")")
        }
        let current = try await read(store: store, key: key)
        var content = old
        content.resourceVersion = current.modRevision
        let kind = Kind.rollback(toRevision: version.revision)
        let header = lines(EditHeader.intro(kind: kind, key: key, baseRevision: current.modRevision))
        let file: EditFile
        do {
            file = try EditFile.create(namespace: key.namespace, name: key.name, format: format,
                                       text: header + format.render(content.presented()), environment: environment, now: now)
        } catch { throw .file(error) }
        return EditSession(store: store, kind: kind, format: format, key: key, base: current, file: file,
                           header: header, template: nil, readonly: readonly)
    }

    private static func read(store: PodStore, key: PodKey) async throws(EditError) -> PodRecord {
        let record: PodRecord?
        do { record = try await store.get(key) } catch {
            switch error {
            case .etcd(let e): throw .etcd(e)
            case .unreadable(let entry): throw .unreadable(key, entry.reason)
            }
        }
        guard let record else { throw .notFound(key) }
        return record
    }

    static func lines(_ lines: [String]) -> String {
        lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    // MARK: Reading back

    /// Reads what the operator left in the file and says what it means.
    public mutating func readBack() -> ReadBack {
        let text: String?
        do { text = try file.read() } catch {
            return invalid([EditProblem(message: error.description)], text: nil)
        }
        guard let text else { return .emptied }
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
        if case .create = kind, let name = pod.name, let namespace = pod.namespace {
            key = PodKey(namespace: namespace, name: name)
        }
        problems = []
        lastInvalidText = nil
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
        let intro = EditHeader.intro(kind: kind, key: key, baseRevision: baseRevision)
        let errorCount = EditHeader.errors(found).count
        let shift = errorCount + intro.count - stripped
        let moved = found.map { $0.shifted(by: shift) }
        let newHeader = Self.lines(EditHeader.errors(moved) + intro)
        do { try file.write(newHeader + body) } catch { throw .file(error) }
        header = newHeader
        problems = moved
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

    // MARK: Finishing

    /// Removes the file after a successful save; otherwise keeps it and returns false.
    @discardableResult
    public func finish() -> Bool {
        guard savedRevision != nil else { return false }
        file.remove()
        return true
    }

    /// Removes the file whatever happened (the operator chose to throw the edit away).
    public func discard() {
        file.remove()
    }
}

/// Tells an empty document (only blanks and comments) apart from a broken one.
enum DocumentReaderProbe {
    static func isEmpty(_ text: String) -> Bool {
        do { _ = try DocumentReader.read(text) } catch { return error.kind == .empty }
        return false
    }
}
