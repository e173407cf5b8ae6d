/// Finds the known name a misspelt one was probably meant to be ("did you mean …?").
enum NameSuggestion {
    /// Returns the candidate closest to `text`, or nil when none is close enough.
    ///
    /// Names equal apart from case, `-` and `_` always match; otherwise the edit distance
    /// may be at most 1 for short names and 2 for names of five or more letters.
    static func closest(to text: String, among candidates: [String]) -> String? {
        let input = Array(ThemeColor.fold(text).unicodeScalars)
        guard !input.isEmpty, input.count <= 40 else { return nil }
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let target = Array(ThemeColor.fold(candidate).unicodeScalars)
            let distance = editDistance(input, target)
            if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        guard let best else { return nil }
        let allowed = input.count >= 5 ? 2 : 1
        return best.distance <= allowed ? best.name : nil
    }

    /// The number of insertions, deletions, substitutions and adjacent swaps turning `a` into `b`.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, before[j - 2] + 1)
                }
                current[j] = value
            }
            (before, previous, current) = (previous, current, before)
        }
        return previous[b.count]
    }
}
