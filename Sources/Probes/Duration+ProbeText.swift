extension Duration {
    /// A compact rendering for messages: `250ms`, `1s`, `1.5s`, `2m30s`.
    public var probeText: String {
        let (seconds, attoseconds) = components
        if seconds < 0 || (seconds == 0 && attoseconds < 0) { return "-" + (Duration.zero - self).probeText }
        let nanos = attoseconds / 1_000_000_000
        if seconds == 0 {
            if nanos % 1_000_000 == 0 { return "\(nanos / 1_000_000)ms" }
            if nanos >= 1_000_000 { return Self.decimal(Int64(nanos), scale: 1_000_000) + "ms" }
            if nanos >= 1_000 { return Self.decimal(Int64(nanos), scale: 1_000) + "µs" }
            return "\(nanos)ns"
        }
        if seconds >= 60 {
            let minutes = seconds / 60
            let rest = Duration(secondsComponent: seconds % 60, attosecondsComponent: attoseconds)
            return rest == .zero ? "\(minutes)m" : "\(minutes)m" + rest.probeText
        }
        if nanos == 0 { return "\(seconds)s" }
        return Self.decimal(seconds * 1_000_000_000 + Int64(nanos), scale: 1_000_000_000) + "s"
    }

    /// `value / scale` with up to three decimals, trailing zeros removed.
    private static func decimal(_ value: Int64, scale: Int64) -> String {
        let whole = value / scale
        let millis = (value % scale) * 1000 / scale
        guard millis > 0 else { return "\(whole)" }
        var fraction = String(millis)
        while fraction.count < 3 { fraction = "0" + fraction }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(whole).\(fraction)"
    }
}
