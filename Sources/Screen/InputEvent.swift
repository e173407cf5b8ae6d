/// Something the terminal reported: a key, a mouse event or a new size.
public enum InputEvent: Hashable, Sendable {
    /// A key press.
    case key(Key)
    /// A mouse event (only when mouse reporting is on).
    case mouse(MouseEvent)
    /// The terminal now has this size; the next draw is a full repaint.
    case resize(Size)
}
