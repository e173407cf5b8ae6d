/// A mouse event at a cell position.
public struct MouseEvent: Hashable, Sendable {
    /// A mouse button.
    public enum Button: Hashable, Sendable {
        /// The primary button.
        case left
        /// The middle button (or wheel press).
        case middle
        /// The secondary button.
        case right
    }

    /// What happened.
    public enum Kind: Hashable, Sendable {
        /// A button went down.
        case press(Button)
        /// A button went up.
        case release
        /// The wheel turned away from the user.
        case wheelUp
        /// The wheel turned towards the user.
        case wheelDown
    }

    /// Column, zero-based.
    public var x: Int
    /// Row, zero-based.
    public var y: Int
    /// What happened.
    public var kind: Kind

    /// Creates a mouse event.
    public init(x: Int, y: Int, kind: Kind) {
        self.x = x
        self.y = y
        self.kind = kind
    }
}
