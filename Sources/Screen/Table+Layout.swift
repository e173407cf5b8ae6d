extension Table {
    /// Decides which columns are shown, where and how wide, for a table `width` cells wide.
    ///
    /// 1. Each column needs its minimum: `.fixed(n)` n, `.flex` its `min`, `.auto` its `min`,
    ///    `.whole` its natural width (clamped to `min…max`) — a `.whole` column is never cut.
    /// 2. While the minimums (plus spacing) do not fit, the column with the lowest
    ///    priority is dropped (the rightmost of equals first); one column always stays.
    ///    A dropped column comes back (highest priority first) if it fits in the width the kept
    ///    columns do not need to show their values whole.
    /// 3. Spare width goes to the `.auto` columns that are narrower than their natural width
    ///    (clamped to `max`), levelling them up narrowest first: a column a few cells short (a
    ///    node name) is made whole before a long one grows, and long ones end up equally wide.
    ///    What is left goes to `.flex` columns by weight.
    /// 4. A lone column wider than the table is cut to the table's width.
    ///
    /// `naturalWidths[i]` is the widest content of column `i` (used for `.auto` and `.whole`).
    public static func layout(columns: [TableColumn], naturalWidths: [Int], width: Int, spacing: Int = 1) -> [TableColumnSlot] {
        guard !columns.isEmpty, width > 0 else { return [] }
        let gap = max(0, spacing)
        func natural(_ index: Int) -> Int { index < naturalWidths.count ? naturalWidths[index] : 0 }
        let minimum = columns.indices.map { index -> Int in
            switch columns[index].width {
            case .fixed(let n): return max(0, n)
            case .flex(let min, _): return max(0, min)
            case .auto(let min, _): return max(0, min)
            case .whole(let low, let high): return max(0, min(max(natural(index), low), max(low, high)))
            }
        }
        var kept = Array(columns.indices)
        func needed(_ set: [Int]) -> Int {
            set.reduce(0) { $0 + minimum[$1] } + gap * max(0, set.count - 1)
        }
        var dropped: [Int] = []
        while kept.count > 1 && needed(kept) > width {
            var victim = kept[0]
            for index in kept where columns[index].priority <= columns[victim].priority {
                victim = index
            }
            kept.removeAll { $0 == victim }
            dropped.append(victim)
        }
        func desired(_ index: Int) -> Int {
            guard case .auto(let low, let high) = columns[index].width else { return minimum[index] }
            return min(max(natural(index), low), max(low, high))
        }
        // A dropped column comes back only into width the kept columns do not need whole.
        for index in dropped.sorted(by: { columns[$0].priority > columns[$1].priority }) {
            let wanted = kept.reduce(0) { $0 + desired($1) } + gap * max(0, kept.count - 1)
            if wanted + gap + minimum[index] <= width { kept = (kept + [index]).sorted() }
        }
        var widths = minimum
        var spare = width - needed(kept)
        // Level the cut columns up one cell at a time, narrowest first (ties: most important),
        // so a column a few cells short is made whole before a long one grows.
        var short = kept.filter { desired($0) > widths[$0] }
        while spare > 0 && !short.isEmpty {
            var pick = short[0]
            for index in short where widths[index] < widths[pick]
                || (widths[index] == widths[pick] && columns[index].priority > columns[pick].priority) {
                pick = index
            }
            widths[pick] += 1
            spare -= 1
            if widths[pick] >= desired(pick) { short.removeAll { $0 == pick } }
        }
        if spare > 0 {
            let flexes = kept.compactMap { index -> (Int, Int)? in
                if case .flex(_, let weight) = columns[index].width, weight > 0 { return (index, weight) }
                return nil
            }
            let totalWeight = flexes.reduce(0) { $0 + $1.1 }
            var cumulative = 0
            var handed = 0
            for (index, weight) in flexes {
                cumulative += weight
                let upTo = spare * cumulative / max(1, totalWeight)
                widths[index] += upTo - handed
                handed = upTo
            }
        }
        var slots: [TableColumnSlot] = []
        var x = 0
        for index in kept {
            guard x < width else { break }
            let w = min(widths[index], width - x)
            guard w > 0 else { continue }
            slots.append(TableColumnSlot(column: index, x: x, width: w))
            x += w + gap
        }
        return slots
    }
}
