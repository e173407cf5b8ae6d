import Foundation

/// Rewrites YAML integer and float literals in JSON number grammar.
enum YAMLNumber {
    /// Whether `text` is a number in JSON grammar (RFC 8259).
    static func isJSONNumber(_ text: some StringProtocol) -> Bool {
        var bytes = text.utf8[...]
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        guard let first = bytes.first, isDigit(first) else { return false }
        if first == UInt8(ascii: "0") {
            bytes = bytes.dropFirst()
        } else {
            bytes = bytes.drop(while: isDigit)
        }
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            guard let digit = bytes.first, isDigit(digit) else { return false }
            bytes = bytes.drop(while: isDigit)
        }
        if let marker = bytes.first, marker | 0x20 == UInt8(ascii: "e") {
            bytes = bytes.dropFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                bytes = bytes.dropFirst()
            }
            guard let digit = bytes.first, isDigit(digit) else { return false }
            bytes = bytes.drop(while: isDigit)
        }
        return bytes.isEmpty
    }

    /// A YAML integer (decimal, `0x`, `0o`/`0` octal, `0b`, sexagesimal, with `_` separators and
    /// an optional sign) as a JSON decimal literal; `nil` when it is not one.
    static func normalizedInteger(_ text: String) -> String? {
        if isJSONNumber(text), !text.contains("."), !text.contains(where: { $0 == "e" || $0 == "E" }) {
            return text
        }
        var body = Substring(text.replacingOccurrences(of: "_", with: ""))
        var negative = false
        if let sign = body.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            body = body.dropFirst()
        }
        guard !body.isEmpty else { return nil }
        let digits: [UInt8]?
        if body.contains(":") {
            digits = sexagesimal(body.split(separator: ":", omittingEmptySubsequences: false))
        } else if body.hasPrefix("0x") || body.hasPrefix("0X") {
            digits = convert(body.dropFirst(2), radix: 16)
        } else if body.hasPrefix("0b") || body.hasPrefix("0B") {
            digits = convert(body.dropFirst(2), radix: 2)
        } else if body.hasPrefix("0o") || body.hasPrefix("0O") {
            digits = convert(body.dropFirst(2), radix: 8)
        } else if body.count > 1, body.hasPrefix("0") {
            digits = convert(body.dropFirst(), radix: 8)
        } else {
            digits = convert(body, radix: 10)
        }
        guard let digits else { return nil }
        let decimal = String(decoding: digits.reversed().map { $0 + UInt8(ascii: "0") }, as: UTF8.self)
        return negative && decimal != "0" ? "-" + decimal : decimal
    }

    /// A finite YAML float as a JSON number literal; `nil` for `.inf`, `.nan` and non-floats.
    static func normalizedFloat(_ text: String) -> String? {
        if isJSONNumber(text) {
            return text
        }
        var body = Substring(text.replacingOccurrences(of: "_", with: ""))
        var sign = ""
        if let first = body.first, first == "+" || first == "-" {
            sign = first == "-" ? "-" : ""
            body = body.dropFirst()
        }
        if body.contains(":") {
            // Sexagesimal (base 60) float, e.g. 190:20:30.15.
            var value = 0.0
            for part in body.split(separator: ":", omittingEmptySubsequences: false) {
                guard let component = Double(part) else { return nil }
                value = value * 60 + component
            }
            guard value.isFinite else { return nil }
            return sign + (value == value.rounded() ? String(format: "%.1f", value) : "\(value)")
        }
        var mantissa = body
        var exponent: Substring = ""
        if let marker = body.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = body[..<marker]
            exponent = body[marker...]
        }
        var integerPart = mantissa
        var fractionPart: Substring?
        if let dot = mantissa.firstIndex(of: ".") {
            integerPart = mantissa[..<dot]
            fractionPart = mantissa[mantissa.index(after: dot)...]
        }
        var integer = String(integerPart.drop(while: { $0 == "0" }))
        if integer.isEmpty { integer = "0" }
        var literal = sign + integer
        if let fractionPart {
            literal += "." + (fractionPart.isEmpty ? "0" : fractionPart)
        }
        literal += exponent
        return isJSONNumber(literal) ? literal : nil
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    /// Little-endian decimal digits of `text` read in `radix`, or `nil` if a digit is invalid.
    private static func convert(_ text: Substring, radix: Int) -> [UInt8]? {
        guard !text.isEmpty else { return nil }
        var digits: [UInt8] = [0]
        for character in text {
            guard let value = character.hexDigitValue, value < radix else { return nil }
            multiplyAdd(&digits, by: radix, adding: value)
        }
        return digits
    }

    private static func sexagesimal(_ parts: [Substring]) -> [UInt8]? {
        var digits: [UInt8] = [0]
        for (position, part) in parts.enumerated() {
            guard let value = Int(part), value >= 0, position == 0 || value < 60 else { return nil }
            if position == 0 {
                guard let leading = convert(part, radix: 10) else { return nil }
                digits = leading
            } else {
                multiplyAdd(&digits, by: 60, adding: value)
            }
        }
        return digits
    }

    private static func multiplyAdd(_ digits: inout [UInt8], by factor: Int, adding addend: Int) {
        var carry = addend
        for index in digits.indices {
            let product = Int(digits[index]) * factor + carry
            digits[index] = UInt8(product % 10)
            carry = product / 10
        }
        while carry > 0 {
            digits.append(UInt8(carry % 10))
            carry /= 10
        }
        while digits.count > 1, digits.last == 0 {
            digits.removeLast()
        }
    }
}
