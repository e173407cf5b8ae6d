import Etcd
import Foundation
import Testing
import TestSupport

@Suite("etcd watch", .serialized)
struct EtcdWatchTests {
    @Test func watchResumesAfterTheMemberRestarts() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let c = try client(etcd.clientURL) { $0.setAsideDuration = .milliseconds(100) }
        let start = try await c.put("/w/a", value: bytes("1"))
        let stream = c.watch(prefix: "/w/", fromRevision: start)
        // The consumer ends after six events, or when the watchdog or a failed writer cancels it
        // (a cancelled consumer's stream ends), so the test cannot hang on a silent watch.
        let (firstEvent, signal) = AsyncStream<Void>.makeStream()
        let consumer = Task { () -> (seen: [String], sawInterruption: Bool) in
            defer { signal.finish() }
            var seen: [String] = []
            var sawInterruption = false
            for await update in stream {
                switch update {
                case .events(let events, _):
                    seen += events.map(\.kv.keyString)
                    signal.yield()
                case .interrupted: sawInterruption = true
                case .connected, .compacted, .progress: break
                }
                if seen.count >= 6 { break }
            }
            return (seen, sawInterruption)
        }
        let watchdog = Task {
            try await Task.sleep(for: .seconds(90))
            consumer.cancel()
        }
        defer { watchdog.cancel() }
        // Drive: once the watch has delivered its first event, restart etcd and write more keys.
        for await _ in firstEvent { break }
        do {
            try await etcd.restart()
            let w = try client(etcd.clientURL)
            for i in 0..<5 { try await w.put("/w/b\(i)", value: bytes("x")) }
            await w.close()
        } catch {
            consumer.cancel()
            throw error
        }
        let (seen, sawInterruption) = await consumer.value
        #expect(seen == ["/w/a", "/w/b0", "/w/b1", "/w/b2", "/w/b3", "/w/b4"], "every event exactly once, in order")
        #expect(sawInterruption)
        await c.close()
    }

    @Test func compactedHistoryAsksForARelist() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let c = try client(etcd.clientURL)
        let first = try await c.put("/c/a", value: bytes("1"))
        try await c.put("/c/a", value: bytes("2"))
        let last = try await c.put("/c/a", value: bytes("3"))
        try await c.compact(revision: last)
        var iterator = c.watch(prefix: "/c/", fromRevision: first).makeAsyncIterator()
        var compactedAt: Int64?
        while let update = await iterator.next() {
            if case .compacted(let rev) = update { compactedAt = rev; break }
        }
        #expect(compactedAt == last)
        // The relist the caller does: a fresh listing and a watch from its revision.
        let listing = try await c.list(prefix: "/c/")
        #expect(listing.kvs.map(\.value) == [bytes("3")])
        do {
            _ = try await c.get("/c/a", revision: first)
            Issue.record("reading a compacted revision must fail")
        } catch {
            #expect(error.kind == .compacted)
        }
        await c.close()
    }
}
