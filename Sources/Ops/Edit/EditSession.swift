import Foundation
import PodModel

/// One edit of one pod, driven a step at a time: write the file, let the operator edit it,
/// read it back, save it on the revision it started from, and resolve a conflict.
///
/// The session does the file and store work; what to do next is decided by ``EditFlow``, which
/// both the dashboard and the headless `poddeck edit` drive (``perform(_:)`` carries out the
/// flow's actions on the session). The session is a value: every step that changes it is
/// `mutating`, so a runtime can carry it through an `await` and hand the updated copy back with
/// the step's result.
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

    /// Where saves go (the store).
    var writes: any PodWrites
    /// The comment block PodDeck last wrote at the top of the file.
    var header: String
    /// For a create: the template, to tell "saved unchanged" apart.
    var template: JSONValue?
    /// The last text that was invalid, to give back if the operator then empties the file.
    public internal(set) var lastInvalidText: String?
    /// The operator's text as the last reopen with errors wrote it (below the header), to tell
    /// a file closed unchanged apart from a new attempt.
    var reopenedBody: String?

    /// The edit file's path.
    public var filePath: String { file.path }
    /// The revision the save compares against (nil for a create).
    public var baseRevision: Int64? { base?.modRevision }

    init(store: PodStore, kind: Kind, format: EditFormat, key: PodKey?, base: PodRecord?, file: EditFile,
         header: String, template: JSONValue?, readonly: Bool) {
        self.store = store
        self.writes = store
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
        let header = lines(EditHeader.intro(kind: .edit, key: key, baseRevision: record.modRevision, encoding: record.encoding))
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
            case .notWritable(_, let reason): throw .unreadable(key, reason)
            }
        }
        guard let record else { throw .notFound(key) }
        return record
    }

    static func lines(_ lines: [String]) -> String {
        lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
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
