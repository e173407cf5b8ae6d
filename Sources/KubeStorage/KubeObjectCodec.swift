import Collections
import PodModel

/// Decodes and encodes any core/v1 object (Pod, Service, ConfigMap, Secret, Node, Namespace,
/// Event, …) as etcd stores it: JSON, or the apiserver's protobuf envelope.
public struct KubeObjectCodec: Sendable {
    /// The schema.
    public let schema: KubeSchema
    private let decoder: KubeJSONDecoder
    private let encoder: KubeProtobufEncoder

    /// A codec over `schema`.
    public init(schema: KubeSchema = .shared) {
        self.schema = schema
        decoder = KubeJSONDecoder(schema: schema)
        encoder = KubeProtobufEncoder(schema: schema)
    }

    /// The shared codec.
    public static let shared = KubeObjectCodec()

    /// The protobuf message of a core/v1 `kind` (`Pod` → `k8s.io.api.core.v1.Pod`), when the
    /// schema has it as a top-level object (a message with `metadata`).
    public func messageName(apiVersion: String, kind: String) -> String? {
        guard apiVersion == "v1", !kind.isEmpty else { return nil }
        let name = "k8s.io.api.core.v1." + kind
        guard let message = schema.message(named: name), message.field(named: "metadata") != nil else { return nil }
        return name
    }

    /// Every core/v1 kind the schema can decode and encode.
    public var kinds: [String] {
        schema.messages.filter { $0.fullName.hasPrefix("k8s.io.api.core.v1.") && $0.fullName.split(separator: ".").count == 6
            && $0.field(named: "metadata") != nil && !$0.name.hasSuffix("List") }.map(\.name).sorted()
    }

    /// Decodes a stored value into the JSON the apiserver serves (with `kind` and `apiVersion`).
    public func decode(_ bytes: [UInt8]) throws(StoredValueError) -> DecodedObject {
        switch StoredValueFormat.detect(bytes) {
        case .json:
            do {
                let json = try JSONParser.parse(bytes)
                guard case .object = json else { throw StoredValueError.unrecognized(reason: "JSON value is not an object") }
                return DecodedObject(json: json, encoding: .json, envelope: nil)
            } catch let error as StoredValueError {
                throw error
            } catch {
                throw .unrecognized(reason: "malformed JSON: \(error)")
            }
        case .protobuf:
            let envelope: StorageEnvelope
            do { envelope = try StorageEnvelope(parsing: bytes) } catch { throw .protobuf(error) }
            guard let name = messageName(apiVersion: envelope.apiVersion, kind: envelope.kind) else {
                throw .unknownKind(apiVersion: envelope.apiVersion, kind: envelope.kind)
            }
            let body: JSONValue
            do { body = try decoder.decode(envelope.raw, as: name) } catch { throw .protobuf(error) }
            return DecodedObject(json: Self.withTypeMeta(body, envelope: envelope), encoding: .protobuf, envelope: envelope)
        case .encrypted(let provider, let key):
            throw .encrypted(provider: provider, key: key)
        case .unrecognized(let reason):
            throw .unrecognized(reason: reason)
        }
    }

    /// Encodes `json` (with `kind` and `apiVersion`) for storage.
    ///
    /// As protobuf, `original` (the stored value the object was read from) is the starting point:
    /// only changed fields are re-encoded and an unchanged object gives back `original` itself.
    /// `metadata.resourceVersion` is never stored.
    /// With `dropUnknownFields`, members the schema lacks are left out instead of refused.
    public func encode(_ json: JSONValue, as encoding: StorageEncoding, original: [UInt8]? = nil,
                       dropUnknownFields: Bool = false) throws(ProtobufError) -> [UInt8] {
        var body = json
        body.set(nil, at: ["metadata", "resourceVersion"])
        switch encoding {
        case .json:
            return JSONWriter.compact(body)
        case .protobuf:
            guard case .object(var members) = body else { throw .typeMismatch(path: "(root)", expected: "an object") }
            var envelope: StorageEnvelope?
            if let original { envelope = try StorageEnvelope(parsing: original) }
            let kind = members.removeValue(forKey: "kind")?.stringValue ?? envelope?.kind
            let apiVersion = members.removeValue(forKey: "apiVersion")?.stringValue ?? envelope?.apiVersion
            guard let kind, let apiVersion else {
                throw .invalidValue(path: "kind", reason: "kind and apiVersion are required to store an object as protobuf")
            }
            guard let name = messageName(apiVersion: apiVersion, kind: kind) else {
                throw .invalidValue(path: "kind", reason: "\(apiVersion) \(kind) is not a core/v1 kind of the protobuf schema")
            }
            let sameType = envelope.map { $0.kind == kind && $0.apiVersion == apiVersion } ?? false
            var encoder = self.encoder
            encoder.dropsUnknownFields = dropUnknownFields
            let raw = try encoder.encode(.object(members), as: name, original: sameType ? envelope?.raw : nil)
            if sameType, let original, let envelope, raw == envelope.raw { return original }
            return StorageEnvelope(apiVersion: apiVersion, kind: kind, raw: raw,
                                   contentEncoding: envelope?.contentEncoding ?? "",
                                   contentType: envelope?.contentType ?? "").serialized()
        }
    }

    /// `{"kind": …, "apiVersion": …}` followed by the message's fields, as the apiserver serves it.
    static func withTypeMeta(_ body: JSONValue, envelope: StorageEnvelope) -> JSONValue {
        var members = OrderedDictionary<String, JSONValue>()
        members["kind"] = .string(envelope.kind)
        members["apiVersion"] = .string(envelope.apiVersion)
        if case .object(let fields) = body {
            for (k, v) in fields { members[k] = v }
        }
        return .object(members)
    }
}

/// A decoded stored value.
public struct DecodedObject: Sendable {
    /// The object in the apiserver's JSON form.
    public var json: JSONValue
    /// How it was stored.
    public var encoding: StorageEncoding
    /// The protobuf envelope, for protobuf values.
    public var envelope: StorageEnvelope?
}

/// Why a stored value cannot be read.
public enum StoredValueError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Encrypted at rest by the apiserver.
    case encrypted(provider: String, key: String)
    /// Not JSON, protobuf or encrypted.
    case unrecognized(reason: String)
    /// A protobuf envelope that is malformed.
    case protobuf(ProtobufError)
    /// A protobuf object of a kind the schema does not have.
    case unknownKind(apiVersion: String, kind: String)

    /// One line.
    public var description: String {
        switch self {
        case .encrypted(let provider, let key):
            "encrypted at rest (provider \(provider)\(key.isEmpty ? "" : ", key \(key)")): PodDeck cannot decrypt it and never rewrites it"
        case .unrecognized(let reason):
            reason
        case .protobuf(let error):
            "Kubernetes protobuf: \(error)"
        case .unknownKind(let apiVersion, let kind):
            "Kubernetes protobuf of kind \(apiVersion.isEmpty ? "" : apiVersion + " ")\(kind.isEmpty ? "(none)" : kind), which the core/v1 schema does not have"
        }
    }
}
