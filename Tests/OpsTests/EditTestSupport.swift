import Ops
import Foundation
import OpsTestSupport
import PodModel
import TestSupport

/// A real etcd with a pod store on it and a private state directory for edit files.
struct EditFixture {
    let base: StoreFixture
    let stateDir: String

    var etcd: EtcdServer { base.etcd }
    var store: PodStore { base.store }

    var environment: [String: String] { ["XDG_STATE_HOME": stateDir, "HOME": stateDir] }
    var editsDir: String { stateDir + "/poddeck/edits" }

    static func start() async throws -> EditFixture {
        let home = try TempDirectory.make(prefix: "edit-home")
        return EditFixture(base: try await StoreFixture.start(environment: ["HOME": home]), stateDir: home + "/state")
    }

    /// Stores `yaml` as the pod and returns it as read back.
    @discardableResult
    func seed(_ yaml: String) async throws -> PodRecord {
        try await base.seed(yaml)
    }

    /// Changes the pod as another writer would (unconditionally, outside any edit).
    @discardableResult
    func otherWriter(_ key: PodKey, _ change: (inout Pod) throws -> Void) async throws -> Int64 {
        guard var pod = try await store.get(key)?.pod else { throw TestSupportError("pod \(key) is missing") }
        try change(&pod)
        return try await store.put(key, pod: pod)
    }

    func current(_ key: PodKey) async throws -> PodRecord? { try await store.get(key) }

    /// The etcd value as stored (raw bytes as text).
    func raw(_ key: PodKey) async throws -> String {
        try await etcd.etcdctl(["get", key.etcdKey(prefix: "/registry"), "--print-value-only"]).stdout
    }

    func close() async {
        await base.close()
        try? FileManager.default.removeItem(atPath: (stateDir as NSString).deletingLastPathComponent)
    }
}

let shopWeb = PodKey(namespace: "shop", name: "web")

let shopWebYAML = """
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
      namespace: shop
      labels:
        app: web
      x-vendor-note: kept
    spec:
      containers:
      - name: web
        image: nginx:1.25
        ports:
        - containerPort: 8080
          name: http
      - name: sidecar
        image: busybox:1.36
    status:
      phase: Running
    """

/// Replaces `old` with `new` in the file at `path` (the operator's edit).
func editFile(_ path: String, replacing old: String, with new: String) throws {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    guard text.contains(old) else { throw TestSupportError("\(path) does not contain \(old):\n\(text)") }
    try text.replacingOccurrences(of: old, with: new).write(toFile: path, atomically: false, encoding: .utf8)
}

func fileMode(_ path: String) -> Int? {
    (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue
}
