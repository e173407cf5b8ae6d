@testable import Etcd
import Foundation
import Synchronization
import Testing
import TestSupport

func client(_ endpoints: String, configure: (inout EtcdConfiguration) -> Void = { _ in }) throws -> EtcdClient {
    var config = EtcdConfiguration(endpoints: try EtcdEndpoint.parseList(endpoints))
    // Loaded CI runners: generous deadlines; tests about deadlines set their own.
    config.dialTimeout = .seconds(10)
    config.requestTimeout = .seconds(20)
    configure(&config)
    return try EtcdClient(configuration: config)
}

func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

@Suite("etcd client against a real etcd", .serialized)
struct EtcdClientTests {
    @Test func putGetAndListAtARevision() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let c = try client(etcd.clientURL)
        let r1 = try await c.put("/registry/pods/a/one", value: bytes("1"))
        try await c.put("/registry/pods/a/two", value: bytes("2"))
        try await c.put("/registry/podsX/not-in-prefix", value: bytes("x"))
        let got = try await c.get("/registry/pods/a/one")
        #expect(got.kv?.value == bytes("1"))
        #expect(got.kv?.modRevision == r1)
        let list = try await c.list(prefix: "/registry/pods/")
        #expect(list.kvs.map(\.keyString) == ["/registry/pods/a/one", "/registry/pods/a/two"])
        let missing = try await c.get("/registry/pods/a/none")
        #expect(missing.kv == nil)
        await c.close()
    }

    @Test func pagedListIsPinnedToTheFirstPagesRevision() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let c = try client(etcd.clientURL) { $0.pageSize = 7 }
        for i in 0..<60 { try await c.put(String(format: "/p/k%03d", i), value: bytes("v\(i)")) }
        // A writer changes and adds keys while the paged listing runs.
        let writer = Task {
            var n = 0
            while !Task.isCancelled && n < 400 {
                try await c.put(String(format: "/p/k%03d", n % 90), value: bytes("w\(n)"))
                n += 1
            }
            return n
        }
        var listings: [RangeResult] = []
        for _ in 0..<5 { listings.append(try await c.list(prefix: "/p/")) }
        writer.cancel()
        _ = try? await writer.value
        for listing in listings {
            // The same snapshot read in a single request at the pinned revision.
            let whole = try await c.list(prefix: "/p/", pageSize: 100_000, revision: listing.revision)
            #expect(listing.kvs == whole.kvs)
            #expect(listing.kvs.allSatisfy { $0.modRevision <= listing.revision })
        }
        let latest = try await c.status()
        #expect(latest.revision > listings[0].revision, "writes happened during the listings")
        await c.close()
    }

    /// A listing of more than a page reads the rest in chains split at the first byte after the
    /// prefix: keys on both sides of every split, and bytes no name has, come back once each, in
    /// key order, pinned to one revision while a writer changes them.
    @Test func aListingSplitIntoChainsReturnsEveryKeyOnceInOrder() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let c = try client(etcd.clientURL) { $0.pageSize = 3 }
        let firsts = ["-", "0", "9", "a", "f", "fz", "g", "g0", "m", "mz", "n", "s", "t", "tt", "z", "~", "\u{80}", "\u{FF}"]
        let keys = firsts.flatMap { first in (0..<4).map { "/q/\(first)name\($0)" } }
        for key in keys { try await c.put(key, value: bytes("v")) }
        try await c.put("/q", value: bytes("outside"))
        try await c.put("/r/a", value: bytes("outside"))
        let writer = Task {
            var n = 0
            while !Task.isCancelled && n < 300 {
                try await c.put(keys[(n * 7) % keys.count], value: bytes("w\(n)"))
                n += 1
            }
        }
        var pages: [RangeResult] = []
        let listed = try await c.listPaged(prefix: "/q/") { pages.append($0) }
        writer.cancel()
        _ = try? await writer.value
        let streamed = pages.flatMap(\.kvs)
        #expect(streamed.map(\.key) == keys.map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(pages.allSatisfy { $0.revision == listed.revision })
        #expect(pages.dropLast().allSatisfy(\.more) && pages.last?.more == false, "more pages follow until the last")
        let whole = try await c.list(prefix: "/q/", pageSize: 100_000, revision: listed.revision)
        #expect(streamed == whole.kvs)
        await c.close()
    }

    /// Paced by their transforms, the chains read and transform every page while the consumer
    /// is still on the first one; the consumer still gets every page once, in key order.
    @Test func chainsPacedByTheirTransformsDoNotWaitForTheConsumer() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let c = try client(etcd.clientURL) { $0.pageSize = 2 }
        // A first page of two keys, then chains [after it, /t/d), [/t/d, /t/g), [/t/g, /t/j)
        // with 4, 6 and 6 keys (8 pages of two) and five empty chains (a page each): 14 pages.
        // Paced by the consumer, each chain would read one page and wait: 9.
        let keys = ["a", "e", "h"].flatMap { first in (0..<6).map { "/t/\(first)\($0)" } }
        for key in keys { try await c.put(key, value: bytes("v")) }
        let transformed = Mutex(0)
        var handed: [[UInt8]] = []
        _ = try await c.listPaged(prefix: "/t/", pace: .transform, transform: { page in
            transformed.withLock { $0 += 1 }
            return page.kvs.map(\.key)
        }) { _, keys in
            if handed.isEmpty {
                do {
                    try await waitUntil("every page read and transformed before the first is handed over") {
                        transformed.withLock { $0 } == 14
                    }
                } catch {
                    Issue.record("\(error) (\(transformed.withLock { $0 }) of 14)")
                }
            }
            handed.append(contentsOf: keys)
        }
        #expect(transformed.withLock { $0 } == 14)
        #expect(handed == keys.map { Array($0.utf8) })
        await c.close()
    }

    @Test func chainBoundsCoverTheRangeWithoutGaps() {
        let prefix = Array("/q/".utf8)
        let end = EtcdClient.prefixEnd(prefix)
        let all = EtcdClient.chainBounds(after: prefix, prefix: prefix, end: end)
        #expect(all.map(\.from) == [prefix] + "dgjmpsv".utf8.map { prefix + [$0] })
        #expect(all.last?.to == end)
        for (a, b) in zip(all, all.dropFirst()) { #expect(a.to == b.from) }
        let four = EtcdClient.chainBounds(after: prefix, prefix: prefix, end: end, chains: 4)
        #expect(four.map(\.from) == [prefix] + "gms".utf8.map { prefix + [$0] })
        #expect(EtcdClient.chainBounds(after: prefix, prefix: prefix, end: end, chains: 1).map(\.from) == [prefix])
        // A first page that ended past a split starts the chains after its last key.
        let late = EtcdClient.chainBounds(after: prefix + Array("p0".utf8), prefix: prefix, end: end)
        #expect(late.map(\.from) == [prefix + Array("p0".utf8), prefix + [UInt8(ascii: "s")], prefix + [UInt8(ascii: "v")]])
        // No end ("\0": the rest of the key space).
        let open = EtcdClient.chainBounds(after: prefix, prefix: prefix, end: [0])
        #expect(open.count == 8 && open.last?.to == [0])
    }

    @Test func compareAndSwapUpdateCreateDelete() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let c = try client(etcd.clientURL)
        let key = "/registry/pods/default/web"

        guard case .succeeded(let created) = try await c.create(key, value: bytes("v1")) else {
            Issue.record("create on an absent key must succeed"); return
        }
        // Create again: conflict, current object returned in the same round trip.
        guard case .conflict(let current?, _) = try await c.create(key, value: bytes("v-other")) else {
            Issue.record("second create must conflict"); return
        }
        #expect(current.value == bytes("v1"))
        #expect(current.modRevision == created)

        // Update on the right revision lands.
        guard case .succeeded(let updated) = try await c.update(key, value: bytes("v2"), expectedModRevision: created) else {
            Issue.record("update at the current revision must succeed"); return
        }
        // Update on the stale revision fails and returns the current object.
        let stale = try await c.update(key, value: bytes("v3"), expectedModRevision: created)
        guard case .conflict(let now?, _) = stale else { Issue.record("stale update must conflict"); return }
        #expect(now.value == bytes("v2"))
        #expect(now.modRevision == updated)
        #expect(try await c.get(key).kv?.value == bytes("v2"))

        // Delete only if unchanged.
        guard case .conflict(let still?, _) = try await c.delete(key, expectedModRevision: created) else {
            Issue.record("delete at a stale revision must conflict"); return
        }
        #expect(still.modRevision == updated)
        guard case .succeeded = try await c.delete(key, expectedModRevision: updated) else {
            Issue.record("delete at the current revision must succeed"); return
        }
        #expect(try await c.get(key).kv == nil)
        // Updating a deleted key: conflict with no current object.
        guard case .conflict(nil, _) = try await c.update(key, value: bytes("v4"), expectedModRevision: updated) else {
            Issue.record("update of a deleted key must conflict with current == nil"); return
        }
        await c.close()
    }

    @Test func aDeadFirstEndpointIsSetAside() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let dead = try PortAllocator.freePort()
        let c = try client("http://127.0.0.1:\(dead),\(etcd.clientURL)")
        try await c.put("/k", value: bytes("v"))
        let got = try await c.get("/k")
        #expect(got.kv?.value == bytes("v"))
        #expect(got.endpoint.port == etcd.clientPort)
        #expect(c.currentEndpoint.port == etcd.clientPort)
        let health = c.endpointHealth()
        #expect(health[0].healthy == false)
        #expect(health[0].lastError != nil)
        await c.close()
    }

    @Test func unreachableClusterFailsWithinTheTimeout() async throws {
        let dead1 = try PortAllocator.freePort(), dead2 = try PortAllocator.freePort()
        let c = try client("127.0.0.1:\(dead1),127.0.0.1:\(dead2)") { $0.requestTimeout = .milliseconds(800) }
        do {
            _ = try await c.list(prefix: "/registry/pods/")
            Issue.record("listing an unreachable cluster must fail")
        } catch {
            #expect(error.kind == .timeout)
            #expect(error.description.contains("no answer within"))
            #expect(error.description.contains("127.0.0.1:"))
        }
        await c.close()
    }

    @Test func oversizedWriteIsExplained() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let c = try client(etcd.clientURL)
        do {
            try await c.put("/big", value: Array(repeating: UInt8(ascii: "x"), count: 2 * 1024 * 1024))
            Issue.record("a 2 MiB put must be refused")
        } catch {
            #expect(error.kind == .requestTooLarge)
            #expect(error.description.contains("max-request-bytes"))
        }
        await c.close()
    }

    @Test func largeRangesAboveFourMebibytes() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let c = try client(etcd.clientURL) { $0.pageSize = 10_000 }
        let value = Array(repeating: UInt8(ascii: "y"), count: 100_000)
        for i in 0..<60 { try await c.put("/big/\(i)", value: value) }
        let list = try await c.list(prefix: "/big/")
        #expect(list.kvs.count == 60)
        #expect(list.kvs.allSatisfy { $0.value.count == 100_000 })
        await c.close()
    }
}
