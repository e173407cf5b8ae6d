import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

extension DockerClient {
    /// Pulls `fromImage` at `tag` (a tag or a digest such as `sha256:…`), streaming the daemon's
    /// progress messages as they arrive.
    ///
    /// The stream finishes after the daemon's last line. It throws
    /// ``DockerError/api(status:message:operation:)`` when the daemon refuses the pull before it
    /// starts (404 unknown tag, 500 unreachable registry or bad credentials, 400 bad reference),
    /// ``DockerError/pullFailed(_:)`` when an error line ends a started pull, and
    /// ``DockerError/malformedResponse(operation:reason:)`` for a line it cannot decode.
    /// Cancelling the consuming task (or dropping the stream) closes the connection, which makes
    /// the daemon abort the pull unless another client is pulling the same image.
    ///
    /// - Parameters:
    ///   - fromImage: the repository, e.g. `127.0.0.1:5000/demo/app` or `library/busybox`.
    ///   - tag: a tag or digest; an empty tag is refused (the daemon would pull every tag).
    ///   - platform: `os[/arch[/variant]]`, sent only when given.
    ///   - auth: registry credentials, sent as `X-Registry-Auth`.
    public func pull(fromImage: String, tag: String, platform: String? = nil,
                     auth: RegistryAuth? = nil) -> AsyncThrowingStream<PullMessage, any Error> {
        let (stream, continuation) = AsyncThrowingStream<PullMessage, any Error>.makeStream()
        if fromImage.trimmingCharacters(in: .whitespaces).isEmpty {
            continuation.finish(throwing: DockerError.invalidArgument("refusing to pull: the image name is empty"))
            return stream
        }
        if tag.trimmingCharacters(in: .whitespaces).isEmpty {
            continuation.finish(throwing: DockerError.invalidArgument(
                "refusing to pull \(fromImage) without a tag: the daemon would pull every tag; give a tag or a digest (sha256:…)"))
            return stream
        }
        let task = Task {
            do {
                try await self.streamPull(fromImage: fromImage, tag: tag, platform: platform, auth: auth, into: continuation)
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    private func streamPull(fromImage: String, tag: String, platform: String?, auth: RegistryAuth?,
                            into continuation: AsyncThrowingStream<PullMessage, any Error>.Continuation) async throws {
        let operation = "POST /images/create (pull \(fromImage) \(tag))"
        let version = try await apiVersion()
        var query = [("fromImage", fromImage), ("tag", tag)]
        if let platform, !platform.isEmpty { query.append(("platform", platform)) }
        var headers: [(String, String)] = []
        if let auth { headers.append(("X-Registry-Auth", auth.headerValue)) }
        let request = makeRequest(.POST, path: "/images/create", version: version, query: query, headers: headers)
        // No deadline: a pull takes as long as it takes; callers watch for stalls.
        let response = try await send(request, operation: operation, timeout: nil)
        guard response.status == .ok else { throw await apiError(response, operation: operation) }

        var decoder = PullStreamDecoder()
        func drain() throws {
            do {
                while let message = try decoder.next() {
                    if let error = message.errorMessage { throw DockerError.pullFailed(error) }
                    continuation.yield(message)
                }
            } catch let error as PullLineError {
                throw DockerError.malformedResponse(operation: operation, reason: error.description)
            }
        }
        do {
            for try await chunk in response.body {
                decoder.append(chunk)
                try drain()
            }
        } catch let error as DockerError {
            throw error
        } catch {
            throw mapTransportError(error, operation: operation, timeout: nil)
        }
        decoder.finish()
        try drain()
    }
}
