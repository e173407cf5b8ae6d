import EtcdAPI
import Foundation
import GRPCCore
import Synchronization

/// One change seen by a watch.
public struct WatchEvent: Sendable, Hashable {
    /// Whether the key was written or deleted.
    public enum Kind: Sendable, Hashable { case put, delete }
    /// The kind of change.
    public var kind: Kind
    /// The key-value after the change (for deletes: key and mod revision of the delete).
    public var kv: KeyValue
}

/// What a watch stream delivers.
public enum WatchUpdate: Sendable {
    /// Changes, in revision order; `revision` is the store revision when they were sent.
    case events([WatchEvent], revision: Int64)
    /// The watch is established (again) on `endpoint`, from `revision`.
    case connected(endpoint: EtcdEndpoint, fromRevision: Int64)
    /// etcd's progress notification: every change under the prefix up to `revision` has been
    /// sent (in etcd 3.4 events may still trail it; they are delivered all the same). Answers a
    /// request made through the watch's progress alarm, or etcd's own periodic notification.
    case progress(revision: Int64)
    /// The stream dropped; it will be resumed from the next revision not yet seen.
    case interrupted(reason: String)
    /// etcd no longer has the history the watch needs: the caller must list again and start a
    /// new watch from the listing's revision + 1. The stream ends after this.
    case compacted(compactRevision: Int64)
}

extension EtcdClient {
    /// Watches every key under `prefix` from `fromRevision`, resuming on another endpoint after a
    /// dropped stream without losing or repeating events. Ends with `.compacted` when the history
    /// was compacted past the revision to resume from; ends when the consuming task is cancelled.
    ///
    /// One gRPC stream stays open while nothing fails. Ringing `progress` sends a
    /// `WatchProgressRequest` on that stream (a message, not a new call); etcd answers with a
    /// `.progress` update, which proves a quiet watch is alive and caught up.
    public func watch(prefix: String, fromRevision: Int64, progress: Alarm? = nil) -> AsyncStream<WatchUpdate> {
        let (stream, continuation) = AsyncStream<WatchUpdate>.makeStream(bufferingPolicy: .unbounded)
        let task = Task { [self] in
            await runWatch(prefix: prefix, fromRevision: fromRevision, progress: progress, continuation: continuation)
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    private func runWatch(prefix: String, fromRevision: Int64, progress: Alarm?,
                          continuation: AsyncStream<WatchUpdate>.Continuation) async {
        let next = Mutex<Int64>(fromRevision)
        let end = Self.prefixEnd(Array(prefix.utf8))
        var failures = 0
        while !Task.isCancelled {
            let index = attemptOrder()[0]
            let endpoint = configuration.endpoints[index]
            do {
                let conn = try connection(at: index)
                if !isProven(index) {
                    try await probe(conn, timeout: configuration.dialTimeout)
                    markHealthy(index)
                }
                var metadata = Metadata()
                metadata.addString("true", forKey: "hasleader")
                if configuration.credentials != nil {
                    // Reuse the call loop's authentication by making a cheap authenticated read.
                    _ = try await execute(.read, key: prefix) { conn, options, md in
                        var r = Etcdserverpb_RangeRequest()
                        r.key = Data(prefix.utf8)
                        r.countOnly = true
                        r.limit = 1
                        return try await conn.kv.range(r, metadata: md, options: options)
                    }
                    if let token = state.withLock({ $0.token }) { metadata.addString(token, forKey: "token") }
                }
                var options = CallOptions.defaults
                options.waitForReady = false
                options.maxResponseMessageBytes = configuration.maxMessageBytes
                options.maxRequestMessageBytes = configuration.maxMessageBytes
                let start = next.withLock { $0 }
                let outcome: WatchOutcome = try await conn.watch.watch(
                    metadata: metadata, options: options,
                    requestProducer: { writer in
                        var create = Etcdserverpb_WatchCreateRequest()
                        create.key = Data(prefix.utf8)
                        create.rangeEnd = Data(end)
                        create.startRevision = start
                        create.progressNotify = true
                        var request = Etcdserverpb_WatchRequest()
                        request.createRequest = create
                        try await writer.write(request)
                        while true {
                            guard let progress else {
                                try await Task.sleep(for: .seconds(3600))
                                continue
                            }
                            if await progress.wait(upTo: .seconds(3600)) {
                                var ask = Etcdserverpb_WatchRequest()
                                ask.progressRequest = Etcdserverpb_WatchProgressRequest()
                                try await writer.write(ask)
                            }
                            try Task.checkCancellation()
                        }
                    },
                    onResponse: { response in
                        for try await message in response.messages {
                            if message.compactRevision > 0 {
                                continuation.yield(.compacted(compactRevision: message.compactRevision))
                                return .compacted
                            }
                            if message.created {
                                continuation.yield(.connected(endpoint: endpoint, fromRevision: start))
                                continue
                            }
                            if message.canceled {
                                return .cancelled(message.cancelReason)
                            }
                            if message.events.isEmpty {
                                // Progress notification: nothing changed up to this revision. The answer to
                                // a progress request (watch id -1) proves only liveness: etcd 3.4 may send it
                                // ahead of events it still has queued, so resuming from it could skip them.
                                if message.watchID != -1 {
                                    next.withLock { $0 = max($0, message.header.revision + 1) }
                                }
                                continuation.yield(.progress(revision: message.header.revision))
                                continue
                            }
                            let events = message.events.map { e in
                                WatchEvent(kind: e.type == .delete ? .delete : .put, kv: KeyValue(e.kv))
                            }
                            if let last = events.last {
                                next.withLock { $0 = max($0, last.kv.modRevision + 1) }
                            }
                            continuation.yield(.events(events, revision: message.header.revision))
                        }
                        return .ended
                    })
                switch outcome {
                case .compacted:
                    return
                case .cancelled(let reason):
                    continuation.yield(.interrupted(reason: reason.isEmpty ? "watch cancelled by etcd" : reason))
                case .ended:
                    continuation.yield(.interrupted(reason: "watch stream closed by \(endpoint.authority)"))
                }
                failures = 0
            } catch {
                if Task.isCancelled { return }
                let e = EtcdError.classify(error, endpoint: endpoint, key: prefix)
                if e.kind == .cancelled { return }
                if e.kind == .unavailable || e.kind == .timeout || e.kind == .server {
                    setAside(index, reason: e.message)
                }
                continuation.yield(.interrupted(reason: e.description))
                failures += 1
            }
            let pause = configuration.retry.delay(forRetry: failures)
            try? await Task.sleep(for: pause)
        }
    }

    private enum WatchOutcome: Sendable { case compacted, cancelled(String), ended }
}
