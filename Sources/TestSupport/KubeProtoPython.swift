import Foundation

/// Google's protobuf runtime for Python with PyPI's `k8s-proto` schema: the independent
/// Kubernetes protobuf encoder and decoder the tests check PodDeck's codec against.
///
/// The virtual environment is made by the repo's own `scripts/kube-proto-venv` (as `make test`
/// does through `scripts/install-deps`); when it cannot be made, every call throws, so a test
/// that needs it fails instead of skipping.
public enum KubeProtoPython {
    private static let interpreter = Task<String, any Error> {
        let script = PodDeckBinary.packageRoot + "/scripts/kube-proto-venv"
        let result = try await ProcessRunner.run(script, [], timeout: .seconds(600))
        let path = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        guard result.status == 0, !path.isEmpty else {
            throw TestSupportError("scripts/kube-proto-venv failed (exit \(result.status)): \(result.stderr.suffix(2000))")
        }
        return path
    }

    /// The venv's python (created on first use).
    public static func python() async throws -> String {
        try await interpreter.value
    }

    /// Runs `scripts/kubeproto/fixtures.py ARGS…` and returns its output; a non-zero exit throws.
    public static func fixtures(_ arguments: [String], stdin: [UInt8]? = nil) async throws -> ProcessResult {
        let python = try await python()
        var environment = ProcessInfo.processInfo.environment
        environment["PROTOCOL_BUFFERS_PYTHON_IMPLEMENTATION"] = "python"
        let script = PodDeckBinary.packageRoot + "/scripts/kubeproto/fixtures.py"
        let result = try await ProcessRunner.run(python, [script] + arguments, environment: environment, stdin: stdin,
                                                 timeout: .seconds(300))
        guard result.status == 0 else {
            throw TestSupportError("fixtures.py \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr.suffix(2000))")
        }
        return result
    }

    /// Every named fixture (`pod-basic`, `pod-unknown-fields`, `service`, …) as stored bytes.
    public static func namedFixtures() async throws -> [String: [UInt8]] {
        let dir = try TempDirectory.make(prefix: "kubeproto")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try await fixtures(["write", dir])
        return try files(in: dir)
    }

    /// `count` varied pods made by the Python encoder (seeded, so the same every run).
    public static func variedPods(_ count: Int, seed: Int = 14) async throws -> [String: [UInt8]] {
        let dir = try TempDirectory.make(prefix: "kubeproto")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try await fixtures(["pods", String(count), dir, String(seed)])
        return try files(in: dir)
    }

    /// Decodes a stored value with the Python runtime: `apiVersion`, `kind`, `object` (protobuf's
    /// JSON mapping) and `unknown` (every unknown field's path, number and wire type).
    public static func decode(_ stored: [UInt8]) async throws -> [String: Any] {
        let result = try await fixtures(["decode", "-"], stdin: stored)
        guard let object = try JSONSerialization.jsonObject(with: Data(result.stdoutBytes)) as? [String: Any] else {
            throw TestSupportError("fixtures.py decode printed no object: \(result.stdout.prefix(500))")
        }
        return object
    }

    private static func files(in dir: String) throws -> [String: [UInt8]] {
        var result: [String: [UInt8]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) where name.hasSuffix(".bin") {
            let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))
            result[String(name.dropLast(4))] = Array(data)
        }
        return result
    }
}
