import Deck
import FuzzSupport

/// Fuzzes ``ThemeLoader/parse(_:name:source:searchPaths:)`` with the text of a theme file.
///
/// Any text gives a theme or a ``ThemeError`` whose message is one printable line (never a
/// trap or a hang). A theme that loads has a style for every key, a printable name, and adapts
/// to terminals of 0, 8, 16 and 256 colours. `inherits:` resolves against `themes/` in the
/// working directory (the shipped themes when run from the repository).
enum ThemeFuzz {
    /// The color counts a theme is adapted to.
    static let colorCounts = [0, 8, 16, 256]

    /// Tests one input, read as UTF-8 text (invalid sequences become U+FFFD).
    static func test(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let theme: Theme
        do {
            theme = try ThemeLoader.parse(text, name: "fuzz", source: "fuzz.yaml", searchPaths: ["themes"])
        } catch {
            FuzzCheck.require(!error.message.isEmpty, "empty message for \(FuzzCheck.quoted(text))")
            FuzzCheck.require(isPrintable(error.description),
                              "unprintable message \(FuzzCheck.quoted(error.description)) for \(FuzzCheck.quoted(text))")
            return
        }
        FuzzCheck.require(!theme.name.isEmpty && isPrintable(theme.name),
                          "name \(FuzzCheck.quoted(theme.name)) from \(FuzzCheck.quoted(text))")
        for count in colorCounts {
            let adapted = theme.adapted(toColorCount: count)
            for key in ThemeKey.allCases {
                _ = (theme[key], adapted[key])
            }
        }
    }

    /// Whether `text` holds no control characters (so it is one line, safe on a terminal).
    static func isPrintable(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.properties.generalCategory != .control }
    }
}
