/// A key press, decoded by the backend.
///
/// Shifted letters arrive as upper-case `.char`; Ctrl-letters arrive as `.ctrl`
/// with the lower-case letter (`.ctrl("f")`), except Ctrl-I and Ctrl-M which
/// are `.tab` and `.enter`.
public enum Key: Hashable, Sendable, CustomStringConvertible {
    /// A printable character.
    case char(Character)
    /// Ctrl plus a lower-case letter `a`…`z`.
    case ctrl(Character)
    /// Return / Enter.
    case enter
    /// Escape.
    case escape
    /// Backspace.
    case backspace
    /// Tab.
    case tab
    /// Shift-Tab.
    case backTab
    /// Arrow up.
    case up
    /// Arrow down.
    case down
    /// Arrow left.
    case left
    /// Arrow right.
    case right
    /// Home.
    case home
    /// End.
    case end
    /// Page up.
    case pageUp
    /// Page down.
    case pageDown
    /// Delete (forward).
    case delete
    /// Insert.
    case insert
    /// Function key F`n`.
    case function(Int)

    /// A short name for key hints and help: `"Ctrl-f"`, `"↑"`, `"PgDn"`, `"Esc"`, `"Enter"`, `"N"`.
    public var display: String {
        switch self {
        case .char(" "): return "Space"
        case .char(let c): return String(c)
        case .ctrl(" "): return "Ctrl-Space"
        case .ctrl(let c): return "Ctrl-\(c)"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .backspace: return "Backspace"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .home: return "Home"
        case .end: return "End"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .delete: return "Del"
        case .insert: return "Ins"
        case .function(let n): return "F\(n)"
        }
    }

    /// Same as ``display``.
    public var description: String { display }
}
