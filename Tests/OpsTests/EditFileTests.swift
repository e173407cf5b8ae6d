@testable import Ops
import Foundation
import Testing
import TestSupport

@Suite("edit files: private modes, names, atomic rewrites")
struct EditFileTests {
    @Test func createsPrivateDirectoriesAndFileWithAReadableName() throws {
        let home = try TempDirectory.make(prefix: "editfile")
        defer { try? FileManager.default.removeItem(atPath: home) }
        let environment = ["XDG_STATE_HOME": home + "/state", "HOME": home]
        let now = Date(timeIntervalSince1970: 1_795_429_500)  // 2026-11-23T10:25:00Z
        let file = try EditFile.create(namespace: "shop", name: "web", format: .yaml, text: "hello\n",
                                       environment: environment, now: now)
        #expect(EditFile.directory(environment: environment) == home + "/state/poddeck/edits")
        for dir in [home + "/state", home + "/state/poddeck", home + "/state/poddeck/edits"] {
            #expect(fileMode(dir) == 0o700, "\(dir)")
        }
        #expect(fileMode(file.path) == 0o600)
        let name = (file.path as NSString).lastPathComponent
        #expect(name.wholeMatch(of: /shop_web-20261123T102500Z-[a-z0-9]{6}\.yaml/) != nil, "\(name)")
        #expect(try file.read() == "hello\n")

        try file.write("second\n")
        #expect(try file.read() == "second\n")
        #expect(fileMode(file.path) == 0o600)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: home + "/state/poddeck/edits")
        #expect(leftovers == [name], "no temporary files remain")

        let other = try EditFile.create(namespace: "shop", name: "web", format: .json, text: "{}\n", environment: environment, now: now)
        #expect(other.path != file.path)
        #expect(other.path.hasSuffix(".json"))

        file.remove()
        #expect(try file.read() == nil)
        #expect(!file.exists)
    }

    @Test func modesDoNotDependOnALaxUmask() throws {
        let home = try TempDirectory.make(prefix: "editfile")
        defer { try? FileManager.default.removeItem(atPath: home) }
        let old = umask(0)
        defer { umask(old) }
        let file = try EditFile.create(namespace: "a", name: "b", format: .yaml, text: "x", environment: ["XDG_STATE_HOME": home + "/s"])
        #expect(fileMode(file.path) == 0o600)
        #expect(fileMode(home + "/s/poddeck/edits") == 0o700)
    }

    @Test func namesAreSafeForTheFileSystem() {
        let name = EditFile.fileName(namespace: "../etc", name: "we b/\u{1b}x", format: .yaml, now: Date(timeIntervalSince1970: 0), random: "abc123")
        #expect(name == "_.._etc_we_b__x-19700101T000000Z-abc123.yaml")
    }

    @Test func aFileWhereTheDirectoryShouldBeIsAClearError() throws {
        let home = try TempDirectory.make(prefix: "editfile")
        defer { try? FileManager.default.removeItem(atPath: home) }
        try FileManager.default.createDirectory(atPath: home + "/state/poddeck", withIntermediateDirectories: true)
        try "x".write(toFile: home + "/state/poddeck/edits", atomically: true, encoding: .utf8)
        do {
            _ = try EditFile.create(namespace: "a", name: "b", format: .yaml, text: "x", environment: ["XDG_STATE_HOME": home + "/state"])
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains(home + "/state/poddeck/edits"))
        }
    }
}
