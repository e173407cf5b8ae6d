extension Table {
    /// Decides which columns are shown, where and how wide, for a table `width` cells wide.
    ///
    /// 1. Each column needs its minimum: `.fixed(n)` n, `.flex` its `min`, `.auto` its `min`.
    /// 2. While the minimums (plus spacing) do not fit, the column with the lowest
    ///    priority is dropped (the rightmost of equals first); one column always stays.
    /// 3. Spare width grows `.auto` columns towards their natural width (clamped to
    ///    `max`), highest priority first, then goes to `.flex` columns by weight.
    /// 4. A lone column wider than the table is cut to the table's width.
    ///
    /// `naturalWidths[i]` is the widest content of column `i` (used for `.auto` only).
    public static func layout(columns: [TableColumn], naturalWidths: [Int], width: Int, spacing: Int = 1) -> [TableColumnSlot] {
        guard !columns.isEmpty, width > 0 else { return [] }
        let gap = max(0, spacing)
        let minimum = columns.map { column -> Int in
            switch column.width {
            case .fixed(let n): return max(0, n)
            case .flex(let min, _): return max(0, min)
            case .auto(let min, _): return max(0, min)
            }
        }
        var kept = Array(columns.indices)
        func needed() -> Int {
            kept.reduce(0) { $0 + minimum[$1] } + gap * (kept.count - 1)
        }
        while kept.count > 1 && needed() > width {
            var victim = kept[0]
            for index in kept where columns[index].priority <= columns[victim].priority {
                victim = index
            }
            kept.removeAll { $0 == victim }
        }
        var widths = minimum
        var spare = width - needed()
        if spare > 0 {
            let autos = kept.filter {
                if case .auto = columns[$0].width { return true }
                return false
            }.sorted { columns[$0].priority > columns[$1].priority }
            for index in autos {
                guard case .auto(let low, let high) = columns[index].width else { continue }
                let natural = index < naturalWidths.count ? naturalWidths[index] : 0
                let desired = min(max(natural, low), max(low, high))
                let grow = min(spare, max(0, desired - widths[index]))
                widths[index] += grow
                spare -= grow
            }
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
