/// The state of one image pull, built from its ``PullMessage``s: per-layer states, an
/// aggregate fraction, bytes, speed, ETA and stall detection.
///
/// A pure value: it reads no clock. Pass each message with the time it arrived, as a
/// `Duration` since any fixed origin of a monotonic clock (the same origin for every call),
/// and pass the current time to the speed, ETA and stall queries.
///
/// **The aggregate fraction** weights each layer by its compressed size (the largest download
/// total seen; layers whose size is not known yet get the mean of the known sizes) and counts
/// downloading as the first half of a layer and extracting as the second. Layers that already
/// exist weigh nothing. The fraction never goes backwards (a layer that appears late or a
/// total that grows would lower the raw ratio; the fraction holds until the ratio catches up),
/// and it is 1 once the daemon's `Status:` line arrives.
///
/// **Bytes and speed** count download bytes only. A resumed download reports the bytes left
/// as its new total, so a layer's downloaded bytes are estimated as
/// `largest total − (total − current)`. Speed is measured over the last ``speedWindow``; the
/// ETA is the bytes left (estimated the same way for layers of unknown size) at that speed.
public struct PullProgress: Sendable, Equatable {
    /// How long without byte progress counts as stalled unless the caller says otherwise.
    public static let defaultStallTimeout: Duration = .seconds(60)

    /// The window over which speed is measured.
    public let speedWindow: Duration
    /// The layers in the order the daemon first mentioned them.
    public private(set) var layers: [Layer] = []
    /// The repository from the `Pulling from …` line.
    public private(set) var repository: String?
    /// The manifest digest from the `Digest: sha256:…` line.
    public private(set) var digest: String?
    /// The final status without its `Status: ` prefix, e.g. `Image is up to date for …`.
    public private(set) var status: String?
    /// The error of a failed pull.
    public private(set) var failure: String?
    /// The aggregate progress from 0 to 1; never decreases.
    public private(set) var fraction: Double = 0
    /// When the first message arrived.
    public private(set) var startedAt: Duration?
    /// When bytes last moved (or a layer finished a step).
    public private(set) var lastProgressAt: Duration?

    private var layerIndex: [String: Int] = [:]
    var samples: [Sample] = []

    struct Sample: Sendable, Equatable {
        var time: Duration
        var bytes: Int64
    }

    /// Creates an empty progress; `speedWindow` (default 5 s) is the span speed is averaged over.
    public init(speedWindow: Duration = .seconds(5)) {
        self.speedWindow = speedWindow > .zero ? speedWindow : .seconds(5)
    }

    /// Whether the daemon reported the pull as finished (`Status: …`).
    public var isComplete: Bool { status != nil }

    /// Whether the image was already present and up to date.
    public var isUpToDate: Bool { status?.hasPrefix("Image is up to date") ?? false }

    /// The layer with the given short ID.
    public func layer(_ id: String) -> Layer? {
        layerIndex[id].map { layers[$0] }
    }

    /// Bytes downloaded so far over all layers (at most `Int64.max`, whatever the daemon reports).
    public var downloadedBytes: Int64 {
        layers.reduce(0) { Self.saturatingSum($0, $1.state == .alreadyExists ? 0 : $1.downloadedBytes) }
    }

    /// The sum of the layer sizes known so far (at most `Int64.max`).
    public var knownTotalBytes: Int64 {
        layers.reduce(0) { Self.saturatingSum($0, $1.state == .alreadyExists ? 0 : ($1.downloadTotal ?? 0)) }
    }

    /// `a + b` for byte counts (never negative), `Int64.max` when the sum does not fit.
    private static func saturatingSum(_ a: Int64, _ b: Int64) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? .max : sum
    }

    /// Whether some layer's size is still unknown.
    public var hasUnknownTotals: Bool {
        layers.contains { $0.state != .alreadyExists && $0.downloadTotal == nil }
    }

    /// Takes in one message that arrived at `time`.
    public mutating func apply(_ message: PullMessage, at time: Duration) {
        if startedAt == nil {
            startedAt = time
            samples.append(Sample(time: time, bytes: 0))
        }
        if let error = message.errorMessage {
            failure = error
            return
        }
        guard let text = message.status else { return }
        if text.hasPrefix("Pulling from ") {
            repository = String(text.dropFirst("Pulling from ".count))
        } else if let id = message.id, !id.isEmpty {
            let moved: Bool
            if let position = layerIndex[id] {
                moved = layers[position].apply(status: text, detail: message.progressDetail)
            } else {
                var layer = Layer(id: id, state: .other(text))
                moved = layer.apply(status: text, detail: message.progressDetail)
                layerIndex[id] = layers.count
                layers.append(layer)
            }
            if moved { lastProgressAt = max(lastProgressAt ?? time, time) }
        } else if text.hasPrefix("Digest: ") {
            digest = String(text.dropFirst("Digest: ".count))
        } else if text.hasPrefix("Status: ") {
            status = String(text.dropFirst("Status: ".count))
            lastProgressAt = max(lastProgressAt ?? time, time)
        }
        recordSample(at: time)
        updateFraction()
    }

    /// Whether no bytes moved for `after` (default 60 s) up to `now`, on an unfinished pull.
    /// The caller then cancels the pull.
    public func isStalled(now: Duration, after: Duration = PullProgress.defaultStallTimeout) -> Bool {
        guard !isComplete, failure == nil, let startedAt else { return false }
        return now - (lastProgressAt ?? startedAt) >= after
    }

    private mutating func updateFraction() {
        if isComplete {
            fraction = 1
            return
        }
        var knownSum = 0.0, knownCount = 0.0
        for layer in layers where layer.state != .alreadyExists {
            if let total = layer.downloadTotal {
                knownSum += Double(total)
                knownCount += 1
            }
        }
        let fallbackWeight = knownCount > 0 ? knownSum / knownCount : 1
        var weightSum = 0.0, doneSum = 0.0
        for layer in layers where layer.state != .alreadyExists {
            let weight = max(1, layer.downloadTotal.map(Double.init) ?? fallbackWeight)
            weightSum += weight
            doneSum += weight * layer.fraction
        }
        guard weightSum > 0 else { return }
        fraction = max(fraction, min(1, doneSum / weightSum))
    }
}
