/// Terminal column widths of text, with `wcwidth` semantics.
///
/// East Asian Wide and Fullwidth characters and emoji shown in emoji presentation
/// take two columns; combining marks, format characters (ZWJ, variation
/// selectors, bidi controls), Hangul medial/final jamo and control characters
/// take none; everything else takes one. Widths are measured per grapheme
/// cluster (`Character`): a cluster is as wide as its widest scalar, a cluster
/// holding VS16 (U+FE0F) or a pair of regional indicators (a flag) is two wide.
public enum DisplayWidth {
    /// Returns the number of columns `string` occupies.
    public static func of(_ string: String) -> Int {
        var total = 0
        var ascii = true
        for byte in string.utf8 {
            if byte >= 0x80 {
                ascii = false
                break
            }
            if byte >= 0x20 && byte != 0x7F { total += 1 }
        }
        if ascii { return total }
        total = 0
        for character in string { total += of(character) }
        return total
    }

    /// Returns the number of columns one grapheme cluster occupies (0, 1 or 2).
    public static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        var iterator = scalars.makeIterator()
        guard let first = iterator.next() else { return 0 }
        guard let second = iterator.next() else { return of(first) }
        if isRegionalIndicator(first) && isRegionalIndicator(second) { return 2 }
        if isControl(first) { return 0 }
        var width = max(of(first), of(second))
        if second.value == 0xFE0F { return 2 }
        while width < 2, let next = iterator.next() {
            if next.value == 0xFE0F { return 2 }
            width = max(width, of(next))
        }
        return width
    }

    /// Returns the number of columns one Unicode scalar occupies on its own (0, 1 or 2).
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x300 {
            return (v < 0x20 || (v >= 0x7F && v < 0xA0)) ? 0 : 1
        }
        if contains(WidthTables.zeroWidth, v) { return 0 }
        if v >= 0x1100 && contains(WidthTables.wide, v) { return 2 }
        return 1
    }

    @inline(__always)
    static func isRegionalIndicator(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x1F1E6 && scalar.value <= 0x1F1FF
    }

    @inline(__always)
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 || (v >= 0x7F && v < 0xA0)
    }

    /// Binary search in a flat table of inclusive `[start, end]` pairs sorted by start.
    static func contains(_ table: [UInt32], _ value: UInt32) -> Bool {
        table.withUnsafeBufferPointer { pairs in
            let count = pairs.count / 2
            guard count > 0, value >= pairs[0], value <= pairs[pairs.count - 1] else { return false }
            var low = 0
            var high = count - 1
            while low <= high {
                let mid = (low + high) / 2
                if value < pairs[2 * mid] {
                    high = mid - 1
                } else if value > pairs[2 * mid + 1] {
                    low = mid + 1
                } else {
                    return true
                }
            }
            return false
        }
    }
}
