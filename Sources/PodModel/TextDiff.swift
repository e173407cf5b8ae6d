/// One line of a line diff.
public enum DiffLine: Sendable, Hashable {
    /// A line present in both texts.
    case same(String)
    /// A line only in the new text.
    case added(String)
    /// A line only in the old text.
    case removed(String)

    /// The line's text, without its line break.
    public var text: String {
        switch self {
        case .same(let text), .added(let text), .removed(let text): text
        }
    }

    /// Whether the line was added or removed.
    public var isChange: Bool {
        if case .same = self { return false }
        return true
    }
}

/// Line diffs of two texts (Myers' algorithm in linear space), as line lists and in unified format.
public enum TextDiff {
    /// The lines of both texts in order, each marked same, added or removed. A missing final
    /// line break is not treated as a difference.
    public static func lines(old: String, new: String) -> [DiffLine] {
        let before = SplitText(old)
        let after = SplitText(new)
        return script(before, after, distinguishFinalBreak: false).map { edit in
            switch edit {
            case .same(let oldIndex, _): .same(before.lines[oldIndex])
            case .removed(let oldIndex): .removed(before.lines[oldIndex])
            case .added(let newIndex): .added(after.lines[newIndex])
            }
        }
    }

    /// The differences in unified format (`---`/`+++` header, `@@ -l,s +l,s @@` hunks with
    /// `context` lines around changes), as `diff -u` prints them; empty when the texts are equal.
    public static func unified(old: String, new: String, oldLabel: String, newLabel: String, context: Int = 3) -> String {
        let before = SplitText(old)
        let after = SplitText(new)
        let edits = script(before, after, distinguishFinalBreak: true)
        let changeIndices = edits.indices.filter { edits[$0].isChange }
        guard let firstChange = changeIndices.first else { return "" }
        let context = max(0, context)

        // Group changes whose gap is at most twice the context into one hunk.
        var groups: [(first: Int, last: Int)] = [(firstChange, firstChange)]
        for index in changeIndices.dropFirst() {
            if index - groups[groups.count - 1].last - 1 > 2 * context {
                groups.append((index, index))
            } else {
                groups[groups.count - 1].last = index
            }
        }

        // Lines of each text before each edit, to number hunks.
        var oldBefore = [Int](repeating: 0, count: edits.count + 1)
        var newBefore = [Int](repeating: 0, count: edits.count + 1)
        for (index, edit) in edits.enumerated() {
            oldBefore[index + 1] = oldBefore[index] + (edit.consumesOld ? 1 : 0)
            newBefore[index + 1] = newBefore[index] + (edit.consumesNew ? 1 : 0)
        }

        var output = "--- \(oldLabel)\n+++ \(newLabel)\n"
        for group in groups {
            let start = max(0, group.first - context)
            let end = min(edits.count, group.last + context + 1)
            let oldCount = oldBefore[end] - oldBefore[start]
            let newCount = newBefore[end] - newBefore[start]
            output += "@@ -\(range(oldBefore[start], oldCount)) +\(range(newBefore[start], newCount)) @@\n"
            for edit in edits[start..<end] {
                switch edit {
                case .same(let oldIndex, _):
                    output += " " + before.lines[oldIndex] + "\n"
                    if before.lacksFinalBreak(at: oldIndex) { output += "\\ No newline at end of file\n" }
                case .removed(let oldIndex):
                    output += "-" + before.lines[oldIndex] + "\n"
                    if before.lacksFinalBreak(at: oldIndex) { output += "\\ No newline at end of file\n" }
                case .added(let newIndex):
                    output += "+" + after.lines[newIndex] + "\n"
                    if after.lacksFinalBreak(at: newIndex) { output += "\\ No newline at end of file\n" }
                }
            }
        }
        return output
    }

    /// A hunk range: `start,count`, or just `start` for one line; an empty range names the line before it.
    private static func range(_ linesBefore: Int, _ count: Int) -> String {
        switch count {
        case 0: "\(linesBefore),0"
        case 1: "\(linesBefore + 1)"
        default: "\(linesBefore + 1),\(count)"
        }
    }

    // MARK: Edit script

    enum Edit: Sendable {
        case same(Int, Int)
        case removed(Int)
        case added(Int)

        var isChange: Bool {
            if case .same = self { return false }
            return true
        }

        var consumesOld: Bool {
            if case .added = self { return false }
            return true
        }

        var consumesNew: Bool {
            if case .removed = self { return false }
            return true
        }
    }

    private static func script(_ before: SplitText, _ after: SplitText, distinguishFinalBreak: Bool) -> [Edit] {
        // Number distinct lines so comparisons are integer comparisons.
        var identifiers: [String: Int] = [:]
        func keys(_ text: SplitText) -> [Int] {
            text.lines.indices.map { index in
                var line = text.lines[index]
                if distinguishFinalBreak, text.lacksFinalBreak(at: index) {
                    line += "\u{0}no-final-break"
                }
                if let known = identifiers[line] { return known }
                let identifier = identifiers.count
                identifiers[line] = identifier
                return identifier
            }
        }
        let a = keys(before)
        let b = keys(after)
        var myers = Myers(a: a, b: b)
        return myers.edits()
    }
}

/// A text split into lines, remembering whether it ended with a line break.
private struct SplitText: Sendable {
    let lines: [String]
    let endsWithBreak: Bool

    init(_ text: String) {
        var parts = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if parts.last == "" {
            parts.removeLast()
            endsWithBreak = true
        } else {
            endsWithBreak = parts.isEmpty
        }
        lines = parts
    }

    func lacksFinalBreak(at index: Int) -> Bool {
        !endsWithBreak && index == lines.count - 1
    }
}

/// Myers' O((N+M)D) difference algorithm with the linear-space middle-snake refinement.
private struct Myers: Sendable {
    let a: [Int]
    let b: [Int]
    private var matches: [(Int, Int)] = []

    init(a: [Int], b: [Int]) {
        self.a = a
        self.b = b
    }

    mutating func edits() -> [TextDiff.Edit] {
        matches.removeAll()
        findMatches(left: 0, top: 0, right: a.count, bottom: b.count)
        var edits: [TextDiff.Edit] = []
        edits.reserveCapacity(a.count + b.count)
        var x = 0
        var y = 0
        for (matchX, matchY) in matches + [(a.count, b.count)] {
            while x < matchX {
                edits.append(.removed(x))
                x += 1
            }
            while y < matchY {
                edits.append(.added(y))
                y += 1
            }
            if matchX < a.count, matchY < b.count {
                edits.append(.same(matchX, matchY))
                x += 1
                y += 1
            }
        }
        return edits
    }

    /// Appends, in order, the matching line pairs of `a[left..<right]` and `b[top..<bottom]`.
    private mutating func findMatches(left: Int, top: Int, right: Int, bottom: Int) {
        var left = left
        var top = top
        var right = right
        var bottom = bottom
        // Common prefix and suffix need no search.
        while left < right, top < bottom, a[left] == b[top] {
            matches.append((left, top))
            left += 1
            top += 1
        }
        var suffix: [(Int, Int)] = []
        while left < right, top < bottom, a[right - 1] == b[bottom - 1] {
            right -= 1
            bottom -= 1
            suffix.append((right, bottom))
        }
        if left < right, top < bottom {
            let snake = middleSnake(left: left, top: top, right: right, bottom: bottom)
            findMatches(left: left, top: top, right: snake.start.x, bottom: snake.start.y)
            for step in 0..<snake.length {
                matches.append((snake.diagonal.x + step, snake.diagonal.y + step))
            }
            findMatches(left: snake.end.x, top: snake.end.y, right: right, bottom: bottom)
        }
        matches.append(contentsOf: suffix.reversed())
    }

    /// The middle snake of the box: the part of an optimal path found halfway through, from
    /// `start` to `end`, made of at most one insertion or deletion and a diagonal run of
    /// `length` matching lines starting at `diagonal`.
    private func middleSnake(
        left: Int, top: Int, right: Int, bottom: Int
    ) -> (start: (x: Int, y: Int), end: (x: Int, y: Int), diagonal: (x: Int, y: Int), length: Int) {
        let width = right - left
        let height = bottom - top
        let delta = width - height
        let limit = (width + height + 1) / 2
        let offset = limit + 1
        var forward = [Int](repeating: 0, count: 2 * limit + 3)
        var backward = [Int](repeating: 0, count: 2 * limit + 3)
        forward[offset + 1] = left
        backward[offset + 1] = bottom

        for depth in 0...limit {
            // Forward search.
            for k in stride(from: depth, through: -depth, by: -2) {
                let c = k - delta
                var x: Int
                let previousX: Int
                if k == -depth || (k != depth && forward[offset + k - 1] < forward[offset + k + 1]) {
                    x = forward[offset + k + 1]
                    previousX = x
                } else {
                    previousX = forward[offset + k - 1]
                    x = previousX + 1
                }
                var y = top + (x - left) - k
                let previousY = (depth == 0 || x != previousX) ? y : y - 1
                let diagonal = (x: x, y: y)
                while x < right, y < bottom, a[x] == b[y] {
                    x += 1
                    y += 1
                }
                forward[offset + k] = x
                if delta & 1 != 0, c >= -(depth - 1), c <= depth - 1, y >= backward[offset + c] {
                    return ((previousX, previousY), (x, y), diagonal, x - diagonal.x)
                }
            }
            // Backward search.
            for c in stride(from: depth, through: -depth, by: -2) {
                let k = c + delta
                var y: Int
                let previousY: Int
                if c == -depth || (c != depth && backward[offset + c - 1] > backward[offset + c + 1]) {
                    y = backward[offset + c + 1]
                    previousY = y
                } else {
                    previousY = backward[offset + c - 1]
                    y = previousY - 1
                }
                var x = left + (y - top) + k
                let previousX = (depth == 0 || y != previousY) ? x : x + 1
                let diagonalEnd = x
                while x > left, y > top, a[x - 1] == b[y - 1] {
                    x -= 1
                    y -= 1
                }
                backward[offset + c] = y
                if delta & 1 == 0, k >= -depth, k <= depth, x <= forward[offset + k] {
                    return ((x, y), (previousX, previousY), (x, y), diagonalEnd - x)
                }
            }
        }
        // Unreachable for a non-empty box: an optimal path always has a middle snake.
        return ((left, top), (right, bottom), (left, top), 0)
    }
}
