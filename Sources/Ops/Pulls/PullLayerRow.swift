import Docker

/// One layer of a pull as the pulls panel shows it: state, byte counts and own progress.
public struct PullLayerRow: Sendable, Hashable, Identifiable {
    /// The short layer ID the daemon reports (as received: sanitise before display).
    public var id: String
    /// The layer's latest state.
    public var state: PullProgress.LayerState
    /// Bytes done in the current step (downloaded, or extracted while extracting); nil when
    /// the step has no byte counts.
    public var current: Int64?
    /// Bytes in the current step, when known.
    public var total: Int64?
    /// The layer's own progress from 0 to 1 (downloading is the first half, extracting the second).
    public var fraction: Double

    /// Creates a row.
    public init(id: String, state: PullProgress.LayerState, current: Int64?, total: Int64?, fraction: Double) {
        self.id = id
        self.state = state
        self.current = current
        self.total = total
        self.fraction = fraction
    }

    /// The row for a layer of a ``Docker/PullProgress``.
    public init(_ layer: PullProgress.Layer) {
        var current: Int64?
        var total: Int64?
        switch layer.state {
        case .downloading, .waiting, .pullingFSLayer, .retrying:
            if layer.downloadedBytes > 0 || layer.downloadTotal != nil {
                current = layer.downloadedBytes
                total = layer.downloadTotal
            }
        case .verifying, .downloadComplete:
            current = layer.downloadTotal ?? layer.downloadedBytes
            total = layer.downloadTotal
        case .extracting:
            current = layer.extractedBytes
            total = layer.extractTotal
        case .pullComplete:
            total = layer.downloadTotal
            current = total
        case .alreadyExists, .other:
            break
        }
        self.init(id: layer.id, state: layer.state, current: current, total: total, fraction: layer.fraction)
    }

    /// The state as the daemon words it: `Downloading`, `Pull complete`, `Retrying in 5s`…
    /// (unknown states keep the daemon's text: sanitise before display).
    public var label: String {
        Self.label(state)
    }

    /// The daemon's wording of a layer state.
    public static func label(_ state: PullProgress.LayerState) -> String {
        switch state {
        case .waiting: return "Waiting"
        case .pullingFSLayer: return "Pulling fs layer"
        case .downloading: return "Downloading"
        case .verifying: return "Verifying Checksum"
        case .downloadComplete: return "Download complete"
        case .extracting: return "Extracting"
        case .pullComplete: return "Pull complete"
        case .alreadyExists: return "Already exists"
        case .retrying(let seconds): return "Retrying in \(seconds)s"
        case .other(let text): return text
        }
    }
}
