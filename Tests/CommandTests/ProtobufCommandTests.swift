import Foundation
import Testing
import TestSupport

/// Protobuf pods (as a kube-apiserver stores them, made by Google's Python runtime) through the
/// real binary and a real etcd: read on every surface, written back as protobuf with the fields
/// the schema does not know, decoded by the Python runtime afterwards.
@Suite("protobuf pods through the binary and etcd", .serialized)
struct ProtobufCommandTests {
    /// Stores a fixture under `/registry/pods/NS/NAME` as etcdctl would.
    func store(_ etcd: EtcdServer, _ bytes: [UInt8], at key: String) async throws {
        let result = try await etcd.etcdctl(["put", key], stdin: bytes)
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// The stored bytes of `key`, decoded by the Python runtime.
    func pythonView(_ etcd: EtcdServer, _ ns: String, _ name: String) async throws -> [String: Any] {
        let stored = try await poddeck(etcd, ["get", "pod", "\(ns)/\(name)", "-o", "proto"])
        #expect(stored.status == 0, "\(stored.stderr)")
        #expect(stored.stdoutBytes.starts(with: [0x6B, 0x38, 0x73, 0x00]), "still the protobuf envelope")
        return try await KubeProtoPython.decode(stored.stdoutBytes)
    }

    /// The value at a dotted path under the Python view's `object`.
    func value(_ view: [String: Any], _ path: String) -> Any? {
        var current: Any? = view["object"]
        for part in path.split(separator: ".") { current = (current as? [String: Any])?[String(part)] }
        return current
    }

    func unknownFields(_ view: [String: Any]) -> [String] {
        ((view["unknown"] as? [[String: Any]]) ?? []).map { "\($0["path"]!)#\($0["number"]!)" }.sorted()
    }

    @Test func getEditPatchApplyDeleteKeepProtobufAndUnknownFields() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let fixtures = try await KubeProtoPython.namedFixtures()
        try await store(etcd, try #require(fixtures["pod-unknown-fields"]), at: "/registry/pods/default/web-new")
        try await store(etcd, try #require(fixtures["pod-basic"]), at: "/registry/pods/default/web")
        let unknownBefore = unknownFields(try await pythonView(etcd, "default", "web-new"))
        #expect(unknownBefore.count == 5)

        // Read: every listing form and the wide STORAGE column.
        let names = try await poddeck(etcd, ["get", "pods", "-n", "default", "-o", "name"])
        #expect(names.stdout == "default/web\ndefault/web-new\n")
        let table = try await poddeck(etcd, ["get", "pods", "-n", "default"])
        #expect(table.status == 0 && table.stderr.isEmpty, "\(table.stderr)")
        #expect(table.stdout.contains("web-new") && table.stdout.contains("Running") && table.stdout.contains("nginx:1.25"))
        let wide = try await poddeck(etcd, ["get", "pods", "-n", "default", "-o", "wide"])
        #expect(wide.stdout.split(separator: "\n").first?.contains("STORAGE") == true)
        #expect(wide.stdout.split(separator: "\n").dropFirst().allSatisfy { $0.contains(" protobuf ") })
        let json = try await poddeck(etcd, ["get", "pod", "default/web-new", "-o", "json"])
        #expect(json.stdout.contains("\"creationTimestamp\": \"2023-11-14T22:13:20Z\""))
        #expect(json.stdout.contains("\"resourceVersion\": \""), "resourceVersion is filled in on read")
        let list = try await poddeck(etcd, ["get", "pods", "-n", "default", "-o", "yaml"])
        #expect(list.stdout.contains("name: web-new") && list.stdout.contains("port: http"))

        // Patch: a label, then a field the 2019 schema lacks (refused, exit 3).
        let patched = try await poddeck(etcd, ["patch", "pod", "default/web-new", "--merge", #"{"metadata":{"labels":{"patched":"yes"}}}"#])
        #expect(patched.status == 0, "\(patched.stderr)")
        var view = try await pythonView(etcd, "default", "web-new")
        #expect(unknownFields(view) == unknownBefore, "unknown fields survive a patch")
        #expect((value(view, "metadata.labels.patched") as? String) == "yes")
        let refused = try await poddeck(etcd, ["patch", "pod", "default/web-new", "--merge", #"{"spec":{"ephemeralContainers":[{"name":"x"}]}}"#])
        #expect(refused.status == 3, "\(refused.stderr)")
        #expect(refused.stderr.contains("spec.ephemeralContainers: field not in the Kubernetes v1 protobuf schema"))

        // A patch that changes nothing writes nothing.
        let revisionBefore = try await etcd.etcdctl(["get", "/registry/pods/default/web-new", "-w", "json"]).stdout
        let same = try await poddeck(etcd, ["patch", "pod", "default/web-new", "--merge", #"{"metadata":{"labels":{"patched":"yes"}}}"#])
        #expect(same.stdout.contains("no change"))
        #expect(try await etcd.etcdctl(["get", "/registry/pods/default/web-new", "-w", "json"]).stdout == revisionBefore)

        // Edit through $EDITOR: the header names the encoding; the image changes, nothing else.
        let dir = try TempDirectory.make(prefix: "protoedit")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let editor = try ShellScript.write(dir + "/editor", """
            grep '^# Stored as' "$1" > \(dir)/header
            sed -i 's/image: nginx:1.25/image: nginx:1.27/' "$1"
            """)
        let edited = try await poddeck(etcd, ["edit", "pod", "default/web-new"], env: ["EDITOR": editor])
        #expect(edited.status == 0, "\(edited.stderr)")
        let header = try String(contentsOfFile: dir + "/header", encoding: .utf8)
        #expect(header.contains("Stored as Kubernetes protobuf"))
        view = try await pythonView(etcd, "default", "web-new")
        #expect(unknownFields(view) == unknownBefore, "unknown fields survive an edit")
        let containers = value(view, "spec.containers") as? [NSDictionary]
        #expect(containers?.first?["image"] as? String == "nginx:1.27")

        // An edit adding a field the 2019 schema lacks reopens with the reason; removing it saves.
        let twoRounds = try ShellScript.write(dir + "/editor2", """
            n=$(cat \(dir)/count 2>/dev/null || echo 0); n=$((n+1)); echo $n > \(dir)/count
            cp "$1" \(dir)/seen-$n
            case $n in
            1) sed -i 's/^spec:$/spec:\\n  ephemeralContainers:\\n  - name: debug/' "$1" ;;
            2) sed -i '/^  ephemeralContainers:$/d; /^  - name: debug$/d; s/nodeName: node-1/nodeName: node-2/' "$1" ;;
            esac
            """)
        let reopened = try await poddeck(etcd, ["edit", "pod", "default/web-new"], env: ["EDITOR": twoRounds])
        #expect(reopened.status == 0, "\(reopened.stderr)")
        let second = try String(contentsOfFile: dir + "/seen-2", encoding: .utf8)
        #expect(second.contains("# ERROR: cannot be stored as Kubernetes protobuf: spec.ephemeralContainers: field not in the Kubernetes v1 protobuf schema"),
                "\(second.prefix(600))")
        view = try await pythonView(etcd, "default", "web-new")
        #expect((value(view, "spec.nodeName") as? String) == "node-2")
        #expect(unknownFields(view) == unknownBefore)

        // Apply the document read back, with a change: written at its revision, still protobuf.
        let yaml = try await poddeck(etcd, ["get", "pod", "default/web-new", "-o", "yaml"])
        let changed = yaml.stdout.replacingOccurrences(of: "phase: Running", with: "phase: Succeeded")
        let applied = try await poddeck(etcd, ["apply", "-f", "-"], stdin: changed)
        #expect(applied.status == 0 && applied.stdout.contains("configured"), "\(applied.stderr)")
        view = try await pythonView(etcd, "default", "web-new")
        #expect(unknownFields(view) == unknownBefore, "unknown fields survive an apply")
        #expect((value(view, "status.phase") as? String) == "Succeeded")
        let unchanged = try await poddeck(etcd, ["apply", "-f", "-"], stdin: changed.replacingOccurrences(of: "resourceVersion", with: "x-ignored-rv"))
        #expect(unchanged.status != 0 || unchanged.stdout.contains("unchanged"))

        // decode of the stored bytes agrees with get -o json.
        let stored = try await poddeck(etcd, ["get", "pod", "default/web", "-o", "proto"])
        let file = dir + "/web.bin"
        #expect(FileManager.default.createFile(atPath: file, contents: Data(stored.stdoutBytes)))
        let decoded = try await PodDeckBinary.run(["decode", file])
        #expect(decoded.status == 0, "\(decoded.stderr)")
        #expect(decoded.stdout.contains("\"kind\": \"Pod\"") && decoded.stdout.contains("\"name\": \"web\""))

        // Delete at the revision read, as for JSON.
        let deleted = try await poddeck(etcd, ["delete", "pod", "default/web-new"])
        #expect(deleted.status == 0, "\(deleted.stderr)")
        #expect(try await poddeck(etcd, ["get", "pods", "-n", "default", "-o", "name"]).stdout == "default/web\n")
    }

    @Test func createFollowsTheNamespaceAndEncryptedValuesAreListedApart() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let seeded = try await poddeck(etcd, ["seed", "--count", "8", "--namespaces", "2", "--encoding", "mixed"])
        #expect(seeded.status == 0, "\(seeded.stderr)")
        #expect(seeded.stdout.contains("4 as protobuf"))
        let doc = { (ns: String, name: String) in
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: \(name)\n  namespace: \(ns)\nspec:\n  containers:\n  - name: a\n    image: busybox:1.36\n"
        }
        for (ns, name, flags) in [("payments", "p", [String]()), ("default", "j", []), ("default", "forced", ["--encoding", "protobuf"])] {
            let created = try await poddeck(etcd, ["apply", "-f", "-"] + flags, stdin: doc(ns, name))
            #expect(created.status == 0, "\(created.stderr)")
        }
        let raw = { (key: String) async throws -> [UInt8] in
            try await etcd.etcdctl(["get", key, "--print-value-only"]).stdoutBytes
        }
        #expect(try await raw("/registry/pods/payments/p").starts(with: [0x6B, 0x38, 0x73, 0x00]))
        #expect(try await raw("/registry/pods/default/j").first == UInt8(ascii: "{"))
        #expect(try await raw("/registry/pods/default/forced").starts(with: [0x6B, 0x38, 0x73, 0x00]))

        try await store(etcd, Array("k8s:enc:aescbc:v1:key1:\u{1}\u{2}sealed".utf8), at: "/registry/pods/default/sealed")
        let wide = try await poddeck(etcd, ["get", "pods", "-n", "default", "-o", "wide"])
        let sealed = wide.stdout.split(separator: "\n").first { $0.hasPrefix("sealed") }
        #expect(sealed?.contains("Encrypted") == true && sealed?.contains("encrypted:aescbc:key1") == true, "\(wide.stdout)")
        #expect(wide.stderr.contains("encrypted at rest (provider aescbc, key key1)"))
        let before = try await raw("/registry/pods/default/sealed")
        let patch = try await poddeck(etcd, ["patch", "pod", "default/sealed", "--merge", #"{"metadata":{"labels":{"a":"b"}}}"#])
        #expect(patch.status != 0)
        #expect(try await raw("/registry/pods/default/sealed") == before, "an encrypted value is never written")
    }
}
