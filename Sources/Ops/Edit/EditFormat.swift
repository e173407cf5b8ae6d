import PodModel

/// The format of an edit file.
public enum EditFormat: String, Sendable, CaseIterable {
    /// YAML, as `kubectl -o yaml` prints it (the default).
    case yaml
    /// Pretty-printed JSON.
    case json

    /// The file name extension.
    public var fileExtension: String { rawValue }

    /// Renders a document in this format, ending with a line break.
    public func render(_ document: JSONValue) -> String {
        switch self {
        case .yaml: return PodYAML.render(document)
        case .json: return JSONWriter.pretty(document) + "\n"
        }
    }
}
