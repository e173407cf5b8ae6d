import Testing
@testable import PodModel

@Suite struct MergePatchTests {
    /// RFC 7386, Appendix A.
    @Test(arguments: [
        (#"{"a":"b"}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"b"}"#, #"{"b":"c"}"#, #"{"a":"b","b":"c"}"#),
        (#"{"a":"b"}"#, #"{"a":null}"#, #"{}"#),
        (#"{"a":"b","b":"c"}"#, #"{"a":null}"#, #"{"b":"c"}"#),
        (#"{"a":["b"]}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"c"}"#, #"{"a":["b"]}"#, #"{"a":["b"]}"#),
        (#"{"a":{"b":"c"}}"#, #"{"a":{"b":"d","c":null}}"#, #"{"a":{"b":"d"}}"#),
        (#"{"a":[{"b":"c"}]}"#, #"{"a":[1]}"#, #"{"a":[1]}"#),
        (#"["a","b"]"#, #"["c","d"]"#, #"["c","d"]"#),
        (#"{"a":"b"}"#, #"["c"]"#, #"["c"]"#),
        (#"{"a":"foo"}"#, "null", "null"),
        (#"{"a":"foo"}"#, #""bar""#, #""bar""#),
        (#"{"e":null}"#, #"{"a":1}"#, #"{"e":null,"a":1}"#),
        (#"[1,2]"#, #"{"a":"b","c":null}"#, #"{"a":"b"}"#),
        (#"{}"#, #"{"a":{"bb":{"ccc":null}}}"#, #"{"a":{"bb":{}}}"#),
    ])
    func rfcExamples(target: String, patch: String, result: String) throws {
        let merged = MergePatch.apply(try JSONParser.parse(patch), to: try JSONParser.parse(target))
        #expect(merged.description == result)
    }

    @Test func keepsOrderAndCreatesPatches() throws {
        let target = try JSONParser.parse(#"{"z":1,"a":{"y":1,"b":2},"m":3}"#)
        let patch = try JSONParser.parse(#"{"a":{"b":null,"c":4},"n":5,"z":0}"#)
        let merged = MergePatch.apply(patch, to: target)
        #expect(merged.description == #"{"z":0,"a":{"y":1,"c":4},"m":3,"n":5}"#)
        let created = MergePatch.create(from: target, to: merged)
        #expect(MergePatch.apply(created, to: target) == merged)
        #expect(created.description == #"{"z":0,"a":{"b":null,"c":4},"n":5}"#)
    }
}

@Suite struct ThreeWayMergeTests {
    static let base: JSONValue = [
        "metadata": ["name": "web", "labels": ["app": "web"]],
        "spec": [
            "containers": [
                ["name": "web", "image": "nginx:1", "ports": [["name": "http", "containerPort": 80]]],
                ["name": "log", "image": "fluentd:1"],
            ],
            "restartPolicy": "Always",
        ],
    ]

    static func edit(_ value: JSONValue, _ body: (inout JSONValue) -> Void) -> JSONValue {
        var copy = value
        body(&copy)
        return copy
    }

    static func setContainer(_ value: inout JSONValue, _ index: Int, _ field: String, _ new: JSONValue?) {
        var containers = value[["spec", "containers"]]?.arrayValue ?? []
        containers[index].set(new, at: [field])
        value.set(.array(containers), at: ["spec", "containers"])
    }

    @Test func disjointChangesMerge() {
        let mine = Self.edit(Self.base) { $0.set("web", at: ["metadata", "labels", "tier"]) }
        let theirs = Self.edit(Self.base) { Self.setContainer(&$0, 0, "image", "nginx:2") }
        let result = ThreeWayMerge.merge(base: Self.base, mine: mine, theirs: theirs)
        #expect(result.isClean)
        #expect(result.merged == Self.edit(theirs) { $0.set("web", at: ["metadata", "labels", "tier"]) })
        #expect(result.myChangeCount == 1)
        #expect(result.theirChangeCount == 1)
    }

    @Test func sameChangeOnBothSidesIsFine() {
        let both = Self.edit(Self.base) { $0.set("OnFailure", at: ["spec", "restartPolicy"]) }
        let result = ThreeWayMerge.merge(base: Self.base, mine: both, theirs: both)
        #expect(result.isClean)
        #expect(result.merged == both)
    }

    @Test func conflictingScalar() {
        let mine = Self.edit(Self.base) { Self.setContainer(&$0, 0, "image", "nginx:mine") }
        let theirs = Self.edit(Self.base) {
            Self.setContainer(&$0, 0, "image", "nginx:theirs")
            $0.set("Never", at: ["spec", "restartPolicy"])
        }
        let result = ThreeWayMerge.merge(base: Self.base, mine: mine, theirs: theirs)
        #expect(result.conflicts == [MergeConflict(path: "spec.containers[name=web].image", base: "nginx:1", mine: "nginx:mine", theirs: "nginx:theirs")])
        #expect(result.merged[["spec", "restartPolicy"]] == "Never")
        #expect(result.merged[["spec", "containers"]]?.arrayValue?.first?["image"] == "nginx:mine")
        #expect(result.conflicts[0].description == #"spec.containers[name=web].image: base "nginx:1", mine "nginx:mine", theirs "nginx:theirs""#)
        #expect(result.myChangeCount == 1)
        #expect(result.theirChangeCount == 2)
    }

    @Test func namedListAdditionsOnBothSides() throws {
        let mine = Self.edit(Self.base) {
            var containers = $0[["spec", "containers"]]?.arrayValue ?? []
            containers.append(["name": "mine", "image": "a"])
            $0.set(.array(containers), at: ["spec", "containers"])
        }
        let theirs = Self.edit(Self.base) {
            var containers = $0[["spec", "containers"]]?.arrayValue ?? []
            containers.insert(["name": "theirs", "image": "b"], at: 0)
            $0.set(.array(containers), at: ["spec", "containers"])
            Self.setContainer(&$0, 1, "image", "nginx:2")
        }
        let result = ThreeWayMerge.merge(base: Self.base, mine: mine, theirs: theirs)
        #expect(result.isClean)
        let containers = try #require(result.merged[["spec", "containers"]]?.arrayValue)
        #expect(containers.compactMap { $0["name"]?.stringValue } == ["theirs", "web", "log", "mine"])
        #expect(containers[1]["image"] == "nginx:2")
        #expect(containers[1]["ports"] == [["name": "http", "containerPort": 80]])
    }

    @Test func sameNameAddedDifferentlyConflictsPerField() {
        let mine = Self.edit(Self.base) { $0.set(["x": ["a": 1, "b": 2]], at: ["spec", "extra"]) }
        let theirs = Self.edit(Self.base) { $0.set(["x": ["a": 1, "b": 3]], at: ["spec", "extra"]) }
        let result = ThreeWayMerge.merge(base: Self.base, mine: mine, theirs: theirs)
        #expect(result.conflicts == [MergeConflict(path: "spec.extra.x.b", base: nil, mine: 2, theirs: 3)])
    }

    @Test func removeVersusModifyConflicts() {
        let mine = Self.edit(Self.base) {
            var containers = $0[["spec", "containers"]]?.arrayValue ?? []
            containers.removeLast()
            $0.set(.array(containers), at: ["spec", "containers"])
            $0.set(nil, at: ["metadata", "labels", "app"])
        }
        let theirs = Self.edit(Self.base) {
            Self.setContainer(&$0, 1, "image", "fluentd:2")
            $0.set(nil, at: ["metadata", "labels", "app"])
        }
        let result = ThreeWayMerge.merge(base: Self.base, mine: mine, theirs: theirs)
        #expect(result.conflicts.count == 1)
        #expect(result.conflicts.first?.path == "spec.containers[name=log]")
        #expect(result.conflicts.first?.mine == nil)
        #expect(result.conflicts.first?.theirs?["image"] == "fluentd:2")
        #expect(result.conflicts.first?.base?["image"] == "fluentd:1")
        // Both removed the label: no conflict, and it is gone.
        #expect(result.merged[["metadata", "labels"]] == [:])
        #expect(result.merged[["spec", "containers"]]?.arrayValue?.count == 1)
    }

    @Test func removedByOneSideOnly() {
        let mine = Self.edit(Self.base) { $0.set(nil, at: ["spec", "restartPolicy"]) }
        let result = ThreeWayMerge.merge(base: Self.base, mine: mine, theirs: Self.base)
        #expect(result.isClean)
        #expect(result.merged[["spec", "restartPolicy"]] == nil)
        #expect(result.myChangeCount == 1)
        #expect(result.theirChangeCount == 0)
    }

    @Test func atomicArraysConflictAsAWhole() {
        let base: JSONValue = ["args": ["a", "b"], "keep": 1]
        let result = ThreeWayMerge.merge(base: base, mine: ["args": ["a", "c"], "keep": 1], theirs: ["args": ["a", "d"], "keep": 1])
        #expect(result.conflicts.map(\.path) == ["args"])
    }

    @Test func keyOrderIsTheirsThenMine() {
        let base: JSONValue = ["a": 1, "b": 2]
        let mine: JSONValue = ["b": 2, "a": 1, "mine": 3]
        let theirs: JSONValue = ["b": 2, "theirs": 4, "a": 5]
        let result = ThreeWayMerge.merge(base: base, mine: mine, theirs: theirs)
        #expect(result.merged.description == #"{"b":2,"theirs":4,"a":5,"mine":3}"#)
    }
}

@Suite struct JSONDiffTests {
    @Test func listsLeafChanges() throws {
        let old = try JSONParser.parse(#"{"metadata":{"name":"a","labels":{"app.kubernetes.io/name":"x"}},"spec":{"containers":[{"name":"web","image":"n:1","args":["a"]}]},"gone":true}"#)
        let new = try JSONParser.parse(#"{"metadata":{"name":"a","labels":{"app.kubernetes.io/name":"y"}},"spec":{"containers":[{"name":"web","image":"n:2","args":["b"]},{"name":"new"}]},"added":1}"#)
        let changes = JSONDiff.changes(from: old, to: new)
        #expect(changes == [
            FieldChange(path: "metadata.labels[app.kubernetes.io/name]", old: "x", new: "y"),
            FieldChange(path: "spec.containers[name=web].image", old: "n:1", new: "n:2"),
            FieldChange(path: "spec.containers[name=web].args", old: ["a"], new: ["b"]),
            FieldChange(path: "spec.containers[name=new]", old: nil, new: ["name": "new"]),
            FieldChange(path: "gone", old: true, new: nil),
            FieldChange(path: "added", old: nil, new: 1),
        ])
        #expect(JSONDiff.changes(from: old, to: old).isEmpty)
        #expect(JSONDiff.changes(from: 1, to: "1") == [FieldChange(path: "", old: 1, new: "1")])
    }
}
