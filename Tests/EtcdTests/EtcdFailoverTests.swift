import Etcd
import Foundation
import Testing
import TestSupport

@Suite("etcd failover across a 3-member cluster", .serialized)
struct EtcdFailoverTests {
    @Test func killingTheMemberInUseFailsOverAndNoWriteIsLost() async throws {
        let cluster = try await EtcdCluster.start(size: 3)
        defer { cluster.stop() }
        let c = try client(cluster.endpoints) {
            $0.setAsideDuration = .milliseconds(500)
            $0.requestTimeout = .seconds(10)
        }
        var written: [String: [UInt8]] = [:]
        for i in 0..<20 {
            let key = "/f/k\(i)"
            try await c.put(key, value: bytes("v\(i)"))
            written[key] = bytes("v\(i)")
        }
        let first = c.currentEndpoint
        let victim = try #require(cluster.members.first { $0.clientPort == first.port })
        victim.kill()

        // Reads and writes go on through another member.
        var failures: [String] = []
        for i in 20..<40 {
            let key = "/f/k\(i)"
            do {
                try await c.put(key, value: bytes("v\(i)"))
                written[key] = bytes("v\(i)")
            } catch {
                // A write may only fail with a clear reason, and then it must not claim success.
                failures.append(error.description)
            }
        }
        #expect(c.currentEndpoint != first, "the client moved to another member")
        let listing = try await c.list(prefix: "/f/")
        #expect(listing.endpoint != first)
        let stored = Dictionary(uniqueKeysWithValues: listing.kvs.map { ($0.keyString, $0.value) })
        for (key, value) in written {
            #expect(stored[key] == value, "every write that reported success is in etcd (\(key))")
        }
        #expect(failures.allSatisfy { !$0.isEmpty })
        #expect(written.count >= 35, "most writes during failover succeed: \(failures)")

        // Without quorum reads fail clearly within the deadline instead of hanging.
        let second = try #require(cluster.members.first { $0.isRunning && $0.clientPort != first.port })
        second.kill()
        let impatient = try client(cluster.endpoints) { $0.requestTimeout = .seconds(2) }
        do {
            _ = try await impatient.list(prefix: "/f/")
            Issue.record("a read without quorum must fail")
        } catch {
            #expect(error.kind == .timeout || error.kind == .unavailable, "\(error.kind): \(error.description)")
            #expect(error.description.contains("quorum") || error.description.contains("no answer"))
        }
        await impatient.close()

        // Both back: the first client recovers by itself.
        try await victim.restart(wait: false)
        try await second.restart(wait: false)
        try await cluster.waitForLeader()
        try await waitUntil("reads work again", timeout: .seconds(30)) {
            (try? await c.list(prefix: "/f/").kvs.count) == written.count
        }
        await c.close()
    }
}
