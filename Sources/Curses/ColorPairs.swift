import CNCurses
import Screen

/// Allocates ncurses colour pairs on demand and caches them.
///
/// Pair 0 is the terminal default. When `COLOR_PAIRS` is exhausted a new
/// combination gets the existing pair whose colours are nearest.
@MainActor
struct ColorPairs {
    private var pairs: [PairKey: Int32] = [:]
    private var allocated: [(key: PairKey, pair: Int32)] = []
    private let limit: Int32
    private let defaultColors: Bool
    private let mapper: ColorMapper

    struct PairKey: Hashable {
        var fg: Int32
        var bg: Int32
    }

    init(colorCount: Int, pairLimit: Int32, defaultColors: Bool) {
        self.limit = pairLimit
        self.defaultColors = defaultColors
        self.mapper = ColorMapper(colorCount: colorCount)
        pairs[PairKey(fg: -1, bg: -1)] = 0
    }

    /// Returns the pair for `fg` on `bg`, allocating it when needed.
    mutating func pair(fg: Color, bg: Color) -> Int32 {
        let key = PairKey(fg: number(fg, isForeground: true), bg: number(bg, isForeground: false))
        if let pair = pairs[key] { return pair }
        let next = Int32(allocated.count + 1)
        if next < limit, init_extended_pair(next, key.fg, key.bg) == OK {
            allocated.append((key, next))
            pairs[key] = next
            return next
        }
        let fallback = nearest(to: key)
        pairs[key] = fallback
        return fallback
    }

    private func number(_ color: Color, isForeground: Bool) -> Int32 {
        switch mapper.map(color) {
        case .indexed(let n): return Int32(n)
        case .default, .rgb: return defaultColors ? -1 : (isForeground ? 7 : 0)
        }
    }

    private func nearest(to key: PairKey) -> Int32 {
        var best: Int32 = 0
        var bestDistance = distance(key, PairKey(fg: -1, bg: -1))
        for entry in allocated {
            let d = distance(key, entry.key)
            if d < bestDistance {
                bestDistance = d
                best = entry.pair
            }
        }
        return best
    }

    private func distance(_ a: PairKey, _ b: PairKey) -> Int {
        channelDistance(a.fg, b.fg, fallback: 7) + channelDistance(a.bg, b.bg, fallback: 0)
    }

    private func channelDistance(_ a: Int32, _ b: Int32, fallback: UInt8) -> Int {
        if a == b { return 0 }
        let (r1, g1, b1) = ColorMapper.rgb(ofIndex: a < 0 ? fallback : UInt8(clamping: a))
        let (r2, g2, b2) = ColorMapper.rgb(ofIndex: b < 0 ? fallback : UInt8(clamping: b))
        let dr = Int(r1) - Int(r2), dg = Int(g1) - Int(g2), db = Int(b1) - Int(b2)
        return dr * dr + dg * dg + db * db
    }
}
