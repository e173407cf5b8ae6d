/// A label selector that could not be parsed: the selector and what is wrong with it.
public struct SelectorError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What is wrong, naming the selector and the part at fault.
    public var description: String
    init(_ d: String) { description = d }
}
