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
///   identity);
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
            FuzzCheck.require(round.json == object.json,
                              "decode → encode → decode changed \(FuzzCheck.quoted(stored)): \(JSONWriter.pretty(object.json)) became \(JSONWriter.pretty(round.json))")
        } catch {
            FuzzCheck.fail("fresh encoding \(FuzzCheck.quoted(fresh)) of \(FuzzCheck.quoted(stored)) does not decode: \(error)")
        }
    }
}
