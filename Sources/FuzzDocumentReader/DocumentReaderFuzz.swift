import FuzzSupport
import PodModel

/// Fuzzes ``DocumentReader/read(_:)``, which reads the text an operator saves from `$EDITOR`.
///
/// Any text reads as an object or throws a ``DocumentError`` (never traps or hangs). What
/// reads as an object, rendered again the way the editor shows it (YAML) or as indented JSON,
/// reads back as the same object: saving an edit unchanged changes nothing.
enum DocumentReaderFuzz {
    /// Tests one input, read as UTF-8 text (invalid sequences become U+FFFD).
    static func test(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let value: JSONValue
        do {
            value = try DocumentReader.read(text)
        } catch {
            FuzzCheck.require(!error.message.isEmpty, "empty error message for \(FuzzCheck.quoted(text))")
            FuzzCheck.require((error.line ?? 1) >= 1 && (error.column ?? 1) >= 0,
                              "error position \(error) for \(FuzzCheck.quoted(text))")
            return
        }
        FuzzCheck.require(value.objectValue != nil, "\(FuzzCheck.quoted(text)) read as a \(value.typeName)")
        for (form, written) in [("YAML", PodYAML.render(value)), ("JSON", JSONWriter.pretty(value))] {
            do {
                let again = try DocumentReader.read(written)
                FuzzCheck.require(
                    again == value,
                    "\(FuzzCheck.quoted(text)) reads as \(value), but its \(form) form \(FuzzCheck.quoted(written)) reads as \(again)"
                )
            } catch {
                FuzzCheck.fail("\(FuzzCheck.quoted(text)) reads as \(value), but its \(form) form \(FuzzCheck.quoted(written)) is refused: \(error)")
            }
        }
        if let pod = try? Pod(userDocument: value) {
            _ = PodValidator.validate(pod)
        }
    }
}
