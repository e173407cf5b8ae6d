/// Maps colours down to what a terminal can show.
///
/// With 256 or more colours `.rgb` goes to the nearest entry of the xterm
/// 6×6×6 cube or grey ramp (16–255; the 16 ANSI colours are left alone because
/// themes change them). With 16 or 8 colours, `.rgb` and out-of-range
/// `.indexed` colours go to the nearest ANSI colour by the xterm default
/// palette. With fewer than 8 colours everything becomes `.default`.
/// Honouring `NO_COLOR` is the caller's job (pass a count of 0).
public struct ColorMapper: Hashable, Sendable {
    /// The number of colours the terminal has.
    public let colorCount: Int

    /// Creates a mapper for a terminal with `colorCount` colours.
    public init(colorCount: Int) {
        self.colorCount = colorCount
    }

    /// Returns `color` expressed in the terminal's palette.
    public func map(_ color: Color) -> Color {
        switch color {
        case .default:
            return .default
        case .indexed(let n):
            if colorCount >= 256 { return color }
            if colorCount < 8 { return .default }
            if Int(n) < colorCount { return color }
            if colorCount >= 16, n < 16 { return color }
            if n < 16 { return .indexed(n - 8) }
            let (r, g, b) = ColorMapper.rgb(ofIndex: n)
            return .indexed(nearestANSI(r, g, b))
        case .rgb(let r, let g, let b):
            if colorCount >= 256 { return .indexed(ColorMapper.nearest256(r, g, b)) }
            if colorCount < 8 { return .default }
            return .indexed(nearestANSI(r, g, b))
        }
    }

    /// The colours `color` may be shown as, with their distances from it: ``map(_:)``'s answer
    /// first, then the others it could stand in for, nearest first — the ANSI colours on an 8-
    /// or 16-colour terminal, the cube and grey ramp (16–255) on a 256-colour one. A colour the
    /// mapper keeps as it is (or cannot show) has no other choice.
    public func choices(for color: Color) -> [(color: Color, distance: Int)] {
        let rgb: (UInt8, UInt8, UInt8)
        let palette: ClosedRange<UInt8>
        switch color {
        case .rgb(let r, let g, let b) where colorCount >= 8:
            rgb = (r, g, b)
            palette = colorCount >= 256 ? 16...255 : colorCount >= 16 ? 0...15 : 0...7
        case .indexed(let n) where (8..<256).contains(colorCount) && n >= 16:
            rgb = ColorMapper.rgb(ofIndex: n)
            palette = colorCount >= 16 ? 0...15 : 0...7
        default:
            return [(map(color), 0)]
        }
        func distance(_ index: UInt8) -> Int {
            let (pr, pg, pb) = ColorMapper.rgb(ofIndex: index)
            return ColorMapper.distance(rgb.0, rgb.1, rgb.2, pr, pg, pb)
        }
        guard case .indexed(let first) = map(color) else { return [(map(color), 0)] }
        let others = palette
            .filter { $0 != first }
            .map { (index: $0, distance: distance($0)) }
            .sorted { ($0.distance, $0.index) < ($1.distance, $1.index) }
            .map { (color: Color.indexed($0.index), distance: $0.distance) }
        return [(.indexed(first), distance(first))] + others
    }

    /// Returns the nearest of the first 8 or 16 palette entries.
    func nearestANSI(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        let limit: UInt8 = colorCount >= 16 ? 16 : 8
        var best: UInt8 = 0
        var bestDistance = Int.max
        for i in 0..<limit {
            let (pr, pg, pb) = ColorMapper.rgb(ofIndex: i)
            let d = ColorMapper.distance(r, g, b, pr, pg, pb)
            if d < bestDistance {
                bestDistance = d
                best = i
            }
        }
        return best
    }

    /// Returns the nearest entry of the cube (16–231) or grey ramp (232–255).
    static func nearest256(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        func cubeIndex(_ v: UInt8) -> Int {
            if v < 48 { return 0 }
            if v < 115 { return 1 }
            return (Int(v) - 35) / 40
        }
        let qr = cubeIndex(r), qg = cubeIndex(g), qb = cubeIndex(b)
        let cube = UInt8(16 + 36 * qr + 6 * qg + qb)
        let average = (Int(r) + Int(g) + Int(b)) / 3
        let greyIndex = average > 238 ? 23 : max(0, (average - 3) / 10)
        let grey = UInt8(232 + greyIndex)
        let (cr, cg, cb) = rgb(ofIndex: cube)
        let (gr, gg, gb) = rgb(ofIndex: grey)
        return distance(r, g, b, gr, gg, gb) < distance(r, g, b, cr, cg, cb) ? grey : cube
    }

    /// Squared distance weighted roughly by how sensitive the eye is to each channel.
    static func distance(_ r1: UInt8, _ g1: UInt8, _ b1: UInt8, _ r2: UInt8, _ g2: UInt8, _ b2: UInt8) -> Int {
        let dr = Int(r1) - Int(r2), dg = Int(g1) - Int(g2), db = Int(b1) - Int(b2)
        return 2 * dr * dr + 4 * dg * dg + 3 * db * db
    }

    /// The xterm default RGB value of palette entry `index`.
    public static func rgb(ofIndex index: UInt8) -> (UInt8, UInt8, UInt8) {
        switch index {
        case 0..<16:
            let v = ansi[Int(index)]
            return (UInt8(v >> 16), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF))
        case 16..<232:
            let i = Int(index) - 16
            let levels: [UInt8] = [0, 95, 135, 175, 215, 255]
            return (levels[i / 36], levels[(i / 6) % 6], levels[i % 6])
        default:
            let v = UInt8(8 + 10 * (Int(index) - 232))
            return (v, v, v)
        }
    }

    /// Returns the RGB value `color` stands for (the xterm default for palette entries), nil for `.default`.
    public static func rgb(of color: Color) -> (UInt8, UInt8, UInt8)? {
        switch color {
        case .default: return nil
        case .indexed(let n): return rgb(ofIndex: n)
        case .rgb(let r, let g, let b): return (r, g, b)
        }
    }

    private static let ansi: [UInt32] = [
        0x000000, 0xCD0000, 0x00CD00, 0xCDCD00, 0x0000EE, 0xCD00CD, 0x00CDCD, 0xE5E5E5,
        0x7F7F7F, 0xFF0000, 0x00FF00, 0xFFFF00, 0x5C5CFF, 0xFF00FF, 0x00FFFF, 0xFFFFFF,
    ]
}
