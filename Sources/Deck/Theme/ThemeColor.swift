import Screen

/// Reads the colour words of theme files.
///
/// A colour is a name (`black` … `white`, `bright-red` / `brightRed`, `grey` / `gray`),
/// `#rrggbb` or `#rgb`, a palette number 0–255, or `default` (the terminal's own colour).
enum ThemeColor {
    /// What a colour may be, for error messages.
    static let help = "use a name, #rrggbb, 0-255 or default"

    /// The colour names in the spelling the documentation uses, with their palette index.
    static let names: [(name: String, index: UInt8)] = [
        ("black", 0), ("red", 1), ("green", 2), ("yellow", 3),
        ("blue", 4), ("magenta", 5), ("cyan", 6), ("white", 7),
        ("brightBlack", 8), ("brightRed", 9), ("brightGreen", 10), ("brightYellow", 11),
        ("brightBlue", 12), ("brightMagenta", 13), ("brightCyan", 14), ("brightWhite", 15),
        ("grey", 8), ("gray", 8),
    ]

    /// The same names folded by ``fold(_:)``.
    private static let folded: [String: UInt8] = {
        var table: [String: UInt8] = [:]
        for (name, index) in names { table[fold(name)] = index }
        return table
    }()

    /// Returns the colour `text` names, or nil when it is not a colour.
    static func parse(_ text: String) -> Color? {
        if text.isEmpty || text.utf8.count > 32 { return nil }
        if text.hasPrefix("#") { return hex(text.dropFirst()) }
        if text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            guard text.utf8.count <= 3, let value = Int(text), value <= 255 else { return nil }
            return .indexed(UInt8(value))
        }
        let key = fold(text)
        if key == "default" { return .default }
        return folded[key].map { .indexed($0) }
    }

    /// Returns whether `text` is a colour.
    static func isColor(_ text: String) -> Bool {
        parse(text) != nil
    }

    /// Lower-cases `text` and removes `-`, `_` and spaces, so `bright-red` equals `brightRed`.
    static func fold(_ text: String) -> String {
        String(text.lowercased().unicodeScalars.filter { $0 != "-" && $0 != "_" && $0 != " " })
    }

    /// Reads `rrggbb` or `rgb` hexadecimal digits.
    private static func hex(_ digits: Substring) -> Color? {
        var values: [UInt8] = []
        for scalar in digits.unicodeScalars {
            guard let value = hexValue(scalar) else { return nil }
            values.append(value)
        }
        switch values.count {
        case 6:
            return .rgb(values[0] << 4 | values[1], values[2] << 4 | values[3], values[4] << 4 | values[5])
        case 3:
            return .rgb(values[0] * 17, values[1] * 17, values[2] * 17)
        default:
            return nil
        }
    }

    /// The value of one ASCII hexadecimal digit.
    private static func hexValue(_ scalar: Unicode.Scalar) -> UInt8? {
        switch scalar {
        case "0"..."9": return UInt8(scalar.value - 48)
        case "a"..."f": return UInt8(scalar.value - 87)
        case "A"..."F": return UInt8(scalar.value - 55)
        default: return nil
        }
    }
}
