import NIOCore

/// How many pieces of CPU-bound work (decoding listed pages, building rows) run at once.
public enum Parallelism {
    /// The cores this process may use, at most eight: NIO's count (CPU affinity and the cgroup
    /// quota), read once for the whole process.
    public static var workers: Int { max(1, min(NIOSingletons.groupLoopCountSuggestion, 8)) }
}
