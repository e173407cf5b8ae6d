/// An editor setting that cannot be split into words.
public struct EditorCommandError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The variable holding it (nil when splitting text directly).
    public var variable: String?
    /// Its value.
    public var value: String?
    /// What is wrong, e.g. `a single quote is not closed`.
    public var problem: String

    /// Creates an error.
    public init(variable: String? = nil, value: String? = nil, problem: String) {
        self.variable = variable
        self.value = value
        self.problem = problem
    }

    /// One line naming the variable and what to do.
    public var description: String {
        guard let variable else { return "cannot split the editor command: \(problem)" }
        return "$\(variable) (\(value ?? "")) cannot be split into words: \(problem); quote it as you would in a shell"
    }
}
