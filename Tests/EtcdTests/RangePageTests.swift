@testable import Etcd
import EtcdAPI
import Foundation
import SwiftProtobuf
import Testing

/// The listing's own Range reader against SwiftProtobuf's decoding of the same bytes.
@Suite struct RangePageTests {
    private static func response(_ seed: UInt64) -> Etcdserverpb_RangeResponse {
        var rng = SeededGenerator(seed: seed)
        var response = Etcdserverpb_RangeResponse()
        response.header.revision = Int64.random(in: 0...Int64.max, using: &rng)
        response.header.clusterID = UInt64.random(in: 0...UInt64.max, using: &rng)
        response.header.raftTerm = UInt64.random(in: 0...9, using: &rng)
        response.more = Bool.random(using: &rng)
        response.count = Int64.random(in: -5...100_000, using: &rng)
        for _ in 0..<Int.random(in: 0...20, using: &rng) {
            var kv = Mvccpb_KeyValue()
            kv.key = Data((0..<Int.random(in: 0...40, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) })
            kv.value = Data((0..<Int.random(in: 0...3000, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) })
            kv.createRevision = Int64.random(in: -3...1_000_000, using: &rng)
            kv.modRevision = Int64.random(in: Int64.min...Int64.max, using: &rng)
            kv.version = Int64.random(in: 0...50, using: &rng)
            kv.lease = Int64.random(in: 0...2, using: &rng)
            response.kvs.append(kv)
        }
        return response
    }

    private static func page(_ bytes: [UInt8]) throws -> RangePage {
        try bytes.withUnsafeBufferPointer { try RangePage(wire: $0) }
    }

    @Test func readsWhatSwiftProtobufReads() throws {
        for seed in 0..<300 as Range<UInt64> {
            let response = Self.response(seed)
            var bytes = try [UInt8](response.serializedBytes() as [UInt8])
            if seed % 3 == 0 {
                // Fields this reader does not know, at the end: skipped by both.
                bytes += [0x78, 0x2A, 0x82, 0x01, 0x03, 0x61, 0x62, 0x63, 0x8D, 0x01, 1, 2, 3, 4, 0x91, 0x01, 1, 2, 3, 4, 5, 6, 7, 8]
            }
            let decoded = try Etcdserverpb_RangeResponse(serializedBytes: bytes)
            let page = try Self.page(bytes)
            #expect(page.revision == decoded.header.revision)
            #expect(page.more == decoded.more)
            #expect(page.count == decoded.count)
            #expect(page.kvs == decoded.kvs.map(KeyValue.init), "seed \(seed)")
        }
    }

    @Test func truncatedOrMalformedBytesAreRefused() throws {
        let bytes = try [UInt8](Self.response(7).serializedBytes() as [UInt8])
        var refused = 0
        for cut in stride(from: 1, to: bytes.count, by: max(1, bytes.count / 97)) {
            let prefix = Array(bytes[..<cut])
            let protobufRefuses = (try? Etcdserverpb_RangeResponse(serializedBytes: prefix)) == nil
            let pageRefuses = (try? Self.page(prefix)) == nil
            #expect(protobufRefuses == pageRefuses, "cut at \(cut)")
            if pageRefuses { refused += 1 }
        }
        #expect(refused > 10)
        #expect(throws: RangePage.Malformed.self) { try Self.page([0x12, 0x05, 0x0A]) }
        #expect(throws: RangePage.Malformed.self) { try Self.page([0x18, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]) }
    }
}
