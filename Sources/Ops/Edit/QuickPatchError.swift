/// A quick patch that cannot be parsed.
public struct QuickPatchError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text given.
    public var text: String
    /// What is wrong.
    public var problem: String

    /// Creates an error.
    public init(_ text: String, _ problem: String) {
        self.text = text
        self.problem = problem
    }

    /// `"label x": expected KEY=VALUE to set or KEY- to remove`.
    public var description: String { "\"\(text)\": \(problem)" }
}
