/// How much of a row or column split a part gets; see ``Rect/rows(_:)`` and ``Rect/columns(_:)``.
public enum Constraint: Hashable, Sendable {
    /// Exactly `n` cells (less only when the space runs out).
    case fixed(Int)
    /// At least `n` cells, growing like `.fill(1)` into space left over.
    case min(Int)
    /// `p` percent of the whole length, rounded down.
    case percent(Int)
    /// A share of the space left after the other constraints, proportional to the weight.
    case fill(Int)
}

extension Rect {
    /// Splits the rectangle into stacked rows, top to bottom, one per constraint.
    public func rows(_ constraints: [Constraint]) -> [Rect] {
        var top = y
        return Constraint.solve(constraints, length: height).map { length in
            defer { top += length }
            return Rect(x: x, y: top, width: width, height: length)
        }
    }

    /// Splits the rectangle into side-by-side columns, left to right, one per constraint.
    public func columns(_ constraints: [Constraint]) -> [Rect] {
        var left = x
        return Constraint.solve(constraints, length: width).map { length in
            defer { left += length }
            return Rect(x: left, y: y, width: length, height: height)
        }
    }
}

extension Constraint {
    /// Returns the length given to each constraint out of `length` cells.
    ///
    /// Base lengths are handed out in order until the space runs out; what is left
    /// goes to `.fill` (by weight) and `.min` (weight 1) parts. The result never
    /// sums to more than `length`.
    static func solve(_ constraints: [Constraint], length: Int) -> [Int] {
        let total = Swift.max(0, length)
        var remaining = total
        var sizes = [Int](repeating: 0, count: constraints.count)
        for (i, c) in constraints.enumerated() {
            let base: Int
            switch c {
            case .fixed(let n), .min(let n): base = Swift.max(0, n)
            case .percent(let p): base = total * Swift.min(100, Swift.max(0, p)) / 100
            case .fill: base = 0
            }
            sizes[i] = Swift.min(base, remaining)
            remaining -= sizes[i]
        }
        let weights = constraints.map { c -> Int in
            switch c {
            case .fill(let w): return Swift.max(0, w)
            case .min: return 1
            default: return 0
            }
        }
        let totalWeight = weights.reduce(0, +)
        guard remaining > 0, totalWeight > 0 else { return sizes }
        var cumulative = 0
        var handed = 0
        for i in sizes.indices where weights[i] > 0 {
            cumulative += weights[i]
            let upTo = remaining * cumulative / totalWeight
            sizes[i] += upTo - handed
            handed = upTo
        }
        return sizes
    }
}
