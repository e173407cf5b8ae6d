import Foundation

/// How pull figures are written: decimal byte units as the docker CLI uses them, speeds, ETAs
/// and progress bars.
public enum PullText {
    /// `512 B`, `1.5 kB`, `12.0 MB`, `1.2 GB` (powers of 1000).
    public static func bytes(_ count: Int64) -> String {
        let value = Double(max(0, count))
        if value < 1000 { return "\(Int64(value)) B" }
        let units = ["kB", "MB", "GB", "TB"]
        var scaled = value / 1000
        var unit = 0
        while scaled >= 999.95 && unit < units.count - 1 {
            scaled /= 1000
            unit += 1
        }
        return String(format: "%.1f", scaled) + " " + units[unit]
    }

    /// `3.2 MB/s`.
    public static func speed(_ bytesPerSecond: Double) -> String {
        bytes(Int64(max(0, bytesPerSecond).rounded())) + "/s"
    }

    /// `8s`, `1m05s`, `2h03m`.
    public static func eta(_ duration: Duration) -> String {
        let total = max(0, Int64(DurationText.seconds(duration).rounded(.up)))
        if total < 60 { return "\(total)s" }
        if total < 3600 { return String(format: "%lldm%02llds", total / 60, total % 60) }
        return String(format: "%lldh%02lldm", total / 3600, (total % 3600) / 60)
    }

    /// How long something took: `850ms`, `4.2s`, `1m05s`.
    public static func elapsed(_ duration: Duration) -> String {
        let seconds = DurationText.seconds(duration)
        if seconds < 1 { return "\(Int((seconds * 1000).rounded()))ms" }
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        return eta(duration)
    }

    /// `45%` (rounded down, so 100% means done).
    public static func percent(_ fraction: Double) -> String {
        "\(Int((min(1, max(0, fraction)) * 100).rounded(.down)))%"
    }

    /// A bar of `width` cells between brackets: `[=========>          ]`.
    public static func bar(_ fraction: Double, width: Int) -> String {
        let inner = max(1, width)
        let filled = Int((min(1, max(0, fraction)) * Double(inner)).rounded(.down))
        if filled >= inner { return "[" + String(repeating: "=", count: inner) + "]" }
        let body = String(repeating: "=", count: filled) + ">" + String(repeating: " ", count: inner - filled - 1)
        return "[" + body + "]"
    }
}
