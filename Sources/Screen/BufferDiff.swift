/// Computes what must be sent to the terminal to turn one buffer into another.
public enum BufferDiff {
    /// Returns the runs of cells that differ between `old` and `new`, row by row.
    ///
    /// When `old` is nil or has another size, every cell of `new` is returned
    /// (one run per row). A run never starts on the right half of a wide
    /// character: it is extended left to include its first half. Unchanged cells
    /// cost one comparison and no allocation.
    public static func between(_ old: Buffer?, _ new: Buffer) -> [CellRun] {
        let width = new.size.width
        let height = new.size.height
        guard let old, old.size == new.size else {
            return (0..<height).map { y in
                CellRun(x: 0, y: y, cells: Array(new.cells[(y * width)..<((y + 1) * width)]))
            }
        }
        var runs: [CellRun] = []
        old.cells.withUnsafeBufferPointer { before in
            new.cells.withUnsafeBufferPointer { after in
                for y in 0..<height {
                    let rowStart = y * width
                    var x = 0
                    while x < width {
                        if before[rowStart + x] == after[rowStart + x] {
                            x += 1
                            continue
                        }
                        var start = x
                        if start > 0 && after[rowStart + start].symbol.isEmpty { start -= 1 }
                        var end = x + 1
                        while end < width && before[rowStart + end] != after[rowStart + end] { end += 1 }
                        // Keep a wide character whole when its right half is unchanged.
                        if end < width && after[rowStart + end].symbol.isEmpty { end += 1 }
                        runs.append(CellRun(x: start, y: y, cells: Array(after[(rowStart + start)..<(rowStart + end)])))
                        x = end
                    }
                }
            }
        }
        return runs
    }
}
