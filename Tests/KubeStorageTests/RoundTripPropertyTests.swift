import Foundation
import KubeStorage
import PodModel
import Testing
import TestSupport

/// Properties over 300 varied pods made by the Python encoder.
@Suite("protobuf round trips")
struct RoundTripPropertyTests {
    let codec = KubeObjectCodec.shared

    @Test func decodeEncodeDecodeIsTheIdentity() async throws {
        let pods = try await KubeProtoPython.variedPods(300)
        #expect(pods.count == 300)
        for (name, stored) in pods.sorted(by: { $0.key < $1.key }) {
            let object = try codec.decode(stored)
            // Unchanged: the very same bytes.
            #expect(try codec.encode(object.json, as: .protobuf, original: stored) == stored, "\(name)")
            // From scratch: the same JSON again.
            let fresh = try codec.encode(object.json, as: .protobuf)
            #expect(try codec.decode(fresh).json == object.json, "\(name)")
        }
    }

    @Test func editsKeepUnknownFieldsAndDecodeToTheEditedJSON() async throws {
        let pods = try await KubeProtoPython.variedPods(60, seed: 7)
        var generator = SystemRandomNumberGenerator()
        var checkedInPython = 0
        for (name, stored) in pods.sorted(by: { $0.key < $1.key }) {
            let original = try codec.decode(stored).json
            var edited = original
            // One of several edits, chosen at random.
            switch Int.random(in: 0..<5, using: &generator) {
            case 0: edited.set(.string("edited"), at: ["metadata", "labels", "poddeck"])
            case 1:
                guard case .array(var containers)? = edited[["spec", "containers"]] else { continue }
                containers[0].set(.string("busybox:edited"), at: ["image"])
                edited.set(.array(containers), at: ["spec", "containers"])
            case 2:
                guard case .array(let containers)? = edited[["spec", "containers"]] else { continue }
                edited.set(.array(containers.reversed()), at: ["spec", "containers"])
            case 3: edited.set(.string("Unknown"), at: ["status", "phase"])
            default: edited.set(.number("45"), at: ["spec", "activeDeadlineSeconds"])
            }
            let written = try codec.encode(edited, as: .protobuf, original: stored)
            #expect(try codec.decode(written).json.isEquivalent(to: edited), "\(name)")
            // Every unknown field is still there, and Python reads the value (a sample).
            if checkedInPython < 12 {
                checkedInPython += 1
                let before = try await KubeProtoPython.decode(stored)
                let after = try await KubeProtoPython.decode(written)
                let count = { (d: [String: Any]) in (d["unknown"] as? [Any])?.count ?? -1 }
                #expect(count(after) == count(before), "\(name): unknown fields \(count(before)) → \(count(after))")
            }
        }
    }
}
