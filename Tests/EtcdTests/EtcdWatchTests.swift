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
        var seen: [String] = []
        var sawInterruption = false
        let stream = c.watch(prefix: "/w/", fromRevision: start)
        var iterator = stream.makeAsyncIterator()
        // Drive: after the first event, restart etcd and write more keys.
        let writer = Task {
            try await etcd.restart()
            let w = try client(etcd.clientURL)
            for i in 0..<5 { try await w.put("/w/b\(i)", value: bytes("x")) }
            await w.close()
        }
        let deadline = ContinuousClock.now.advanced(by: .seconds(60))
        while seen.count < 6, ContinuousClock.now < deadline {
            guard let update = await iterator.next() else { break }
            switch update {
            case .events(let events, _): seen += events.map(\.kv.keyString)
            case .interrupted: sawInterruption = true
            case .connected, .compacted: break
            }
        }
        try await writer.value
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
