/// Case-insensitive substring search over grapheme clusters, for highlighting and `/` search.
enum TextSearch {
    /// Returns the character ranges (in `Character` offsets) where `query` occurs in `text`, left to right, not overlapping.
    static func ranges(of query: String, in text: String) -> [Range<Int>] {
        guard !query.isEmpty, !text.isEmpty else { return [] }
        if isASCII(query) && isASCII(text) {
            return asciiRanges(of: Array(query.utf8), in: Array(text.utf8))
        }
        let needle = query.map { $0.lowercased() }
        let haystack = text.map { $0.lowercased() }
        guard needle.count <= haystack.count else { return [] }
        var result: [Range<Int>] = []
        var i = 0
        while i + needle.count <= haystack.count {
            var j = 0
            while j < needle.count && haystack[i + j] == needle[j] { j += 1 }
            if j == needle.count {
                result.append(i..<(i + needle.count))
                i += needle.count
            } else {
                i += 1
            }
        }
        return result
    }

    /// Whether `query` occurs in `text`, ignoring case.
    static func contains(_ query: String, in text: String) -> Bool {
        if isASCII(query) && isASCII(text) {
            return !asciiRanges(of: Array(query.utf8), in: Array(text.utf8), firstOnly: true).isEmpty
        }
        return !ranges(of: query, in: text).isEmpty
    }

    private static func isASCII(_ s: String) -> Bool {
        s.utf8.allSatisfy { $0 < 0x80 }
    }

    @inline(__always)
    private static func fold(_ b: UInt8) -> UInt8 {
        (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b
    }

    private static func asciiRanges(of needle: [UInt8], in haystack: [UInt8], firstOnly: Bool = false) -> [Range<Int>] {
        guard !needle.isEmpty, needle.count <= haystack.count else { return [] }
        let folded = needle.map(fold)
        var result: [Range<Int>] = []
        var i = 0
        while i + folded.count <= haystack.count {
            var j = 0
            while j < folded.count && fold(haystack[i + j]) == folded[j] { j += 1 }
            if j == folded.count {
                result.append(i..<(i + folded.count))
                if firstOnly { return result }
                i += folded.count
            } else {
                i += 1
            }
        }
        return result
    }
}
