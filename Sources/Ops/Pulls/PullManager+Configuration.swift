import Foundation

extension PullManager {
    /// How a ``PullManager`` runs its pulls.
    public struct Configuration: Sendable, Equatable {
        /// Pulls streaming at once; the rest wait in order (`--max-parallel-pulls`, default 3).
        public var maxParallel: Int
        /// No byte progress for this long marks a pull stalled, then cancels it
        /// (`--pull-stall-timeout`, default 60 s).
        public var stallTimeout: Duration
        /// The shortest time between two progress events of one pull (default 100 ms: ~10/s).
        public var progressInterval: Duration
        /// How many finished pulls ``PullManager/snapshot()`` keeps (default 20).
        public var recentLimit: Int
        /// The environment registry credentials are read through (`DOCKER_CONFIG`, `HOME`).
        public var environment: [String: String]

        /// Creates a configuration; out-of-range values are raised to their minimum.
        public init(maxParallel: Int = 3, stallTimeout: Duration = .seconds(60), progressInterval: Duration = .milliseconds(100),
                    recentLimit: Int = 20, environment: [String: String] = ProcessInfo.processInfo.environment) {
            self.maxParallel = max(1, maxParallel)
            self.stallTimeout = max(.milliseconds(1), stallTimeout)
            self.progressInterval = max(.zero, progressInterval)
            self.recentLimit = max(0, recentLimit)
            self.environment = environment
        }

        /// The configuration the settings ask for (`maxParallelPulls`, `pullStallTimeout`).
        public init(settings: DeckSettings, environment: [String: String] = ProcessInfo.processInfo.environment) {
            self.init(maxParallel: settings.maxParallelPulls, stallTimeout: settings.pullStallTimeout, environment: environment)
        }
    }

    /// The pulls of one image: the one queued or running, if any, and the last one that ended.
    public struct ImagePulls: Sendable, Hashable {
        /// The pull queued or running for the image, if any.
        public var active: PullSnapshot?
        /// The last pull of the image that ended, if any.
        public var lastFinished: PullSnapshot?

        /// Creates a record.
        public init(active: PullSnapshot? = nil, lastFinished: PullSnapshot? = nil) {
            self.active = active
            self.lastFinished = lastFinished
        }
    }
}
