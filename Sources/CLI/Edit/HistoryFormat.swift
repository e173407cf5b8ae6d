/// Output formats of `history`.
public enum HistoryFormat: String, Sendable, CaseIterable {
    /// REVISION, VERSION, CHANGES columns.
    case table
    /// An array of `{revision, version, object, changedPaths}`.
    case json
    /// The same array as YAML.
    case yaml
}
