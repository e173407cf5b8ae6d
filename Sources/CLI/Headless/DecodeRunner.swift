import Foundation
import KubeStorage
import Ops
import PodModel

/// `poddeck decode [FILE|-] [-o json|yaml]`: prints a stored core/v1 object (JSON, or the
/// apiserver's protobuf envelope: Pod, Service, ConfigMap, Secret, Node, Namespace, Event, …)
/// as the JSON or YAML the apiserver would serve.
public enum DecodeRunner {
    /// Decodes `bytes` read from `source`.
    public static func run(bytes: [UInt8], source: String, format: OutputFormat, console: Console) throws(CommandFailure) {
        guard format == .json || format == .yaml else {
            throw CommandFailure(.usage, "decode prints json or yaml (-o json|yaml)")
        }
        let object: DecodedObject
        do { object = try KubeObjectCodec.shared.decode(bytes) } catch {
            throw CommandFailure(.invalid, "\(source): \(Sanitize.line(error.description)) (\(bytes.count) bytes)")
        }
        switch format {
        case .yaml: console.write(PodYAML.render(object.json))
        default: console.write(JSONWriter.pretty(object.json) + "\n")
        }
    }

    /// Reads all of `path` (`-` = stdin) as bytes.
    public static func readBytes(_ path: String) throws(CommandFailure) -> [UInt8] {
        if path == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
        do { return Array(try Data(contentsOf: URL(fileURLWithPath: path))) } catch {
            throw CommandFailure(.runtime, "cannot read \(path): \((error as NSError).localizedDescription)")
        }
    }
}
