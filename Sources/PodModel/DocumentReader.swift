/// Reads a pod document typed or edited by a person, in JSON or YAML.
public enum DocumentReader {
    /// Reads `text` into an object.
    ///
    /// Lines whose first non-blank character is `#` are comments (the editor's header) and are
    /// ignored; they keep their line so reported positions match the text. The first significant
    /// character decides the format: `{` means JSON, anything else YAML. Text with no content is
    /// ``DocumentError/empty``; a document that is not an object is rejected with
    /// ``DocumentError/Kind-swift.enum/notAnObject``.
    public static func read(_ text: String) throws(DocumentError) -> JSONValue {
        var body = Substring(text)
        if body.unicodeScalars.first == "\u{FEFF}" {
            body = Substring(body.unicodeScalars.dropFirst())
        }
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        var firstSignificant: Character?
        for (number, line) in lines.enumerated() {
            let trimmed = line.drop(while: { $0 == " " || $0 == "\t" || $0 == "\r" })
            if trimmed.first == "#" {
                lines[number] = ""
            } else if firstSignificant == nil, let first = trimmed.first {
                firstSignificant = first
            }
        }
        guard let firstSignificant else { throw DocumentError.empty }
        let value: JSONValue
        if firstSignificant == "{" {
            let json = lines.joined(separator: "\n")
            do {
                value = try JSONParser.parse(json)
            } catch {
                throw DocumentError(error)
            }
        } else {
            // YAML handles its own comments, including `#` lines inside block scalars.
            value = try PodYAML.parse(String(body))
        }
        guard case .object = value else {
            throw DocumentError(
                kind: .notAnObject, line: 1, column: 1,
                message: "expected an object (a pod), found \(value.typeName == "array" ? "an" : "a") \(value.typeName)"
            )
        }
        return value
    }
}
