/// The apiserver's protobuf storage envelope: `k8s\0` + a `runtime.Unknown` whose `typeMeta`
/// names the object and whose `raw` is the object's own message.
public struct StorageEnvelope: Sendable, Hashable {
    /// `typeMeta.apiVersion` (`v1`).
    public var apiVersion: String
    /// `typeMeta.kind` (`Pod`).
    public var kind: String
    /// The object's message bytes.
    public var raw: [UInt8]
    /// `contentEncoding` (empty as the apiserver stores objects).
    public var contentEncoding: String
    /// `contentType` (empty as the apiserver stores objects).
    public var contentType: String

    /// Creates an envelope.
    public init(apiVersion: String, kind: String, raw: [UInt8], contentEncoding: String = "", contentType: String = "") {
        self.apiVersion = apiVersion
        self.kind = kind
        self.raw = raw
        self.contentEncoding = contentEncoding
        self.contentType = contentType
    }

    /// Parses a stored value; the error says what is wrong.
    public init(parsing bytes: [UInt8]) throws(ProtobufError) {
        guard bytes.starts(with: StoredValueFormat.protobufMagic) else {
            throw .invalidValue(path: "", reason: "not the Kubernetes protobuf envelope (no k8s\\0 prefix)")
        }
        var apiVersion = "", kind = "", contentEncoding = "", contentType = ""
        var raw: [UInt8]? = nil
        let result: Result<Void, ProtobufError> = bytes.withUnsafeBufferPointer { buffer in
            let reader = WireReader(bytes: buffer)
            do throws(ProtobufError) {
                for field in try reader.fields(in: 4..<buffer.count, path: "envelope") {
                    func text() throws(ProtobufError) -> String {
                        guard field.wireType == 2 else { throw .wrongWireType(path: "envelope field \(field.number)", wireType: field.wireType, expected: 2) }
                        return String(decoding: buffer[field.payload], as: UTF8.self)
                    }
                    switch field.number {
                    case 1:
                        guard field.wireType == 2 else { throw .wrongWireType(path: "envelope.typeMeta", wireType: field.wireType, expected: 2) }
                        for meta in try reader.fields(in: field.payload, path: "envelope.typeMeta") where meta.wireType == 2 {
                            let value = String(decoding: buffer[meta.payload], as: UTF8.self)
                            if meta.number == 1 { apiVersion = value } else if meta.number == 2 { kind = value }
                        }
                    case 2:
                        guard field.wireType == 2 else { throw .wrongWireType(path: "envelope.raw", wireType: field.wireType, expected: 2) }
                        raw = Array(buffer[field.payload])
                    case 3: contentEncoding = try text()
                    case 4: contentType = try text()
                    default: continue
                    }
                }
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try result.get()
        guard let raw else { throw .invalidValue(path: "envelope", reason: "the envelope has no raw object (field 2)") }
        self.init(apiVersion: apiVersion, kind: kind, raw: raw, contentEncoding: contentEncoding, contentType: contentType)
    }

    /// The stored bytes: magic, then the envelope with typeMeta, raw, contentEncoding and
    /// contentType, in the order the apiserver writes them.
    public func serialized() -> [UInt8] {
        var meta = WireWriter()
        meta.lengthDelimited(1, Array(apiVersion.utf8))
        meta.lengthDelimited(2, Array(kind.utf8))
        var w = WireWriter()
        w.bytes = StoredValueFormat.protobufMagic
        w.bytes.reserveCapacity(raw.count + 64)
        w.lengthDelimited(1, meta.bytes)
        w.lengthDelimited(2, raw)
        w.lengthDelimited(3, Array(contentEncoding.utf8))
        w.lengthDelimited(4, Array(contentType.utf8))
        return w.bytes
    }
}
