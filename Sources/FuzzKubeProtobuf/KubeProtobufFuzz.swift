import FuzzSupport
import KubeStorage
import PodModel

/// Fuzzes the Kubernetes protobuf storage codec: ``StoredValueFormat``, ``StorageEnvelope``,
/// ``KubeJSONDecoder`` and ``KubeProtobufEncoder``.
///
/// Each input is tried twice: as a stored value (as it is) and as the raw message of a Pod
/// inside a well-formed envelope (so that the fuzzer's mutations reach the Pod decoder).
/// Properties, beyond "never traps":
/// - a value that decodes, encoded again with itself as the original, is the input itself
///   (an unchanged object is never rewritten);
/// - its JSON encoded from scratch decodes to the same JSON (decode → encode → decode is the
///   identity), except that a time a nanosecond or so after Go's zero time (shown, as Go shows it,
///   as `0001-01-01T00:00:00Z`) comes back as Go's zero time, `null` — as in Go itself;
/// - a value that does not decode has a non-empty reason.
enum KubeProtobufFuzz {
    /// Tests one input.
    static func test(_ bytes: [UInt8]) {
        check(bytes)
        check(StorageEnvelope(apiVersion: "v1", kind: "Pod", raw: bytes).serialized())
    }

    static func check(_ stored: [UInt8]) {
        let codec = KubeObjectCodec.shared
        let object: DecodedObject
        do {
            object = try codec.decode(stored)
        } catch {
            FuzzCheck.require(!error.description.isEmpty, "empty error for \(FuzzCheck.quoted(stored))")
            return
        }
        guard object.encoding == .protobuf else { return }
        let again: [UInt8]
        do {
            again = try codec.encode(object.json, as: .protobuf, original: stored)
        } catch {
            FuzzCheck.fail("unchanged \(FuzzCheck.quoted(stored)) does not encode: \(error)")
        }
        FuzzCheck.require(again == stored, "unchanged \(FuzzCheck.quoted(stored)) is rewritten as \(FuzzCheck.quoted(again))")
        let fresh: [UInt8]
        do {
            fresh = try codec.encode(object.json, as: .protobuf, original: nil)
        } catch {
            // Only JSON the schema cannot carry may fail, and the decoder never produces it.
            FuzzCheck.fail("decoded JSON of \(FuzzCheck.quoted(stored)) does not encode from scratch: \(error)")
        }
        do {
            let round = try codec.decode(fresh)
            FuzzCheck.require(round.json == goZeroTimesAsNull(object.json),
                              "decode → encode → decode changed \(FuzzCheck.quoted(stored)): \(JSONWriter.pretty(object.json)) became \(JSONWriter.pretty(round.json))")
        } catch {
            FuzzCheck.fail("fresh encoding \(FuzzCheck.quoted(fresh)) of \(FuzzCheck.quoted(stored)) does not decode: \(error)")
        }
    }

    /// `json` with every `"0001-01-01T00:00:00Z"` replaced by `null`: how Go reads such a time
    /// back (its zero time, which it writes as `null`).
    static func goZeroTimesAsNull(_ json: JSONValue) -> JSONValue {
        switch json {
        case .string("0001-01-01T00:00:00Z"): return .null
        case .array(let items): return .array(items.map(goZeroTimesAsNull))
        case .object(var members):
            for key in members.keys { members[key] = goZeroTimesAsNull(members[key]!) }
            return .object(members)
        default: return json
        }
    }
}
