import Collections

/// A v1 Pod held as a lossless JSON document.
///
/// ``json`` is the whole document as stored, minus `metadata.resourceVersion`, which is kept in
/// ``resourceVersion`` because it is etcd's `mod_revision` of the key, not part of the stored
/// value. Unknown fields, member order and number literals survive edits, and a pod that is
/// decoded and written back unchanged produces the original bytes (``storageBytes()``).
///
/// Two pods are equal when their documents and resource versions are equal; the formatting of
/// the bytes they were decoded from does not take part.
public struct Pod: Sendable, Hashable {
    /// The document, without `metadata.resourceVersion`.
    public var json: JSONValue
    /// The etcd revision the document was read at (`mod_revision`), when known.
    public var resourceVersion: Int64?
    /// The bytes this pod was decoded from and the tree they decoded to.
    private var stored: StoredForm?

    private struct StoredForm: Sendable {
        let bytes: [UInt8]
        let tree: JSONValue
    }

    /// Creates a pod from a JSON object.
    ///
    /// A `metadata.resourceVersion` in the object is moved out of the tree into
    /// ``resourceVersion`` (when it is an integer, as a number or a string).
    public init(json: JSONValue) throws(PodDecodeError) {
        guard case .object = json else { throw .notAnObject }
        self.json = json
        switch Self.extractResourceVersion(from: &self.json) {
        case .string(let text)?, .number(let text)?:
            resourceVersion = Int64(text)
        default:
            resourceVersion = nil
        }
    }

    /// Creates a pod from a document a person supplied (an edit, `apply`, `create`).
    ///
    /// The object's `kind`, when present, must be `Pod`. `metadata.resourceVersion` (a string
    /// like Kubernetes writes it, or a number) is removed from the tree and becomes
    /// ``resourceVersion``; an empty string means "no version".
    public init(userDocument: JSONValue) throws(PodDecodeError) {
        guard case .object = userDocument else { throw .notAnObject }
        try Self.checkKind(userDocument)
        json = userDocument
        switch Self.extractResourceVersion(from: &json) {
        case nil, .null?, .string("")?:
            resourceVersion = nil
        case .string(let text)?, .number(let text)?:
            guard let version = Int64(text), version >= 0 else { throw .invalidResourceVersion(text) }
            resourceVersion = version
        case let other?:
            throw .invalidResourceVersion(other.description)
        }
    }

    /// Decodes a value read from etcd.
    ///
    /// Kind and apiVersion may be missing; a `kind` other than `Pod` is rejected. A
    /// `metadata.resourceVersion` found in the stored bytes is dropped (the caller sets
    /// ``resourceVersion`` from the key's `mod_revision`), so such a pod is re-encoded on write.
    public static func decode(_ bytes: [UInt8]) -> Result<Pod, PodDecodeError> {
        decode(bytes, resourceVersion: nil)
    }

    /// Decodes a value read from etcd at the given `mod_revision`.
    public static func decode(_ bytes: [UInt8], resourceVersion: Int64?) -> Result<Pod, PodDecodeError> {
        do throws(PodDecodeError) {
            return .success(try decodeThrowing(bytes, resourceVersion: resourceVersion))
        } catch {
            return .failure(error)
        }
    }

    private static func decodeThrowing(_ bytes: [UInt8], resourceVersion: Int64?) throws(PodDecodeError) -> Pod {
        guard bytes.contains(where: { !isJSONWhitespace($0) }) else { throw .empty }
        if bytes.starts(with: [0x6B, 0x38, 0x73, 0x00]) {
            throw .kubernetesProtobuf
        }
        guard bytes.withUnsafeBufferPointer(UTF8Validation.isTextWithoutNUL) else { throw .binary }
        let tree: JSONValue
        do {
            tree = try JSONParser.parse(bytes)
        } catch {
            throw .malformedJSON(error)
        }
        guard case .object = tree else { throw .notAnObject }
        try checkKind(tree)
        var pod = try Pod(json: tree)
        pod.resourceVersion = resourceVersion
        // Bytes that carried a resourceVersion are never written back as they were.
        if pod.json == tree {
            pod.stored = StoredForm(bytes: bytes, tree: tree)
        }
        return pod
    }

    /// The bytes to store in etcd: the original bytes when ``json`` is unchanged since
    /// ``decode(_:)``, otherwise Go-compatible compact JSON. Never contains a resourceVersion.
    public func storageBytes() -> [UInt8] {
        if let stored, stored.tree == json {
            return stored.bytes
        }
        var document = json
        Self.extractResourceVersion(from: &document)
        return JSONWriter.compact(document)
    }

    /// The document as a person sees it: with `metadata.resourceVersion` as a string, placed
    /// right after `metadata.uid` (or after `namespace`/`name`), when the version is known.
    public func presented() -> JSONValue {
        guard let resourceVersion, case .object(var root) = json else { return json }
        let version = JSONValue.string(String(resourceVersion))
        if case .object(var metadata)? = root["metadata"] {
            metadata.removeValue(forKey: "resourceVersion")
            let anchor = metadata.index(forKey: "uid")
                ?? [metadata.index(forKey: "namespace"), metadata.index(forKey: "name")].compactMap { $0 }.max()
            metadata.updateValue(version, forKey: "resourceVersion", insertingAt: anchor.map { $0 + 1 } ?? 0)
            root["metadata"] = .object(metadata)
        } else {
            root.removeValue(forKey: "metadata")
            let anchor = [root.index(forKey: "apiVersion"), root.index(forKey: "kind")].compactMap { $0 }.max()
            root.updateValue(
                .object(["resourceVersion": version]), forKey: "metadata", insertingAt: anchor.map { $0 + 1 } ?? 0
            )
        }
        return .object(root)
    }

    /// Two pods are equal when their documents and resource versions are equal.
    public static func == (lhs: Pod, rhs: Pod) -> Bool {
        lhs.resourceVersion == rhs.resourceVersion && lhs.json == rhs.json
    }

    /// Hashes the document and the resource version.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(json)
        hasher.combine(resourceVersion)
    }

    // MARK: Helpers

    private static func isJSONWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    private static func checkKind(_ document: JSONValue) throws(PodDecodeError) {
        guard let kind = document["kind"] else { return }
        switch kind {
        case .string("Pod"):
            return
        case .string(let other):
            throw .notAPod(kind: other)
        default:
            throw .notAPod(kind: kind.description)
        }
    }

    /// Removes `metadata.resourceVersion` and returns what it was.
    @discardableResult
    private static func extractResourceVersion(from document: inout JSONValue) -> JSONValue? {
        guard let value = document[["metadata", "resourceVersion"]] else { return nil }
        document.set(nil, at: ["metadata", "resourceVersion"])
        return value
    }
}
