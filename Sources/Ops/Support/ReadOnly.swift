/// The refusal every write path gives under `--readonly`.
public enum ReadOnly {
    /// The failure for `action`.
    public static func refusal(_ action: String) -> CommandFailure {
        CommandFailure(.runtime, "refusing to \(action): read-only mode (--readonly or readonly: true in the config); nothing written")
    }
}
