/// A terminal colour: the terminal's default, a palette index, or a 24-bit value.
///
/// `.rgb` colours are mapped to what the terminal can show by ``ColorMapper``.
public enum Color: Hashable, Sendable {
    /// The terminal's own foreground or background colour.
    case `default`
    /// An entry of the 256-colour palette (0–15 are the themeable ANSI colours).
    case indexed(UInt8)
    /// A 24-bit colour, mapped to the nearest palette entry when needed.
    case rgb(UInt8, UInt8, UInt8)

    /// ANSI black (palette index 0).
    public static let black = Color.indexed(0)
    /// ANSI red (palette index 1).
    public static let red = Color.indexed(1)
    /// ANSI green (palette index 2).
    public static let green = Color.indexed(2)
    /// ANSI yellow (palette index 3).
    public static let yellow = Color.indexed(3)
    /// ANSI blue (palette index 4).
    public static let blue = Color.indexed(4)
    /// ANSI magenta (palette index 5).
    public static let magenta = Color.indexed(5)
    /// ANSI cyan (palette index 6).
    public static let cyan = Color.indexed(6)
    /// ANSI white (palette index 7).
    public static let white = Color.indexed(7)
    /// ANSI bright black, usually grey (palette index 8).
    public static let brightBlack = Color.indexed(8)
    /// ANSI bright red (palette index 9).
    public static let brightRed = Color.indexed(9)
    /// ANSI bright green (palette index 10).
    public static let brightGreen = Color.indexed(10)
    /// ANSI bright yellow (palette index 11).
    public static let brightYellow = Color.indexed(11)
    /// ANSI bright blue (palette index 12).
    public static let brightBlue = Color.indexed(12)
    /// ANSI bright magenta (palette index 13).
    public static let brightMagenta = Color.indexed(13)
    /// ANSI bright cyan (palette index 14).
    public static let brightCyan = Color.indexed(14)
    /// ANSI bright white (palette index 15).
    public static let brightWhite = Color.indexed(15)
}
