import Ops
import Docker
import Synchronization

/// A scripted Docker daemon at the ``ImageService`` seam: each pull is a stream the test feeds,
/// image presence is a set, and every call is counted.
final class PullFakeImageService: ImageService {
    /// One pull the manager asked for.
    struct Request: Sendable {
        var fromImage: String
        var tag: String
        var platform: String?
        var auth: RegistryAuth?
        var continuation: AsyncThrowingStream<PullMessage, any Error>.Continuation
    }

    private struct State {
        var requests: [Request] = []
        var terminated: Set<Int> = []
        var present: Set<String> = []
        var inspections: [String] = []
        var pings = 0
        var unavailable: String?
    }

    private let state = Mutex(State())

    let location = "fake://docker"

    func pull(fromImage: String, tag: String, platform: String?, auth: RegistryAuth?) -> AsyncThrowingStream<PullMessage, any Error> {
        let (stream, continuation) = AsyncThrowingStream<PullMessage, any Error>.makeStream()
        let index = state.withLock { state in
            state.requests.append(Request(fromImage: fromImage, tag: tag, platform: platform, auth: auth, continuation: continuation))
            return state.requests.count - 1
        }
        continuation.onTermination = { [self] _ in
            _ = state.withLock { $0.terminated.insert(index) }
        }
        return stream
    }

    func imageInspect(_ reference: String) async throws -> ImageInfo? {
        let (present, unavailable) = state.withLock { state in
            state.inspections.append(reference)
            return (state.present.contains(reference), state.unavailable)
        }
        if let unavailable { throw DockerError.cannotConnect(host: location, reason: unavailable) }
        return present ? ImageInfo(id: "sha256:" + String(repeating: "a", count: 64), repoTags: [reference]) : nil
    }

    func ping(timeout: Duration) async throws -> String? {
        let unavailable = state.withLock { state in
            state.pings += 1
            return state.unavailable
        }
        if let unavailable { throw DockerError.cannotConnect(host: location, reason: unavailable) }
        return "1.41"
    }

    /// The pulls asked for so far.
    var requests: [Request] { state.withLock { $0.requests } }
    /// Whether the stream of pull `index` was ended by its consumer (its connection closed).
    func isTerminated(_ index: Int) -> Bool { state.withLock { $0.terminated.contains(index) } }
    /// The names inspected so far.
    var inspections: [String] { state.withLock { $0.inspections } }
    /// How many pings were answered.
    var pings: Int { state.withLock { $0.pings } }
    /// Makes an image present or absent.
    func setPresent(_ name: String, _ present: Bool) {
        state.withLock { state in
            if present { state.present.insert(name) } else { state.present.remove(name) }
        }
    }
    /// Makes the daemon unreachable (with a reason) or reachable again (nil).
    func setUnavailable(_ reason: String?) { state.withLock { $0.unavailable = reason } }

    /// Sends a line of pull `index`.
    func send(_ index: Int, _ message: PullMessage) { requests[index].continuation.yield(message) }
    /// Ends pull `index` (with an error when given).
    func end(_ index: Int, throwing error: (any Error)? = nil) { requests[index].continuation.finish(throwing: error) }

    /// The lines of a complete one-layer pull of `bytes` bytes.
    static func completePull(layer: String = "0123456789ab", bytes: Int64 = 1000) -> [PullMessage] {
        [
            PullMessage(id: "1", status: "Pulling from demo/app"),
            PullMessage(id: layer, status: "Pulling fs layer"),
            PullMessage(id: layer, status: "Downloading", progressDetail: .init(current: bytes / 2, total: bytes)),
            PullMessage(id: layer, status: "Downloading", progressDetail: .init(current: bytes, total: bytes)),
            PullMessage(id: layer, status: "Download complete"),
            PullMessage(id: layer, status: "Pull complete"),
            PullMessage(status: "Digest: sha256:" + String(repeating: "b", count: 64)),
            PullMessage(status: "Status: Downloaded newer image for 127.0.0.1:5000/demo/app:1"),
        ]
    }
}
