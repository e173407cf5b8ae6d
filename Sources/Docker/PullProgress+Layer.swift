extension PullProgress {
    /// Where one layer of a pull stands, from the daemon's status lines.
    public enum LayerState: Sendable, Hashable {
        /// `Waiting`: queued behind other downloads.
        case waiting
        /// `Pulling fs layer`: announced, not started.
        case pullingFSLayer
        /// `Downloading`, with the byte counts of the current attempt (a resumed download
        /// counts only what is left, so `total` can shrink).
        case downloading(current: Int64, total: Int64?)
        /// `Verifying Checksum`: downloaded, being checked.
        case verifying
        /// `Download complete`.
        case downloadComplete
        /// `Extracting`, with byte counts.
        case extracting(current: Int64, total: Int64?)
        /// `Pull complete`: downloaded and extracted.
        case pullComplete
        /// `Already exists`: the daemon had it; nothing to transfer.
        case alreadyExists
        /// `Retrying in N seconds`: the download failed and will be tried again.
        case retrying(seconds: Int)
        /// Any other status, kept as the daemon wrote it.
        case other(String)

        /// The state for a status line, given its byte counts.
        init(status: String, detail: PullMessage.ProgressDetail?) {
            switch status {
            case "Waiting": self = .waiting
            case "Pulling fs layer": self = .pullingFSLayer
            case "Downloading": self = .downloading(current: max(0, detail?.current ?? 0), total: Self.positive(detail?.total))
            case "Verifying Checksum": self = .verifying
            case "Download complete": self = .downloadComplete
            case "Extracting": self = .extracting(current: max(0, detail?.current ?? 0), total: Self.positive(detail?.total))
            case "Pull complete": self = .pullComplete
            case "Already exists": self = .alreadyExists
            default:
                if let seconds = Self.retrySeconds(status) {
                    self = .retrying(seconds: seconds)
                } else {
                    self = .other(status)
                }
            }
        }

        /// Where the state comes along a normal pull (announced or waiting, downloading,
        /// verified, downloaded, extracting, done), or nil for a status the daemon made up: a
        /// layer's stages never go down in this order.
        public var stage: Int? {
            switch self {
            case .pullingFSLayer: return 0
            case .waiting: return 1
            case .downloading, .retrying: return 2
            case .verifying: return 3
            case .downloadComplete: return 4
            case .extracting: return 5
            case .pullComplete, .alreadyExists: return 6
            case .other: return nil
            }
        }

        /// Whether the layer needs nothing more.
        public var isDone: Bool {
            switch self {
            case .pullComplete, .alreadyExists: return true
            default: return false
            }
        }

        /// Whether the layer's bytes have all arrived (it may still be extracting).
        public var isDownloaded: Bool {
            switch self {
            case .verifying, .downloadComplete, .extracting, .pullComplete, .alreadyExists: return true
            default: return false
            }
        }

        /// Parses `Retrying in 5 seconds` / `Retrying in 1 second`.
        static func retrySeconds(_ status: String) -> Int? {
            let prefix = "Retrying in "
            guard status.hasPrefix(prefix) else { return nil }
            let rest = status.dropFirst(prefix.count)
            guard let space = rest.firstIndex(of: " "), rest[space...].hasPrefix(" second") else { return nil }
            return Int(rest[..<space])
        }

        private static func positive(_ value: Int64?) -> Int64? {
            guard let value, value > 0 else { return nil }
            return value
        }
    }

    /// One layer of a pull and what is known about its bytes.
    public struct Layer: Sendable, Hashable, Identifiable {
        /// The short layer ID the daemon reports (12 hex digits of the blob digest).
        public let id: String
        /// The latest state.
        public internal(set) var state: LayerState
        /// Bytes downloaded so far (best estimate across resumed attempts; never decreases).
        public internal(set) var downloadedBytes: Int64 = 0
        /// The layer's compressed size: the largest download total seen, nil until known.
        public internal(set) var downloadTotal: Int64?
        /// Bytes extracted so far (never decreases).
        public internal(set) var extractedBytes: Int64 = 0
        /// The extraction total, nil until known.
        public internal(set) var extractTotal: Int64?

        /// Creates a layer in its first state.
        public init(id: String, state: LayerState) {
            self.id = id
            self.state = state
        }

        /// The layer's own progress from 0 to 1: downloading is the first half, extracting
        /// the second.
        public var fraction: Double {
            switch state {
            case .pullComplete, .alreadyExists:
                return 1
            case .extracting:
                guard let total = extractTotal, total > 0 else { return 0.5 }
                return 0.5 + 0.5 * min(1, Double(extractedBytes) / Double(total))
            case .verifying, .downloadComplete:
                return 0.5
            default:
                guard let total = downloadTotal, total > 0 else { return 0 }
                return 0.5 * min(1, Double(downloadedBytes) / Double(total))
            }
        }

        /// Applies a status line; returns whether bytes moved or a milestone was reached.
        mutating func apply(status: String, detail: PullMessage.ProgressDetail?) -> Bool {
            let newState = LayerState(status: status, detail: detail)
            let before = (downloadedBytes, extractedBytes, state.isDownloaded, state.isDone)
            switch newState {
            case .downloading(let current, let total):
                if let total {
                    let largest = max(downloadTotal ?? 0, total)
                    downloadTotal = largest
                    // A resumed download reports what is left: done = size − (left − current).
                    let estimate = largest - max(0, total - current)
                    downloadedBytes = max(downloadedBytes, min(max(0, estimate), largest))
                } else {
                    downloadedBytes = max(downloadedBytes, current)
                }
            case .verifying, .downloadComplete:
                finishDownload()
            case .extracting(let current, let total):
                finishDownload()
                if let total { extractTotal = max(extractTotal ?? 0, total) }
                extractedBytes = max(extractedBytes, min(current, extractTotal ?? current))
            case .pullComplete:
                finishDownload()
                if let total = extractTotal { extractedBytes = max(extractedBytes, total) }
            case .waiting, .pullingFSLayer, .alreadyExists, .retrying, .other:
                break
            }
            state = newState
            return downloadedBytes > before.0 || extractedBytes > before.1
                || (state.isDownloaded && !before.2) || (state.isDone && !before.3)
        }

        private mutating func finishDownload() {
            if let total = downloadTotal {
                downloadedBytes = max(downloadedBytes, total)
            } else {
                downloadTotal = downloadedBytes > 0 ? downloadedBytes : nil
            }
        }
    }
}
