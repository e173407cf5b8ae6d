@testable import Ops
import Foundation
import PodModel
import Testing

@Suite("conflict markers in YAML edit files")
struct EditConflictMarkerTests {
    @Test func parsesRenderedFieldPaths() {
        #expect(ConflictMarkers.parse("spec.containers[name=web].image") == [.member("spec"), .member("containers"), .bracket("name=web"), .member("image")])
        #expect(ConflictMarkers.parse("metadata.labels[app.kubernetes.io/name]") == [.member("metadata"), .member("labels"), .bracket("app.kubernetes.io/name")])
        #expect(ConflictMarkers.parse("spec.args[0]") == [.member("spec"), .member("args"), .bracket("0")])
        #expect(ConflictMarkers.parse("a[b") == nil)
    }

    @Test func marksContestedFieldsWithoutChangingTheDocument() throws {
        let document = try DocumentReader.read(shopWebYAML)
        let conflicts = [
            MergeConflict(path: "spec.containers[name=web].image", base: "nginx:1.25", mine: "nginx:1.27", theirs: "nginx:1.25"),
            MergeConflict(path: "metadata.labels.app", base: "web", mine: "shop", theirs: "web"),
            MergeConflict(path: "metadata.annotations[example.com/gone]", base: "x", mine: "y", theirs: nil),
            MergeConflict(path: "spec.containers[name=sidecar].name", base: "sidecar", mine: "s", theirs: "sidecar"),
            MergeConflict(path: "status", base: nil, mine: nil, theirs: nil),
        ]
        let text = ConflictMarkers.yaml(document, conflicts: conflicts)
        #expect(try DocumentReader.read(text) == document, "markers are comments only:\n\(text)")
        let lines = text.split(separator: "\n").map(String.init)
        let image = try #require(lines.firstIndex(of: "    image: nginx:1.25"))
        #expect(lines[image - 1] == #"    # CONFLICT: their value is kept on the next line; mine: "nginx:1.27", base: "nginx:1.25""#)
        let app = try #require(lines.firstIndex(of: "    app: web"))
        #expect(lines[app - 1].hasPrefix("    # CONFLICT:"))
        #expect(lines.filter { $0.contains("# CONFLICT") }.count == 3, "none for the first member of a list item or under a missing parent:\n\(text)")
    }

    @Test func anEmptyParentGetsNoMarker() throws {
        let document: JSONValue = ["metadata": ["name": "x", "labels": [:]]]
        let text = ConflictMarkers.yaml(document, conflicts: [MergeConflict(path: "metadata.labels.a", base: "1", mine: "2", theirs: nil)])
        #expect(try DocumentReader.read(text) == document)
        #expect(!text.contains("CONFLICT"))
    }
}
