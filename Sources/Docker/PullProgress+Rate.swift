extension PullProgress {
    /// Download speed in bytes per second over the last ``speedWindow`` up to `now`; nil before
    /// the first message or when no time has passed. It falls to 0 when bytes stop moving.
    public func bytesPerSecond(now: Duration) -> Double? {
        guard let first = samples.first, first.time <= now else { return nil }
        var latest = first
        for sample in samples where sample.time <= now { latest = sample }
        let windowStart = now - speedWindow
        var baseTime = first.time
        var baseBytes = Double(first.bytes)
        if first.time < windowStart {
            // Interpolate the byte count at the start of the window.
            var before = first
            var after: Sample?
            for sample in samples {
                if sample.time <= windowStart {
                    before = sample
                } else {
                    after = sample
                    break
                }
            }
            baseTime = windowStart
            if let after, after.time > before.time, after.time <= now {
                let span = (after.time - before.time).seconds
                let part = (windowStart - before.time).seconds
                baseBytes = Double(before.bytes) + Double(after.bytes - before.bytes) * part / span
            } else {
                baseBytes = Double(before.bytes)
            }
        }
        let elapsed = (now - baseTime).seconds
        guard elapsed > 0 else { return nil }
        return max(0, (Double(latest.bytes) - baseBytes) / elapsed)
    }

    /// The longest time left ``estimatedTimeRemaining(now:)`` states (100 years); anything
    /// longer, which only absurd layer sizes give, is no estimate at all.
    public static let longestEstimate: Duration = .seconds(100 * 365 * 24 * 3600)

    /// Time left for the downloads at the current speed: zero once complete, nil while the
    /// speed is zero or unknown, while no layer size is known, or when it would be longer than
    /// ``longestEstimate``.
    public func estimatedTimeRemaining(now: Duration) -> Duration? {
        if isComplete { return .zero }
        var knownSum = 0.0, knownCount = 0.0
        for layer in layers where layer.state != .alreadyExists {
            if let total = layer.downloadTotal {
                knownSum += Double(total)
                knownCount += 1
            }
        }
        guard knownCount > 0, let speed = bytesPerSecond(now: now), speed > 0 else { return nil }
        let mean = knownSum / knownCount
        var remaining = 0.0
        for layer in layers where !layer.state.isDownloaded && layer.state != .alreadyExists {
            let total = layer.downloadTotal.map(Double.init) ?? mean
            remaining += max(0, total - Double(layer.downloadedBytes))
        }
        let seconds = remaining / speed
        // Checked before making a Duration, which traps beyond about 1.7e20 seconds.
        guard seconds.isFinite, seconds <= Self.longestEstimate.seconds else { return nil }
        return .seconds(seconds)
    }

    /// Records the byte count at `time`, keeping about 50 samples per window.
    mutating func recordSample(at time: Duration) {
        let bytes = downloadedBytes
        guard let last = samples.last else {
            samples.append(Sample(time: time, bytes: bytes))
            return
        }
        guard bytes != last.bytes, time >= last.time else { return }
        let resolution = speedWindow / 50
        if samples.count >= 2, time - samples[samples.count - 2].time < resolution {
            samples[samples.count - 1] = Sample(time: time, bytes: bytes)
        } else {
            samples.append(Sample(time: time, bytes: bytes))
        }
        // Keep one sample at or before the window start, drop older ones.
        let windowStart = time - speedWindow
        var keepFrom = 0
        for (position, sample) in samples.enumerated() where sample.time <= windowStart {
            keepFrom = position
        }
        if keepFrom > 0 { samples.removeFirst(keepFrom) }
    }
}

extension Duration {
    /// The duration in seconds as a `Double`.
    var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}
