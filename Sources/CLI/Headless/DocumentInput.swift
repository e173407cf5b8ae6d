import Foundation
import Ops
import PodModel

/// Reads a pod document from a file or stdin (`-`) and turns every problem into a clear error.
public enum DocumentInput {
    /// Reads the text of `path` (`-` = stdin).
    public static func readText(_ path: String) throws(CommandFailure) -> String {
        if path == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            guard let text = String(data: data, encoding: .utf8) else {
                throw CommandFailure(.invalid, "stdin: not UTF-8 text")
            }
            return text
        }
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            guard let text = String(data: data, encoding: .utf8) else {
                throw CommandFailure(.invalid, "\(path): not UTF-8 text")
            }
            return text
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure(.runtime, "cannot read \(path): \((error as NSError).localizedDescription)")
        }
    }

    /// Parses `text` (JSON or YAML) into a pod; `source` names it in errors.
    public static func parsePod(_ text: String, source: String) throws(CommandFailure) -> Pod {
        let document: JSONValue
        do { document = try DocumentReader.read(text) } catch {
            throw CommandFailure(.invalid, "\(source): \(error.description)")
        }
        do { return try Pod(userDocument: document) } catch {
            throw CommandFailure(.invalid, "\(source): \(error.description)")
        }
    }

    /// Every validation error as `source: path: Type: detail` lines, or nil when valid.
    public static func validationFailure(_ pod: Pod, source: String) -> CommandFailure? {
        let errors = PodValidator.validate(pod)
        guard !errors.isEmpty else { return nil }
        let name = pod.name.map { "pod \"\($0)\"" } ?? "the pod"
        let lines = ["\(source): \(name) is invalid (\(errors.count) error\(errors.count == 1 ? "" : "s")):"]
            + errors.map { "  * \($0.description)" }
        return CommandFailure(.invalid, lines)
    }
}
