import Etcd
import Foundation
import KubeStorage
import Ops
import OpsTestSupport
import PodModel
import Testing

/// The dashboard's listing and watch, against a real etcd, give every pod the row and probes of
/// a full decode, and every unreadable value its full decoder's entry.
@Suite("row decoder with a real etcd")
struct PodRowSyncTests {
    /// Everything a listing meets: seeded pods in both encodings (with probes and without),
    /// hostile and odd JSON, every status shape, unreadable values.
    static func values() throws -> [(key: String, value: [UInt8])] {
        var values: [(String, [UInt8])] = []
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let factory = SeedPodFactory(namespaces: 4, seed: 17)
        for index in 0..<120 {
            let (key, json) = factory.pod(index, now: now)
            var document = json
            // A third of the pods declare no probe (they are never decoded in full).
            if index % 3 == 0, case .array(let containers)? = document[["spec", "containers"]] {
                document.set(.array(containers.map { container in
                    var c = container
                    c.set(nil, at: ["livenessProbe"])
                    return c
                }), at: ["spec", "containers"])
            }
            let value = index % 2 == 0 ? JSONWriter.compact(document) : try PodValueFixtures.protobuf(document)
            values.append(("/registry/pods/\(key.namespace)/\(key.name)", value))
        }
        for (i, json) in PodValueFixtures.statusShapes.enumerated() where i % 4 == 0 {
            let value = i % 8 == 0 ? JSONWriter.compact(json) : try PodValueFixtures.protobuf(json)
            values.append(("/registry/pods/shapes/shape-\(i)", value))
        }
        for (i, value) in PodValueFixtures.hostileJSON.enumerated() { values.append(("/registry/pods/hostile/h\(i)", value)) }
        for (i, text) in PodValueFixtures.oddJSON.enumerated() { values.append(("/registry/pods/odd/o\(i)", Array(text.utf8))) }
        values.append(("/registry/pods/odd/encrypted", Array("k8s:enc:aescbc:v1:key1:xxxx".utf8)))
        values.append(("/registry/pods/no-namespace", Array(#"{"metadata":{}}"#.utf8)))
        return values
    }

    /// The rows and unreadable entries a full decode of `kvs` gives, with the probes of each pod.
    static func fullDecode(_ kvs: [KeyValue], prefix: String,
                           options: ProbePlanOptions) -> (rows: [PodRow], bad: [UnreadableEntry], plans: [PodKey: [PlannedProbe]]) {
        var rows: [PodRow] = [], bad: [UnreadableEntry] = [], plans: [PodKey: [PlannedProbe]] = [:]
        for kv in kvs {
            switch PodStore.decode(kv, prefix: prefix) {
            case .success(let record):
                rows.append(PodRow(record))
                let probes = ProbePlanner.probes(of: record, options: options)
                if !probes.isEmpty { plans[record.key] = probes }
            case .failure(let entry):
                bad.append(entry)
            }
        }
        return (rows, bad, plans)
    }

    @Test func listingAndWatchGiveTheFullDecodersRows() async throws {
        let fixture = try await StoreFixture.start(flags: ["pageSize": "50"])
        let store = fixture.store
        do {
            let values = try Self.values()
            _ = try await store.etcd.putMany(values.map { (key: $0.key, value: $0.value) })
            let options = ProbePlanOptions()
            let listing = try await store.etcd.list(prefix: store.listPrefix(namespace: nil))
            let expected = Self.fullDecode(listing.kvs, prefix: store.prefix, options: options)
            #expect(expected.rows.count > 150)
            #expect(expected.bad.count > 5)
            #expect(expected.plans.count > 20)

            // The first listing, page by page (as the dashboard reads it), and as one.
            let sync = PodSync(store: store, namespace: nil, probeOptions: options)
            let pages = PartialDeltas()
            let last = try await sync.poll(now: { Date() }, firstPage: { pages.append($0) })
            let streamed = pages.all + [last]
            #expect(streamed.count > 2, "the listing came in pages")
            #expect(streamed.flatMap(\.upserts) == expected.rows)
            var plans: [PodKey: [PlannedProbe]] = [:]
            for delta in streamed { plans.merge(delta.probePlans) { a, _ in a } }
            #expect(plans == expected.plans)
            #expect(last.unreadable == expected.bad.sorted { $0.etcdKey < $1.etcdKey })

            let rows = try await store.listRows(namespace: nil)
            #expect(rows.rows == expected.rows)
            #expect(rows.unreadable == expected.bad)

            // Watch events: every value written again (and some changed), applied as the
            // dashboard applies them.
            let watch = store.etcd.watch(prefix: store.listPrefix(namespace: nil), fromRevision: listing.revision + 1)
            var rewritten = values
            for i in rewritten.indices where i % 5 == 0 {
                rewritten[i].value = PodValueFixtures.hostileJSON[i % PodValueFixtures.hostileJSON.count]
            }
            let revision = try await store.etcd.putMany(rewritten.map { (key: $0.key, value: $0.value) })
            var events: [WatchEvent] = []
            for await update in watch {
                if case .events(let batch, _) = update { events += batch }
                if events.last.map({ $0.kv.modRevision >= revision }) == true { break }
            }
            let delta = await sync.apply(events, at: Date(), endpoint: "test")
            let after = Self.fullDecode(events.map(\.kv), prefix: store.prefix, options: options)
            #expect(delta?.upserts == after.rows)
            for row in after.rows {
                #expect(delta?.probePlans[row.key] == (after.plans[row.key] ?? []), "\(row.key)")
            }
        } catch {
            await fixture.close()
            throw error
        }
        await fixture.close()
    }
}

/// Partial deltas handed over while a listing is read.
final class PartialDeltas: @unchecked Sendable {
    private let lock = NSLock()
    private var deltas: [SyncDelta] = []
    func append(_ delta: SyncDelta) {
        lock.lock()
        deltas.append(delta)
        lock.unlock()
    }
    var all: [SyncDelta] {
        lock.lock()
        defer { lock.unlock() }
        return deltas
    }
}
