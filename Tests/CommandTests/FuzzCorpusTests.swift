import Foundation
import Testing
import TestSupport

/// Every input under `fuzz/corpus/` (the seeds and the inputs that once broke a property) is
/// replayed through its fuzz target, built without the fuzzer: what was fixed stays fixed.
@Suite("fuzz corpus replay")
struct FuzzCorpusTests {
    @Test(arguments: [
        ("FuzzImageReference", "image-reference"), ("FuzzPodJSON", "pod-json"),
        ("FuzzDocumentReader", "document-reader"), ("FuzzPullStream", "pull-stream"), ("FuzzTheme", "theme"),
        ("FuzzKubeProtobuf", "kube-protobuf"),
    ])
    func everySavedInputStillHolds(product: String, corpus: String) async throws {
        let binary = URL(fileURLWithPath: PodDeckBinary.path).deletingLastPathComponent().appendingPathComponent(product).path
        let directory = PodDeckBinary.packageRoot + "/fuzz/corpus/" + corpus
        let inputs = try FileManager.default.contentsOfDirectory(atPath: directory)
        #expect(!inputs.isEmpty, "no saved inputs in \(directory)")
        let result = try await ProcessRunner.run(binary, [directory], timeout: .seconds(120))
        #expect(result.status == 0, "\(product) \(directory): \(result.stderr.suffix(2000))")
    }
}
