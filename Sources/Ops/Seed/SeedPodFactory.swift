import Foundation
import PodModel

/// Makes realistic v1 Pods for the sandbox, the tests and the benchmarks: varied namespaces,
/// labels and phases, 1–3 containers, HTTP and TCP probes aimed at the sandbox's probe targets.
public struct SeedPodFactory: Sendable {
    /// Where the sandbox's probe targets listen (nil: probes point at the pod IP).
    public struct ProbeTargets: Sendable, Equatable {
        /// Host of the targets.
        public var host: String
        /// A target that always answers 200.
        public var healthyPort: Int
        /// A target that always answers 503.
        public var failingPort: Int
        /// A target that answers slowly.
        public var slowPort: Int
        /// Creates target ports.
        public init(host: String = "127.0.0.1", healthyPort: Int, failingPort: Int, slowPort: Int) {
            self.host = host
            self.healthyPort = healthyPort
            self.failingPort = failingPort
            self.slowPort = slowPort
        }
    }

    /// Image references used (the sandbox registry's demo images when given).
    public var images: [String]
    /// Probe targets.
    public var probeTargets: ProbeTargets?
    /// Number of namespaces to spread pods over.
    public var namespaces: Int
    /// Seed of the deterministic generator.
    public var seed: UInt64

    static let namespaceNames = ["default", "payments", "checkout", "search", "monitoring", "ingress", "batch",
                                 "identity", "catalog", "ml-serving", "logging", "edge"]
    static let apps = ["web", "api", "worker", "cache", "gateway", "indexer", "scheduler", "auth", "frontend", "metrics"]
    static let nodes = (1...12).map { "node-\(String(format: "%02d", $0))" }

    /// Creates a factory.
    public init(images: [String] = ["docker.io/library/nginx:1.25", "docker.io/library/redis:7.2", "quay.io/prometheus/node-exporter:v1.7.0",
                                    "ghcr.io/example/api:2.4.1", "docker.io/library/busybox:1.36"],
                probeTargets: ProbeTargets? = nil, namespaces: Int = 6, seed: UInt64 = 42) {
        self.images = images
        self.probeTargets = probeTargets
        self.namespaces = max(1, min(namespaces, Self.namespaceNames.count))
        self.seed = seed
    }

    /// The `index`-th pod (deterministic for a given seed).
    public func pod(_ index: Int, now: Date) -> (key: PodKey, json: JSONValue) {
        var rng = SplitMix(seed: seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
        let namespace = Self.namespaceNames[index % namespaces]
        let app = Self.apps[Int(rng.next() % UInt64(Self.apps.count))]
        let hash = String(rng.next() % 0xfffff, radix: 16)
        let name = "\(app)-\(hash)-\(String(index, radix: 36))"
        let containerCount = rng.next() % 4 == 0 ? 2 + Int(rng.next() % 2) : 1
        let created = now.addingTimeInterval(-Double(rng.next() % (30 * 86400)))
        let roll = Int(rng.next() % 100)
        let node = Self.nodes[Int(rng.next() % UInt64(Self.nodes.count))]
        let ip = "10.244.\(rng.next() % 250).\(2 + rng.next() % 250)"
        let restarts = (90..<95).contains(roll) ? 5 + Int(rng.next() % 40) : Int(rng.next() % 3)

        var containers: [JSONValue] = []
        var statuses: [JSONValue] = []
        let phase: String
        switch roll {
        case 0..<70: phase = "Running"
        case 70..<80: phase = "Pending"
        case 80..<85: phase = "Succeeded"
        case 85..<90: phase = "Failed"
        default: phase = "Running"
        }
        for c in 0..<containerCount {
            let cname = c == 0 ? app : ["sidecar", "proxy", "log-shipper"][c - 1]
            let image = images[Int(rng.next() % UInt64(images.count))]
            let port = 8080 + c
            var container: JSONValue = [
                "name": .string(cname),
                "image": .string(image),
                "imagePullPolicy": .string(["IfNotPresent", "Always", "IfNotPresent"][c % 3]),
                "ports": [["name": .string(c == 0 ? "http" : "metrics"), "containerPort": .int(port), "protocol": "TCP"]],
                "resources": ["requests": ["cpu": "100m", "memory": "128Mi"], "limits": ["cpu": "500m", "memory": "256Mi"]],
                "terminationMessagePath": "/dev/termination-log",
                "terminationMessagePolicy": "File",
            ]
            if c == 0 {
                container.set([["name": "LOG_LEVEL", "value": "info"], ["name": "APP_NAME", "value": .string(app)]], at: ["env"])
                container.set([["name": "kube-api-access", "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "readOnly": true]],
                              at: ["volumeMounts"])
            }
            if let t = probeTargets {
                let which = Int(rng.next() % 10)
                let targetPort = which < 7 ? t.healthyPort : (which < 9 ? t.failingPort : t.slowPort)
                if c == 0 {
                    container.set(["httpGet": ["path": "/healthz", "port": .int(targetPort), "host": .string(t.host), "scheme": "HTTP"],
                                   "initialDelaySeconds": 0, "periodSeconds": 5, "timeoutSeconds": 1, "failureThreshold": 3],
                                  at: ["livenessProbe"])
                    container.set(["tcpSocket": ["port": .int(t.healthyPort), "host": .string(t.host)], "periodSeconds": 10],
                                  at: ["readinessProbe"])
                }
            } else if c == 0 {
                container.set(["httpGet": ["path": "/healthz", "port": "http"], "periodSeconds": 10], at: ["livenessProbe"])
            }
            containers.append(container)

            let ready = phase == "Running" && roll < 65
            var state: JSONValue
            switch (phase, roll) {
            case ("Running", 90..<95): state = ["waiting": ["reason": "CrashLoopBackOff", "message": "back-off 5m0s restarting failed container"]]
            case ("Running", 95..<98): state = ["waiting": ["reason": "ImagePullBackOff", "message": "Back-off pulling image"]]
            case ("Running", _): state = ["running": ["startedAt": .string(RFC3339Text.format(created.addingTimeInterval(5)))]]
            case ("Pending", _): state = ["waiting": ["reason": "ContainerCreating"]]
            case ("Succeeded", _): state = ["terminated": ["exitCode": 0, "reason": "Completed"]]
            default: state = ["terminated": ["exitCode": 1, "reason": "Error"]]
            }
            statuses.append([
                "name": .string(cname), "state": state, "ready": .bool(ready), "restartCount": .int(c == 0 ? restarts : 0),
                "image": .string(image), "imageID": .string("docker-pullable://\(image)"),
                "containerID": .string("docker://\(String(format: "%016llx%016llx", rng.next(), rng.next()))"),
                "started": .bool(phase == "Running"),
            ])
        }
        var metadata: JSONValue = [
            "name": .string(name),
            "namespace": .string(namespace),
            "uid": .string(uuid(&rng)),
            "creationTimestamp": .string(RFC3339Text.format(created)),
            "labels": ["app": .string(app), "tier": .string(["frontend", "backend", "data"][index % 3]),
                       "pod-template-hash": .string(hash), "env": .string(["prod", "staging"][index % 2])],
            "annotations": ["kubernetes.io/config.seen": .string(RFC3339Text.format(created)),
                            "prometheus.io/scrape": "true"],
            "ownerReferences": [["apiVersion": "apps/v1", "kind": "ReplicaSet", "name": .string("\(app)-\(hash)"),
                                 "uid": .string(uuid(&rng)), "controller": true, "blockOwnerDeletion": true]],
        ]
        if roll >= 98 {
            metadata.set(.string(RFC3339Text.format(now.addingTimeInterval(-30))), at: ["deletionTimestamp"])
            metadata.set(30, at: ["deletionGracePeriodSeconds"])
        }
        let allReady = statuses.allSatisfy { $0["ready"]?.boolValue == true }
        let json: JSONValue = [
            "kind": "Pod",
            "apiVersion": "v1",
            "metadata": metadata,
            "spec": [
                "volumes": [["name": "kube-api-access", "projected": ["sources": [["serviceAccountToken": ["expirationSeconds": 3607, "path": "token"]]], "defaultMode": 420]]],
                "containers": .array(containers),
                "restartPolicy": "Always",
                "terminationGracePeriodSeconds": 30,
                "dnsPolicy": "ClusterFirst",
                "serviceAccountName": "default",
                "nodeName": .string(node),
                "securityContext": [:],
                "schedulerName": "default-scheduler",
                "priority": 0,
            ],
            "status": [
                "phase": .string(phase),
                "conditions": [
                    ["type": "Initialized", "status": "True", "lastTransitionTime": .string(RFC3339Text.format(created))],
                    ["type": "Ready", "status": .string(allReady ? "True" : "False"), "lastTransitionTime": .string(RFC3339Text.format(created))],
                    ["type": "PodScheduled", "status": "True", "lastTransitionTime": .string(RFC3339Text.format(created))],
                ],
                "hostIP": .string("192.168.1.\(10 + (index % 12))"),
                "podIP": .string(ip),
                "podIPs": [["ip": .string(ip)]],
                "startTime": .string(RFC3339Text.format(created)),
                "containerStatuses": .array(statuses),
                "qosClass": "Burstable",
            ],
        ]
        return (PodKey(namespace: namespace, name: name), json)
    }

    private func uuid(_ rng: inout SplitMix) -> String {
        let a = rng.next(), b = rng.next()
        let hex = String(format: "%016llx%016llx", a, b)
        let c = Array(hex)
        return "\(String(c[0..<8]))-\(String(c[8..<12]))-4\(String(c[13..<16]))-a\(String(c[17..<20]))-\(String(c[20..<32]))"
    }
}

/// A small deterministic random generator (SplitMix64).
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
