import KubeStorage
import PodModel
import Testing

/// Hostile protobuf is unreadable with a reason, never a crash.
@Suite("hostile protobuf")
struct HostileInputTests {
    let codec = KubeObjectCodec.shared

    func envelope(_ raw: [UInt8], kind: String = "Pod") -> [UInt8] {
        StorageEnvelope(apiVersion: "v1", kind: kind, raw: raw).serialized()
    }

    func reason(_ bytes: [UInt8]) -> String? {
        do {
            _ = try codec.decode(bytes)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func truncatedValues() throws {
        let pod = try codec.encode(try JSONParser.parse(#"{"kind":"Pod","apiVersion":"v1","metadata":{"name":"a","namespace":"b"},"spec":{"containers":[{"name":"c","image":"i"}]}}"#), as: .protobuf)
        // (The last four bytes are the envelope's two empty trailing fields.)
        for cut in 5..<(pod.count - 4) {
            let text = reason(Array(pod.prefix(cut)))
            #expect(text != nil, "cut at \(cut) decoded")
        }
        #expect(reason(Array(pod.prefix(pod.count - 3)))?.contains("byte") == true)
    }

    @Test func wrongWireTypes() {
        // metadata (field 1) as a varint.
        #expect(reason(envelope([0x08, 0x01]))?.contains("metadata has wire type 0, expected 2") == true)
        // metadata.name (field 1 of ObjectMeta) as fixed32.
        #expect(reason(envelope([0x0A, 0x05, 0x0D, 0x01, 0x02, 0x03, 0x04]))?.contains("metadata.name") == true)
        // Groups are not allowed.
        #expect(reason(envelope([0x0B]))?.contains("wire type 3") == true)
        // Field number 0.
        #expect(reason(envelope([0x00, 0x01])) != nil)
    }

    @Test func hugeLengths() {
        // spec with a length of 2^62.
        #expect(reason(envelope([0x12, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40]))?.contains("runs past the end") == true)
        // A varint of eleven bytes.
        #expect(reason(envelope([0x10] + Array(repeating: 0xFF, count: 10) + [0x01]))?.contains("malformed varint") == true)
        // The envelope's own raw field claims more than there is.
        #expect(reason(StoredValueFormat.protobufMagic + [0x12, 0xFF, 0xFF, 0x03]) != nil)
    }

    @Test func deepNesting() {
        // metadata.managedFields[0].fields (Fields{map<string, Fields>}) nested 5,000 deep.
        var fields: [UInt8] = []
        for _ in 0..<5000 {
            var entry: [UInt8] = [0x0A, 0x01, 0x61]  // key "a"
            entry += [0x12] + varint(fields.count) + fields
            fields = [0x0A] + varint(entry.count) + entry
        }
        let managed = [0x2A] + varint(fields.count) + fields
        let metadata = [0x8A, 0x01] + varint(managed.count) + managed
        let raw = [0x0A] + varint(metadata.count) + metadata
        let text = reason(envelope(raw))
        #expect(text?.contains("nested deeper than") == true, "\(text ?? "decoded")")
    }

    @Test func otherKindsAndForms() {
        #expect(reason(envelope([], kind: "Deployment"))?.contains("Deployment") == true)
        #expect(reason(StoredValueFormat.protobufMagic + [0x0A, 0x00]) == "Kubernetes protobuf: envelope: the envelope has no raw object (field 2)")
        #expect(reason(Array("k8s:enc:aescbc:v1:key1:\u{1}\u{2}garbage".utf8)) == "encrypted at rest (provider aescbc, key key1): PodDeck cannot decrypt it and never rewrites it")
        #expect(StoredValueFormat.detect(Array("k8s:enc:kms:v1:vault-key:xyz".utf8)) == .encrypted(provider: "kms", key: "vault-key"))
        #expect(StoredValueFormat.detect(Array("k8s:enc:secretbox:v1:k2:".utf8)) == .encrypted(provider: "secretbox", key: "k2"))
        #expect(StoredValueFormat.detect([0xFF, 0x00]).description.contains("first byte 0xff"))
        #expect(StoredValueFormat.detect(Array("  {\"a\":1}".utf8)) == .json)
        #expect(StoredValueFormat.detect([]) == .unrecognized(reason: "empty value"))
    }

    @Test func podStorageCodecNamesEveryState() {
        let encrypted = PodStorageCodec.decode(Array("k8s:enc:aesgcm:v1:k1:....".utf8), resourceVersion: 3)
        guard case .failure(let error) = encrypted else { Issue.record("decoded"); return }
        #expect(error.encryption?.provider == "aesgcm")
        #expect(error.encryption?.key == "k1")
        guard case .failure(let service) = PodStorageCodec.decode(envelope([], kind: "Service"), resourceVersion: 3) else {
            Issue.record("decoded"); return
        }
        #expect(service.description == "not a Pod (kind \"Service\")")
    }

    func varint(_ value: Int) -> [UInt8] {
        var v = UInt64(value)
        var out: [UInt8] = []
        while v >= 0x80 { out.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
        out.append(UInt8(v))
        return out
    }
}
