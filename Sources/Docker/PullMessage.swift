/// One line of the daemon's pull stream (`POST /images/create`), decoded.
///
/// Layer lines carry the short layer `id` and a `status` such as `Downloading`; summary lines
/// (`Digest: …`, `Status: …`) have no id; the last line of a failed pull carries
/// ``errorMessage``.
public struct PullMessage: Sendable, Hashable {
    /// Byte counts of a `Downloading` or `Extracting` step.
    public struct ProgressDetail: Sendable, Hashable {
        /// Bytes done so far.
        public var current: Int64?
        /// Bytes in all (can shrink when a download resumes: it then counts what is left).
        public var total: Int64?

        /// Creates a detail.
        public init(current: Int64? = nil, total: Int64? = nil) {
            self.current = current
            self.total = total
        }
    }

    /// The layer's short ID (or the tag on the `Pulling from …` line).
    public var id: String?
    /// The status text, e.g. `Pulling fs layer`, `Downloading`, `Status: Image is up to date for …`.
    public var status: String?
    /// The daemon's rendered progress bar text.
    public var progress: String?
    /// Byte counts; nil when absent or empty (`{}`).
    public var progressDetail: ProgressDetail?
    /// The error text of a failed pull (`errorDetail.message`, else `error`).
    public var errorMessage: String?

    /// Creates a message.
    public init(id: String? = nil, status: String? = nil, progress: String? = nil,
                progressDetail: ProgressDetail? = nil, errorMessage: String? = nil) {
        self.id = id
        self.status = status
        self.progress = progress
        self.progressDetail = progressDetail
        self.errorMessage = errorMessage
    }
}
