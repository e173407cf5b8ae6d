import Foundation

/// Records, for every key, the time from the moment the dashboard took it from the terminal to
/// the moment the first frame drawn after handling it was flushed (or found unchanged): one line
/// of microseconds per key, appended to the file named by `PODDECK_KEY_TRACE`. Off when the
/// variable is unset; meant for measuring the real binary (`scripts/bench-dashboard`).
@MainActor
final class KeyLatencyTrace {
    private let descriptor: Int32
    /// When each key not yet on screen arrived, oldest first.
    private var arrivals: [ContinuousClock.Instant] = []
    /// How many of `arrivals` have been handled by `update`.
    private var handled = 0

    /// A trace writing to `PODDECK_KEY_TRACE`, or nil when it is unset or cannot be opened.
    init?(environment: [String: String]) {
        guard let path = environment["PODDECK_KEY_TRACE"], !path.isEmpty else { return nil }
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return nil }
        descriptor = fd
    }

    deinit { close(descriptor) }

    /// A key was taken from the terminal.
    func arrived() { arrivals.append(.now) }

    /// The oldest key not yet handled went through `update`.
    func handledKey() { handled = min(handled + 1, arrivals.count) }

    /// A frame was flushed (or was unchanged): every handled key is on screen.
    func frameDone() {
        guard handled > 0 else { return }
        let now = ContinuousClock.now
        var text = ""
        for arrival in arrivals.prefix(handled) {
            let elapsed = (now - arrival).components
            text += "\(elapsed.seconds * 1_000_000 + elapsed.attoseconds / 1_000_000_000_000)\n"
        }
        arrivals.removeFirst(handled)
        handled = 0
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written <= 0 { break }
            offset += written
        }
    }
}
