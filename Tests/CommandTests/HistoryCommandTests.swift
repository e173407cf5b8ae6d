import Foundation
import Testing
import TestSupport

@Suite("poddeck history against a real etcd", .serialized)
struct HistoryCommandTests {
    @Test func listsVersionsAndStatesTheCompactionPoint() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let ns = "hist-\(UInt32.random(in: 0...UInt32.max))"
        let doc = webPod.replacingOccurrences(of: "namespace: shop", with: "namespace: \(ns)")
        var revisions: [Int] = []
        let created = try await poddeck(etcd, ["apply", "-f", "-"], stdin: doc)
        revisions.append(try #require(Self.revision(created.stdout)))
        for v in 2...5 {
            let patched = try await poddeck(etcd, ["patch", "pod", "\(ns)/web", "--merge", #"{"metadata":{"labels":{"v":"\#(v)"}}}"#])
            #expect(patched.status == 0, "\(patched.stderr)")
            revisions.append(try #require(Self.revision(patched.stdout)))
        }
        let full = try await poddeck(etcd, ["history", "pod", "\(ns)/web"])
        #expect(full.status == 0, "\(full.stderr)")
        #expect(full.stdout.split(separator: "\n").count == 7)
        #expect(full.stdout.contains("\n\(revisions[0])  "))
        #expect(full.stdout.contains("created\n"))
        #expect(full.stdout.hasSuffix("revision \(revisions[0]) created this pod; history stops there (an earlier pod with the same name, deleted before, is not followed)\n"))

        let compacted = try await etcd.etcdctl(["compact", String(revisions[2]), "--physical"])
        #expect(compacted.status == 0, "\(compacted.stderr)")
        let table = try await poddeck(etcd, ["history", "pod", "\(ns)/web"])
        #expect(table.status == 0, "\(table.stderr)")
        let lines = table.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.split(separator: " ", omittingEmptySubsequences: true) == ["REVISION", "VERSION", "CHANGES"])
        let shown: [String] = lines.dropFirst().prefix(3).map { String($0.prefix(while: { $0 != " " })) }
        let expected: [String] = revisions.suffix(3).reversed().map { String($0) }
        #expect(shown == expected)
        #expect(lines[1].hasSuffix("1 field: metadata.labels.v"))
        #expect(lines[1].split(separator: " ", omittingEmptySubsequences: true)[1] == "5", "the version column")
        #expect(lines.last == "history before revision \(revisions[2]) was compacted")

        let diff = try await poddeck(etcd, ["history", "pod", "\(ns)/web", "--diff"])
        #expect(diff.stdout.contains("--- pod \(ns)/web (revision \(revisions[3]))\n+++ pod \(ns)/web (revision \(revisions[4]))\n"))
        #expect(diff.stdout.contains("-    v: \"4\"\n+    v: \"5\"\n"))

        let json = try await poddeck(etcd, ["history", "pod", "\(ns)/web", "-o", "json"])
        #expect(json.status == 0)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(array.compactMap { ($0["revision"] as? NSNumber)?.intValue } == revisions.suffix(3).reversed())
        #expect(array.compactMap { ($0["version"] as? NSNumber)?.intValue } == [5, 4, 3])
        #expect(array.first?["changedPaths"] as? [String] == ["metadata.labels.v"])
        let object = try #require(array.first?["object"] as? [String: Any])
        #expect((object["metadata"] as? [String: Any])?["resourceVersion"] as? String == String(revisions[4]))
        #expect(json.stderr.contains("history before revision \(revisions[2]) was compacted"))

        let yaml = try await poddeck(etcd, ["history", "pod", "\(ns)/web", "-o", "yaml"])
        #expect(yaml.stdout.hasPrefix("- revision: \(revisions[4])\n"))

        let missing = try await poddeck(etcd, ["history", "pod", "\(ns)/nope"])
        #expect(missing.status == 5)
        #expect(missing.stderr.contains("not found"))
        let badOutput = try await poddeck(etcd, ["history", "pod", "\(ns)/web", "-o", "wide"])
        #expect(badOutput.status == 2)
    }

    @Test func aLimitOfOneSaysVersionOnce() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let ns = "hist1-\(UInt32.random(in: 0...UInt32.max))"
        #expect(try await poddeck(etcd, ["apply", "-f", "-"], stdin: webPod.replacingOccurrences(of: "namespace: shop", with: "namespace: \(ns)")).status == 0)
        #expect(try await poddeck(etcd, ["patch", "pod", "\(ns)/web", "--merge", #"{"metadata":{"labels":{"v":"2"}}}"#]).status == 0)
        let one = try await poddeck(etcd, ["history", "pod", "\(ns)/web", "--limit", "1"])
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stdout.hasSuffix("only the newest version is shown; older ones were not read\n"), "\(one.stdout)")
        let two = try await poddeck(etcd, ["history", "pod", "\(ns)/web", "--limit", "2"])
        #expect(!two.stdout.contains("only the"), "both versions fit: \(two.stdout)")
    }

    static func revision(_ stdout: String) -> Int? {
        guard let match = stdout.firstMatch(of: /\(revision (\d+)\)/) else { return nil }
        return Int(match.1)
    }
}
