/// The verdict of one probe run.
public enum ProbeOutcome: String, Sendable, Hashable {
    /// The target is healthy.
    case success
    /// The target counts as healthy, but something deserves a look (e.g. a redirect was not followed).
    case warning
    /// The target is unhealthy.
    case failure
    /// The probe could not be run (unsupported handler, container not running, runtime error).
    case unknown

    /// Whether the outcome counts as a success for thresholds.
    public var isSuccess: Bool { self == .success || self == .warning }
}

/// The result of one probe run.
public struct ProbeResult: Sendable, Hashable {
    /// The most output a result keeps: 10 KiB, like the kubelet.
    public static let maxOutputBytes = 10 * 1024

    /// The verdict.
    public var outcome: ProbeOutcome
    /// One line saying what happened, e.g. `HTTP probe failed with statuscode: 503`.
    public var message: String
    /// How long the run took.
    public var latency: Duration
    /// The response body or command output, at most ``maxOutputBytes`` bytes of UTF-8.
    public private(set) var output: String
    /// When the run finished; probers leave it at the origin and the scheduler stamps it.
    public var at: ProbeInstant

    /// Creates a result; `output` is cut to ``maxOutputBytes`` bytes (on a character boundary).
    public init(outcome: ProbeOutcome, message: String, latency: Duration = .zero, output: String = "",
                at: ProbeInstant = .zero) {
        self.outcome = outcome
        self.message = message
        self.latency = latency
        self.output = ProbeResult.capped(output)
        self.at = at
    }

    /// The same result stamped with `instant`.
    public func stamped(at instant: ProbeInstant) -> ProbeResult {
        var copy = self
        copy.at = instant
        return copy
    }

    /// `text` cut to at most ``maxOutputBytes`` UTF-8 bytes without splitting a character.
    static func capped(_ text: String) -> String {
        guard text.utf8.count > maxOutputBytes else { return text }
        let bytes = Array(text.utf8.prefix(maxOutputBytes + 1))
        var end = maxOutputBytes
        // Step back over continuation bytes so the cut falls between two characters.
        while end > 0 && bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return String(decoding: bytes[..<end], as: UTF8.self)
    }
}
