import PodModel

/// Pods as stored in etcd, in either encoding: the store's one entry point for reading a value
/// into a ``Pod`` and writing a ``Pod`` back in the encoding it was read in.
public enum PodStorageCodec {
    /// Decodes a stored value read at `resourceVersion` (its `mod_revision`).
    public static func decode(_ bytes: [UInt8], resourceVersion: Int64?) -> Result<DecodedPod, PodStorageError> {
        switch StoredValueFormat.detect(bytes) {
        case .protobuf:
            let object: DecodedObject
            do { object = try KubeObjectCodec.shared.decode(bytes) } catch {
                return .failure(.stored(error))
            }
            guard object.envelope?.kind == "Pod" else {
                return .failure(.pod(.notAPod(kind: object.envelope?.kind ?? "")))
            }
            do {
                var pod = try Pod(json: object.json)
                pod.resourceVersion = resourceVersion
                return .success(DecodedPod(pod: pod, encoding: .protobuf))
            } catch {
                return .failure(.pod(error))
            }
        case .encrypted(let provider, let key):
            return .failure(.stored(.encrypted(provider: provider, key: key)))
        case .json, .unrecognized:
            switch Pod.decode(bytes, resourceVersion: resourceVersion) {
            case .success(let pod): return .success(DecodedPod(pod: pod, encoding: .json))
            case .failure(let error): return .failure(.pod(error))
            }
        }
    }

    /// The bytes to store for `pod` in `encoding`.
    ///
    /// JSON: ``Pod/storageBytes()`` (the original bytes when unchanged). Protobuf: the changed
    /// fields of `original` (the stored value the edit started from) re-encoded, everything else
    /// kept byte for byte — unknown fields included; `original` itself when nothing changed.
    public static func encode(_ pod: Pod, as encoding: StorageEncoding, original: [UInt8]?) throws(ProtobufError) -> [UInt8] {
        switch encoding {
        case .json:
            return pod.storageBytes()
        case .protobuf:
            var json = pod.json
            if json["kind"] == nil || json["apiVersion"] == nil, case .object(var members) = json {
                members.removeValue(forKey: "kind")
                members.removeValue(forKey: "apiVersion")
                var typed: JSONValue = .object(["kind": .string("Pod"), "apiVersion": .string("v1")])
                for (k, v) in members { typed.set(v, at: [k]) }
                json = typed
            }
            let protobufOriginal = original.flatMap { StoredValueFormat.detect($0) == .protobuf ? $0 : nil }
            return try KubeObjectCodec.shared.encode(json, as: .protobuf, original: protobufOriginal)
        }
    }
}

/// A pod decoded from a stored value, with the encoding it was stored in.
public struct DecodedPod: Sendable {
    /// The pod (`resourceVersion` set by the caller's revision).
    public var pod: Pod
    /// How it was stored.
    public var encoding: StorageEncoding
}

/// Why a stored value is not a readable pod.
public enum PodStorageError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The value is not a usable pod document (JSON problems, wrong kind).
    case pod(PodDecodeError)
    /// The value is encrypted, unrecognised, or malformed protobuf.
    case stored(StoredValueError)

    /// Provider and key when the value is encrypted at rest.
    public var encryption: (provider: String, key: String)? {
        if case .stored(.encrypted(let provider, let key)) = self { return (provider, key) }
        return nil
    }

    /// One line.
    public var description: String {
        switch self {
        case .pod(let error): error.description
        case .stored(let error): error.description
        }
    }
}
