import KubeStorage
import Ops
import PodModel

/// `poddeck encode [FILE|-] [--encoding protobuf|json]`: turns a core/v1 object in JSON or YAML
/// (with `kind` and `apiVersion`) into the bytes an apiserver stores in etcd. The reverse of
/// ``DecodeRunner``; `metadata.resourceVersion` is dropped, as the apiserver stores it empty.
public enum EncodeRunner {
    /// Encodes the document in `text` (read from `source`).
    public static func run(text: String, source: String, encoding: StorageEncoding, console: Console) throws(CommandFailure) {
        let document: JSONValue
        do { document = try DocumentReader.read(text) } catch {
            throw CommandFailure(.invalid, "\(source): \(error.description)")
        }
        guard document["kind"]?.stringValue != nil, document["apiVersion"]?.stringValue != nil else {
            throw CommandFailure(.invalid, "\(source): kind and apiVersion are required (e.g. kind: Pod, apiVersion: v1)")
        }
        if encoding == .protobuf && console.stdoutIsTTY {
            throw CommandFailure(.usage, "encode writes binary data; redirect it to a file or a pipe (| poddeck decode, | etcdctl put KEY)")
        }
        do {
            console.writeRaw(try KubeObjectCodec.shared.encode(document, as: encoding))
        } catch {
            throw CommandFailure(.invalid, "\(source): \(error.description)")
        }
    }
}
