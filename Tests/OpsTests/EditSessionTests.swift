@testable import Ops
import Foundation
import PodModel
import Testing
import TestSupport

/// Unwraps `.ready`, recording an issue otherwise.
func ready(_ readBack: ReadBack, sourceLocation: SourceLocation = #_sourceLocation) -> (Pod, String)? {
    guard case .ready(let pod, let diff) = readBack else {
        Issue.record("expected ready, got \(readBack)", sourceLocation: sourceLocation)
        return nil
    }
    return (pod, diff)
}

@Suite("edit sessions against a real etcd", .serialized)
struct EditSessionTests {
    @Test func editsAFieldAndSavesOnTheBaseRevision() async throws {
        let f = try await EditFixture.start()
        let seeded = try await f.seed(shopWebYAML)
        var session = try await EditSession.begin(store: f.store, key: shopWeb, environment: f.environment)
        #expect(session.baseRevision == seeded.modRevision)
        #expect(session.filePath.hasPrefix(f.editsDir + "/shop_web-"))
        let text = try String(contentsOfFile: session.filePath, encoding: .utf8)
        #expect(text.hasPrefix("# Editing pod shop/web, based on revision \(seeded.modRevision).\n"))
        #expect(text.contains("lines starting with '#' are ignored"))
        #expect(text.contains("empty the file"))
        #expect(text.contains("resourceVersion: \"\(seeded.modRevision)\""))
        #expect(session.readBack() == .unchanged)

        try editFile(session.filePath, replacing: "image: nginx:1.25", with: "image: nginx:1.27")
        guard let (pod, diff) = ready(session.readBack()) else { await f.close(); return }
        #expect(diff.contains("-    image: nginx:1.25\n+    image: nginx:1.27\n"))
        #expect(!diff.contains("resourceVersion"), "no server noise in the diff")
        let outcome = await session.save(pod)
        guard case .saved(let revision) = outcome else { Issue.record("\(outcome)"); await f.close(); return }
        let now = try #require(try await f.current(shopWeb))
        #expect(now.modRevision == revision)
        #expect(now.pod.containers.map(\.image) == ["nginx:1.27", "busybox:1.36"])
        let raw = try await f.raw(shopWeb)
        #expect(!raw.contains("resourceVersion"))
        #expect(raw.contains(#""x-vendor-note":"kept""#))
        #expect(session.finish())
        #expect(!FileManager.default.fileExists(atPath: session.filePath))
        await f.close()
    }

    @Test func jsonFilesWork() async throws {
        let f = try await EditFixture.start()
        try await f.seed(shopWebYAML)
        var session = try await EditSession.begin(store: f.store, key: shopWeb, format: .json, environment: f.environment)
        #expect(session.filePath.hasSuffix(".json"))
        try editFile(session.filePath, replacing: #""image": "nginx:1.25""#, with: #""image": "nginx:1.26""#)
        guard let (pod, _) = ready(session.readBack()) else { await f.close(); return }
        #expect(await session.save(pod).isSuccess)
        #expect(try await f.current(shopWeb)?.pod.containers.first?.image == "nginx:1.26")
        await f.close()
    }

    @Test func mergesAConcurrentChangeToAnotherField() async throws {
        let f = try await EditFixture.start()
        try await f.seed(shopWebYAML)
        var session = try await EditSession.begin(store: f.store, key: shopWeb, environment: f.environment)
        try await f.otherWriter(shopWeb) { $0.setLabel("tier", "front") }
        try editFile(session.filePath, replacing: "image: nginx:1.25", with: "image: nginx:1.27")
        guard let (pod, _) = ready(session.readBack()) else { await f.close(); return }
        let outcome = await session.save(pod)
        guard case .merged(let revision, let mine, let theirs) = outcome else { Issue.record("\(outcome)"); await f.close(); return }
        #expect(mine == 1 && theirs == 1)
        let now = try #require(try await f.current(shopWeb))
        #expect(now.modRevision == revision)
        #expect(now.pod.containers.first?.image == "nginx:1.27")
        #expect(now.pod.label("tier") == "front")
        #expect(session.finish())
        await f.close()
    }

    @Test func theSameChangeMadeConcurrentlyIsStillAConflict() async throws {
        let f = try await EditFixture.start()
        try await f.seed(shopWebYAML)
        var session = try await EditSession.begin(store: f.store, key: shopWeb, environment: f.environment)
        let theirs = try await f.otherWriter(shopWeb) { try $0.setImage(container: "web", to: "nginx:1.27") }
        try editFile(session.filePath, replacing: "image: nginx:1.25", with: "image: nginx:1.27")
        try editFile(session.filePath, replacing: "phase: Running", with: "phase: Pending")
        guard let (pod, _) = ready(session.readBack()) else { await f.close(); return }
        guard case .conflict(let report) = await session.save(pod) else { Issue.record("expected conflict"); await f.close(); return }
        #expect(report.conflicts == [MergeConflict(path: "spec.containers[name=web].image", base: "nginx:1.25", mine: "nginx:1.27", theirs: "nginx:1.27")])
        #expect(try await f.current(shopWeb)?.modRevision == theirs, "nothing written")

        try session.prepareEditAgain(report)
        let text = try String(contentsOfFile: session.filePath, encoding: .utf8)
        #expect(text.contains(#"# CONFLICT:     theirs: "nginx:1.27"  (kept; the same change as yours)"#))
        #expect(text.contains("    # CONFLICT: they made the same change as you, kept on the next line; base: \"nginx:1.25\"\n    image: nginx:1.27\n"))
        guard let (again, _) = ready(session.readBack()) else { await f.close(); return }
        guard case .saved = await session.save(again) else { Issue.record("expected saved"); await f.close(); return }
        #expect(try await f.current(shopWeb)?.pod.phase == "Pending")
        await f.close()
    }

    @Test func aClashIsReportedThenEditedAgainOnTheirRevision() async throws {
        let f = try await EditFixture.start()
        let seeded = try await f.seed(shopWebYAML)
        var session = try await EditSession.begin(store: f.store, key: shopWeb, environment: f.environment)
        let theirRevision = try await f.otherWriter(shopWeb) {
            try $0.setImage(container: "web", to: "nginx:1.26")
            $0.setLabel("tier", "front")
        }
        try editFile(session.filePath, replacing: "image: nginx:1.25", with: "image: nginx:1.27")
        try editFile(session.filePath, replacing: "phase: Running", with: "phase: Pending")
        guard let (pod, _) = ready(session.readBack()) else { await f.close(); return }
        let outcome = await session.save(pod)
        guard case .conflict(let report) = outcome else { Issue.record("\(outcome)"); await f.close(); return }
        #expect(report.baseRevision == seeded.modRevision)
        #expect(report.currentRevision == theirRevision)
        #expect(report.conflicts == [MergeConflict(path: "spec.containers[name=web].image", base: "nginx:1.25", mine: "nginx:1.27", theirs: "nginx:1.26")])
        #expect(report.myChangeCount == 2 && report.theirChangeCount == 2)
        #expect(try await f.current(shopWeb)?.pod.containers.first?.image == "nginx:1.26", "their value stays")
        #expect(!session.finish(), "the file is kept")
        #expect(FileManager.default.fileExists(atPath: session.filePath))

        try session.prepareEditAgain(report)
        #expect(session.baseRevision == theirRevision)
        let text = try String(contentsOfFile: session.filePath, encoding: .utf8)
        #expect(text.contains("# CONFLICT:   spec.containers[name=web].image"))
        #expect(text.contains(#"# CONFLICT:     base:   "nginx:1.25""#))
        #expect(text.contains(#"# CONFLICT:     mine:   "nginx:1.27""#))
        #expect(text.contains(#"# CONFLICT:     theirs: "nginx:1.26"  (kept)"#))
        #expect(text.contains("    # CONFLICT: their value is kept on the next line; mine: \"nginx:1.27\", base: \"nginx:1.25\"\n    image: nginx:1.26\n"))
        #expect(text.contains("tier: front"), "their other change is in the file")
        #expect(text.contains("phase: Pending"), "my other change is in the file")
        #expect(text.contains("resourceVersion: \"\(theirRevision)\""))

        // Saved as reopened: my non-conflicting change lands on their revision.
        guard let (again, _) = ready(session.readBack()) else { await f.close(); return }
        guard case .saved = await session.save(again) else { Issue.record("expected saved"); await f.close(); return }
        let now = try #require(try await f.current(shopWeb))
        #expect(now.pod.phase == "Pending")
        #expect(now.pod.containers.first?.image == "nginx:1.26")
        #expect(now.pod.label("tier") == "front")
        await f.close()
    }

    @Test func overwriteWritesMineOnTheirRevisionAndTakeTheirsWritesNothing() async throws {
        let f = try await EditFixture.start()
        try await f.seed(shopWebYAML)
        var session = try await EditSession.begin(store: f.store, key: shopWeb, environment: f.environment)
        let theirRevision = try await f.otherWriter(shopWeb) { try $0.setImage(container: "web", to: "nginx:1.26") }
        try editFile(session.filePath, replacing: "image: nginx:1.25", with: "image: nginx:1.27")
        guard let (pod, _) = ready(session.readBack()) else { await f.close(); return }
        guard case .conflict(let report) = await session.save(pod) else { Issue.record("expected conflict"); await f.close(); return }

        var declined = session
        declined.takeTheirs()
        #expect(try await f.current(shopWeb)?.modRevision == theirRevision)
        #expect(!declined.finish())
        #expect(FileManager.default.fileExists(atPath: declined.filePath))

        let outcome = await session.overwrite(report)
        guard case .saved(let revision) = outcome else { Issue.record("\(outcome)"); await f.close(); return }
        let now = try #require(try await f.current(shopWeb))
        #expect(now.modRevision == revision)
        #expect(now.pod.containers.first?.image == "nginx:1.27")

        // An overwrite based on a report that is out of date again is not blind.
        var late = try await EditSession.begin(store: f.store, key: shopWeb, environment: f.environment)
        try await f.otherWriter(shopWeb) { try $0.setImage(container: "web", to: "nginx:1.28") }
        try editFile(late.filePath, replacing: "image: nginx:1.27", with: "image: nginx:1.29")
        guard let (mine, _) = ready(late.readBack()) else { await f.close(); return }
        guard case .conflict(let first) = await late.save(mine) else { Issue.record("expected conflict"); await f.close(); return }
        try await f.otherWriter(shopWeb) { try $0.setImage(container: "web", to: "nginx:1.30") }
        guard case .conflict(let second) = await late.overwrite(first) else { Issue.record("expected a new conflict"); await f.close(); return }
        #expect(second.conflicts.first?.theirs == "nginx:1.30")
        #expect(try await f.current(shopWeb)?.pod.containers.first?.image == "nginx:1.30")
        await f.close()
    }

    @Test func deletedMeanwhileCanBeRecreated() async throws {
        let f = try await EditFixture.start()
        try await f.seed(shopWebYAML)
        var session = try await EditSession.begin(store: f.store, key: shopWeb, environment: f.environment)
        let deleted = try await f.etcd.etcdctl(["del", shopWeb.etcdKey(prefix: "/registry")])
        #expect(deleted.status == 0)
        try editFile(session.filePath, replacing: "image: nginx:1.25", with: "image: nginx:1.27")
        guard let (pod, _) = ready(session.readBack()) else { await f.close(); return }
        #expect(await session.save(pod) == .deletedMeanwhile)
        #expect(try await f.current(shopWeb) == nil)
        #expect(FileManager.default.fileExists(atPath: session.filePath))
        let outcome = await session.recreate()
        guard case .saved(let revision) = outcome else { Issue.record("\(outcome)"); await f.close(); return }
        let now = try #require(try await f.current(shopWeb))
        #expect(now.createRevision == revision)
        #expect(now.pod.containers.first?.image == "nginx:1.27")
        await f.close()
    }

    @Test func closingTheReopenedFileUnchangedIsGivingUp() async throws {
        let f = try await EditFixture.start()
        try await f.seed(shopWebYAML)
        var session = try await EditSession.begin(store: f.store, key: shopWeb, environment: f.environment)
        try editFile(session.filePath, replacing: "image: nginx:1.25", with: "image: Nginx")
        guard case .invalid(let problems) = session.readBack() else { Issue.record("expected invalid"); await f.close(); return }
        try session.reopenWithErrors(problems)
        let reopened = try String(contentsOfFile: session.filePath, encoding: .utf8)

        // Closed without a change: the operator gave up, with the errors the file shows.
        #expect(session.readBack() == .unchangedWithErrors(session.problems))
        #expect(try String(contentsOfFile: session.filePath, encoding: .utf8) == reopened, "the file is kept as it is")
        // Touching only the comment header is no change to the text either.
        try editFile(session.filePath, replacing: "# ERROR: the pod below", with: "# ERROR: (read) the pod below")
        #expect(session.readBack() == .unchangedWithErrors(session.problems))

        // A change to the text is a new attempt, even when it is still invalid.
        try editFile(session.filePath, replacing: "image: Nginx", with: "image: NGINX")
        guard case .invalid(let again) = session.readBack() else { Issue.record("expected invalid"); await f.close(); return }
        try session.reopenWithErrors(again)
        try editFile(session.filePath, replacing: "image: NGINX", with: "image: nginx:1.27")
        guard let (pod, _) = ready(session.readBack()) else { await f.close(); return }
        #expect(await session.save(pod).isSuccess)
        await f.close()
    }

    @Test func invalidTextReopensWithErrorsAboveTheOperatorsText() async throws {
        let f = try await EditFixture.start()
        try await f.seed(shopWebYAML)
        var session = try await EditSession.begin(store: f.store, key: shopWeb, environment: f.environment)
        try editFile(session.filePath, replacing: "  - name: web\n    image: nginx:1.25", with: "  - name: web\n    image: nginx:1.25\n   bad: [")
        let broken = try String(contentsOfFile: session.filePath, encoding: .utf8)
        guard case .invalid(let problems) = session.readBack() else { Issue.record("expected invalid"); await f.close(); return }
        #expect(problems.count == 1)
        #expect(problems.first?.line != nil && problems.first?.column != nil)

        try session.reopenWithErrors(problems)
        let reopened = try String(contentsOfFile: session.filePath, encoding: .utf8)
        let lines = reopened.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0].hasPrefix("# ERROR: the pod below was not saved (1 problem)"))
        #expect(lines[1].hasPrefix("# ERROR: line "))
        // The operator's text is kept as they left it, below the new header.
        let body = broken.split(separator: "\n", omittingEmptySubsequences: false).drop(while: { $0.hasPrefix("#") }).joined(separator: "\n")
        #expect(reopened.hasSuffix(body))
        // The reported line points at the same text in the reopened file.
        let line = try #require(session.problems.first?.line)
        #expect(lines[1].contains("line \(line),"))
        let original = broken.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[line - 1] == original[try #require(problems.first?.line) - 1])

        // Then a validation problem: every error with its field path.
        try editFile(session.filePath, replacing: "\n   bad: [", with: "")
        try editFile(session.filePath, replacing: "image: busybox:1.36", with: "image: Busybox")
        try editFile(session.filePath, replacing: "containerPort: 8080", with: "containerPort: 70000")
        guard case .invalid(let invalid) = session.readBack() else { Issue.record("expected invalid"); await f.close(); return }
        #expect(invalid.compactMap(\.path).sorted() == ["spec.containers[0].ports[0].containerPort", "spec.containers[1].image"])
        try session.reopenWithErrors(invalid)
        let again = try String(contentsOfFile: session.filePath, encoding: .utf8)
        #expect(again.hasPrefix("# ERROR: the pod below was not saved (2 problems)"))
        #expect(again.contains("# ERROR: spec.containers[1].image"))
        #expect(again.contains("# ERROR: spec.containers[0].ports[0].containerPort"))
        #expect(!again.contains("line "), "the old parse error is gone")

        try editFile(session.filePath, replacing: "image: Busybox", with: "image: busybox:1.37")
        try editFile(session.filePath, replacing: "containerPort: 70000", with: "containerPort: 8080")
        guard let (pod, _) = ready(session.readBack()) else { await f.close(); return }
        #expect(await session.save(pod).isSuccess)
        #expect(try await f.current(shopWeb)?.pod.containers.last?.image == "busybox:1.37")
        await f.close()
    }

    @Test func emptiedRenamedAndMovedEditsAreRecognised() async throws {
        let f = try await EditFixture.start()
        try await f.seed(shopWebYAML)
        var session = try await EditSession.begin(store: f.store, key: shopWeb, environment: f.environment)
        try "# only a comment\n\n".write(toFile: session.filePath, atomically: false, encoding: .utf8)
        #expect(session.readBack() == .emptied)
        try FileManager.default.removeItem(atPath: session.filePath)
        #expect(session.readBack() == .emptied)

        var renamed = try await EditSession.begin(store: f.store, key: shopWeb, environment: f.environment)
        try editFile(renamed.filePath, replacing: "  name: web\n  namespace: shop", with: "  name: web2\n  namespace: shop")
        guard case .identityChanged(let reason) = renamed.readBack() else { Issue.record("expected a refusal"); await f.close(); return }
        #expect(reason.contains("\"web\" to \"web2\""))
        #expect(reason.contains("different pod"))

        var moved = try await EditSession.begin(store: f.store, key: shopWeb, environment: f.environment)
        try editFile(moved.filePath, replacing: "namespace: shop", with: "namespace: other")
        guard case .identityChanged(let why) = moved.readBack() else { Issue.record("expected a refusal"); await f.close(); return }
        #expect(why.contains("metadata.namespace"))

        // Removing the namespace keeps the pod where it is.
        var dropped = try await EditSession.begin(store: f.store, key: shopWeb, environment: f.environment)
        try editFile(dropped.filePath, replacing: "  namespace: shop\n", with: "")
        #expect(dropped.readBack() == .unchanged)
        await f.close()
    }

    @Test func createsFromATemplateWithACreateOnlyTransaction() async throws {
        let f = try await EditFixture.start()
        var session = try EditSession.create(store: f.store, namespace: "shop", environment: f.environment)
        let text = try String(contentsOfFile: session.filePath, encoding: .utf8)
        #expect(text.contains("# Creating a pod in namespace shop"))
        #expect(text.contains("namespace: shop"))
        #expect(try PodValidator.validate(Pod(userDocument: DocumentReader.read(text))).isEmpty, "the template is valid")
        #expect(session.readBack() == .unchanged)

        try editFile(session.filePath, replacing: "name: new-pod\n", with: "name: api\n")
        guard let (pod, diff) = ready(session.readBack()) else { await f.close(); return }
        #expect(diff.contains("+  name: api"))
        let outcome = await session.save(pod)
        guard case .saved(let revision) = outcome else { Issue.record("\(outcome)"); await f.close(); return }
        let created = try #require(try await f.current(PodKey(namespace: "shop", name: "api")))
        #expect(created.createRevision == revision)
        #expect(created.pod.uid != nil && created.pod.creationTimestamp != nil)

        var twice = try EditSession.create(store: f.store, namespace: "shop", environment: f.environment)
        try editFile(twice.filePath, replacing: "name: new-pod\n", with: "name: api\n")
        guard let (same, _) = ready(twice.readBack()) else { await f.close(); return }
        guard case .failed(let text2) = await twice.save(same) else { Issue.record("expected failure"); await f.close(); return }
        #expect(text2.contains("already exists"))
        #expect(try await f.current(PodKey(namespace: "shop", name: "api"))?.modRevision == revision)
        await f.close()
    }

    @Test func readOnlyRefusesEveryWritePath() async throws {
        let f = try await EditFixture.start()
        let seeded = try await f.seed(shopWebYAML)
        await #expect(throws: EditError.self) {
            _ = try await EditSession.begin(store: f.store, key: shopWeb, readonly: true, environment: f.environment)
        }
        #expect(throws: EditError.self) {
            _ = try EditSession.create(store: f.store, namespace: "shop", readonly: true, environment: f.environment)
        }
        #expect(!FileManager.default.fileExists(atPath: f.editsDir), "no file was written")
        #expect(try await f.current(shopWeb)?.modRevision == seeded.modRevision)
        await f.close()
    }
}
