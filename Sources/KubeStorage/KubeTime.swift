/// Kubernetes' time forms: `metav1.Time` (RFC 3339, whole seconds), `metav1.MicroTime`
/// (RFC 3339 with six fraction digits) and `metav1.Duration` (Go's duration text), computed
/// with integers so that nothing is rounded.
enum KubeTime {
    /// Go's zero `time.Time` as Unix seconds (January 1, year 1, UTC).
    static let goZeroSeconds: Int64 = -62_135_596_800

    /// `2006-01-02T15:04:05Z` (or with `.000000` before the `Z` when `micro`), in UTC; nil when
    /// the year is outside 0...9999, which Go's JSON encoder refuses too.
    static func format(seconds: Int64, nanos: Int64, micro: Bool) -> String? {
        guard let (s, n) = normalized(seconds: seconds, nanos: nanos) else { return nil }
        let days = s >= 0 ? s / 86_400 : (s - 86_399) / 86_400
        let secondsOfDay = s - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        var text = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T"
        text += pad(secondsOfDay / 3600, 2) + ":" + pad(secondsOfDay / 60 % 60, 2) + ":" + pad(secondsOfDay % 60, 2)
        if micro { text += "." + pad(n / 1000, 6) }
        return text + "Z"
    }

    /// `seconds` and `nanos` with the nanoseconds brought into `0..<1e9`, when the instant
    /// falls in years 0...9999 (the ones ``format(seconds:nanos:micro:)`` writes); nil otherwise.
    static func normalized(seconds: Int64, nanos: Int64) -> (seconds: Int64, nanos: Int64)? {
        var s = seconds
        var n = nanos
        if n < 0 || n >= 1_000_000_000 {
            let (q, r) = n.quotientAndRemainder(dividingBy: 1_000_000_000)
            s = s.addingReportingOverflow(r < 0 ? q - 1 : q).partialValue
            n = r < 0 ? r + 1_000_000_000 : r
        }
        // Years 0...9999 only: about ±3e11 s around 1970.
        guard s > -62_200_000_000, s < 253_402_300_800 else { return nil }
        let days = s >= 0 ? s / 86_400 : (s - 86_399) / 86_400
        let year = civil(fromDays: days).0
        guard year >= 0, year <= 9999 else { return nil }
        return (s, n)
    }

    /// Parses RFC 3339 (`Z` or a numeric offset, up to nine fraction digits) into Unix seconds
    /// and nanoseconds.
    static func parse(_ text: String) -> (seconds: Int64, nanos: Int64)? {
        let b = Array(text.utf8)
        guard b.count >= 20 else { return nil }
        func num(_ at: Int, _ count: Int) -> Int64? {
            guard at + count <= b.count else { return nil }
            var v: Int64 = 0
            for k in at..<(at + count) {
                guard b[k] >= 48, b[k] <= 57 else { return nil }
                v = v * 10 + Int64(b[k] - 48)
            }
            return v
        }
        guard let year = num(0, 4), b[4] == 45, let month = num(5, 2), b[7] == 45, let day = num(8, 2),
              b[10] == 84 || b[10] == 116, let hour = num(11, 2), b[13] == 58, let minute = num(14, 2),
              b[16] == 58, let second = num(17, 2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var p = 19
        var nanos: Int64 = 0
        if p < b.count, b[p] == 46 {
            p += 1
            var digits = 0
            while p < b.count, b[p] >= 48, b[p] <= 57 {
                if digits < 9 { nanos = nanos * 10 + Int64(b[p] - 48); digits += 1 }
                p += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<9 { nanos *= 10 }
        }
        guard p < b.count else { return nil }
        var offset: Int64 = 0
        if b[p] == 90 || b[p] == 122 {
            p += 1
        } else if b[p] == 43 || b[p] == 45 {
            guard let oh = num(p + 1, 2), p + 3 < b.count, b[p + 3] == 58, let om = num(p + 4, 2) else { return nil }
            offset = (b[p] == 45 ? -1 : 1) * (oh * 3600 + om * 60)
            p += 6
        } else {
            return nil
        }
        guard p == b.count else { return nil }
        let days = days(year: year, month: month, day: day)
        return (days * 86_400 + hour * 3600 + minute * 60 + second - offset, nanos)
    }

    /// Go's `time.Duration.String()` of `nanoseconds` (`1h0m0s`, `1.5s`, `300ms`, `0s`).
    static func durationText(_ nanoseconds: Int64) -> String {
        if nanoseconds == 0 { return "0s" }
        let negative = nanoseconds < 0
        let u = nanoseconds.magnitude
        var text: String
        if u < 1_000_000_000 {
            if u < 1000 {
                text = "\(u)ns"
            } else if u < 1_000_000 {
                text = fraction(u, digits: 3) + "µs"
            } else {
                text = fraction(u, digits: 6) + "ms"
            }
        } else {
            let whole = u / 1_000_000_000
            var frac = fraction(u % 1_000_000_000, digits: 9, wholeless: true)
            frac = "\(whole % 60)" + frac + "s"
            let minutes = whole / 60
            if minutes > 0 {
                frac = "\(minutes % 60)m" + frac
                let hours = minutes / 60
                if hours > 0 { frac = "\(hours)h" + frac }
            }
            text = frac
        }
        return negative ? "-" + text : text
    }

    /// Parses Go's duration text (`1h2m3.5s`, `300ms`, `-1m`) into nanoseconds.
    static func parseDuration(_ text: String) -> Int64? {
        var s = Substring(text)
        var negative = false
        if s.first == "-" || s.first == "+" { negative = s.first == "-"; s = s.dropFirst() }
        if s == "0" { return 0 }
        guard !s.isEmpty else { return nil }
        var total: Int64 = 0
        while !s.isEmpty {
            let digits = s.prefix { $0.isASCII && $0.isNumber }
            s = s.dropFirst(digits.count)
            var fracDigits = Substring("")
            if s.first == "." {
                s = s.dropFirst()
                fracDigits = s.prefix { $0.isASCII && $0.isNumber }
                s = s.dropFirst(fracDigits.count)
            }
            guard !(digits.isEmpty && fracDigits.isEmpty) else { return nil }
            let unitText = s.prefix { !($0.isASCII && ($0.isNumber || $0 == ".")) }
            s = s.dropFirst(unitText.count)
            let units: [Substring: Int64] = ["ns": 1, "us": 1000, "µs": 1000, "μs": 1000, "ms": 1_000_000,
                                             "s": 1_000_000_000, "m": 60_000_000_000, "h": 3_600_000_000_000]
            guard let unit = units[unitText], let whole = Int64(digits.isEmpty ? "0" : digits) else { return nil }
            var (value, overflow) = whole.multipliedReportingOverflow(by: unit)
            guard !overflow else { return nil }
            var scale = unit
            for d in fracDigits.prefix(18) {
                scale /= 10
                if scale == 0 { break }
                value += Int64(d.asciiValue! - 48) * scale
            }
            (total, overflow) = total.addingReportingOverflow(value)
            guard !overflow else { return nil }
        }
        return negative ? -total : total
    }

    private static func fraction(_ value: UInt64, digits: Int, wholeless: Bool = false) -> String {
        var divisor: UInt64 = 1
        for _ in 0..<digits { divisor *= 10 }
        var frac = String(value % divisor)
        frac = String(repeating: "0", count: digits - frac.count) + frac
        while frac.hasSuffix("0") { frac.removeLast() }
        let dot = frac.isEmpty ? "" : "." + frac
        return wholeless ? dot : "\(value / divisor)" + dot
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    private static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
