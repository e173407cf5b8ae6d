@testable import Deck
import Foundation
@testable import Ops
import PodModel
import Screen
import Testing

/// View snapshots at 80×24 and 120×40: the text, and a style mask naming each cell's theme key.
/// Re-record with `PODDECK_RECORD_SNAPSHOTS=1 swift test --filter SnapshotTests`.
@Suite("view snapshots")
struct SnapshotTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("__Snapshots__")

    func legend(_ theme: Theme) -> [Character: Style] {
        var out: [Character: Style] = [:]
        let pairs: [(Character, ThemeKey)] = [
            (".", .body), ("H", .header), ("T", .title), ("-", .border), ("C", .columnHeader), ("S", .selection),
            ("d", .dim), ("E", .error), ("W", .warning), ("i", .info), ("K", .keyHintKey), ("k", .keyHint),
            ("P", .filterPrompt), ("r", .statusRunning), ("p", .statusPending), ("s", .statusSucceeded),
            ("f", .statusFailed), ("t", .statusTerminating), ("u", .statusUnknown), ("+", .rowAdded),
            ("~", .rowChanged), ("x", .rowDeleted),
        ]
        for (c, key) in pairs where !out.values.contains(theme[key]) { out[c] = theme[key] }
        return out
    }

    func check(_ name: String, _ state: AppState) throws {
        let buffer = DeckRenderer.render(state)
        let text = buffer.lines(trimmingTrailingSpaces: true).joined(separator: "\n")
        let mask = buffer.styleMask(legend: legend(state.theme)).joined(separator: "\n")
        let content = "\(text)\n---- style mask ----\n\(mask)\n"
        let file = Self.directory.appendingPathComponent("\(name).txt")
        if ProcessInfo.processInfo.environment["PODDECK_RECORD_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
            try content.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        if expected != content {
            let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let b = content.split(separator: "\n", omittingEmptySubsequences: false)
            let firstDiff = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
            Issue.record("""
                snapshot \(name) differs at line \(firstDiff + 1):
                expected: \(firstDiff < a.count ? String(a[firstDiff]) : "<end>")
                actual:   \(firstDiff < b.count ? String(b[firstDiff]) : "<end>")
                (re-record with PODDECK_RECORD_SNAPSHOTS=1 if the change is intended)
                """)
        }
    }

    func sample(width: Int, height: Int) -> AppState {
        var s = makeState(width: width, height: height)
        send(&s, delta([
            makeRow("shop", "web-7d9f", restarts: 2, ageSeconds: 7200),
            makeRow("shop", "api-55c1", phase: "Pending", ready: false, ageSeconds: 45, labels: ["tier": "back"]),
            makeRow("ops", "crash-1", phase: "Running", ready: false, restarts: 17, ageSeconds: 86400 * 3),
            makeRow("ops", "batch-0", phase: "Succeeded", ready: false, ageSeconds: 600),
            makeRow("ops", "日本語-pod", ageSeconds: 30, image: "registry.example.com/team/very-long-image-name:2024.11.23-build.4711"),
        ], replacesAll: true))
        send(&s, delta([makeRow("shop", "new-pod", ageSeconds: 1)], revision: 11))
        send(&s, .key(.char("j")))
        return s
    }

    @Test func podList120x40() throws { try check("list-120x40", sample(width: 120, height: 40)) }
    @Test func podList80x24() throws { try check("list-80x24", sample(width: 80, height: 24)) }

    @Test func staleBanner80x24() throws {
        var s = sample(width: 80, height: 24)
        send(&s, .syncFailed(reason: "etcd 127.0.0.1:2379: no answer within 5s (--timeout)",
                             at: fixedNow, nextRetry: fixedNow.addingTimeInterval(2), generation: 0))
        try check("stale-80x24", s)
    }

    @Test func filterPrompt80x24() throws {
        var s = sample(width: 80, height: 24)
        send(&s, .key(.char("/")), .key(.char("w")), .key(.char("e")))
        try check("filter-80x24", s)
    }

    @Test func help120x40() throws {
        var s = sample(width: 120, height: 40)
        send(&s, .key(.char("?")))
        try check("help-120x40", s)
    }

    @Test func detail120x40() throws {
        var s = sample(width: 120, height: 40)
        let key = PodKey(namespace: "ops", name: "crash-1")
        s.selectedKey = key
        send(&s, .key(.enter))
        let json = try JSONParser.parse(#"""
            {"metadata":{"name":"crash-1","namespace":"ops","uid":"0b6f","labels":{"app":"crash"},
             "creationTimestamp":"2027-01-12T00:00:00Z"},
             "spec":{"nodeName":"node-3","containers":[{"name":"app","image":"nginx:1.25",
               "ports":[{"name":"http","containerPort":8080}],
               "livenessProbe":{"httpGet":{"path":"/healthz","port":"http"},"periodSeconds":5}}]},
             "status":{"phase":"Running","podIP":"10.0.0.9","qosClass":"BestEffort",
               "conditions":[{"type":"Ready","status":"False","reason":"ContainersNotReady","message":"containers with unready status: [app]"}],
               "containerStatuses":[{"name":"app","ready":false,"restartCount":17,
                 "state":{"waiting":{"reason":"CrashLoopBackOff"}},"containerID":"docker://abc123"}]}}
            """#)
        send(&s, .podLoaded(key, record: PodRecord(key: key, pod: try Pod(json: json), createRevision: 4, modRevision: 99), error: nil))
        try check("detail-120x40", s)
    }

    @Test func sandboxColumns80x24() throws { try check("columns-80x24", sandboxState(width: 80, height: 24)) }
    @Test func sandboxColumns120x30() throws { try check("columns-120x30", sandboxState(width: 120, height: 30)) }
    @Test func sandboxColumnsWide160x30() throws { try check("columns-wide-160x30", sandboxState(width: 160, height: 30, wide: true)) }
    @Test func sandboxHeader60x12() throws { try check("header-60x12", sandboxState(width: 60, height: 12)) }

    @Test func unreachableAtStart80x24() throws {
        var s = makeState(width: 80, height: 24)
        send(&s, .connecting(endpoints: ["127.0.0.1:2379"]))
        send(&s, .syncFailed(reason: "etcd 127.0.0.1:2379: no answer within 5s (--timeout); check --endpoints and that etcd is running",
                             at: fixedNow, nextRetry: fixedNow.addingTimeInterval(2), generation: 0))
        try check("unreachable-80x24", s)
    }

    @Test func help80x30() throws {
        var s = sample(width: 80, height: 30)
        send(&s, .key(.char("?")), .key(.char("G")))
        try check("help-80x30-bottom", s)
    }

    @Test func tooSmall() throws {
        try check("too-small-50x10", sample(width: 50, height: 10))
    }

    @Test func hostileTextIsRenderedHarmlessly() {
        var s = makeState()
        send(&s, delta([makeRow("default", "evil\u{1b}]0;pwned\u{07}\u{1b}[31mred\u{202e}txt")], replacesAll: true))
        let buffer = DeckRenderer.render(s)
        for y in 0..<buffer.size.height {
            for x in 0..<buffer.size.width {
                let symbol = buffer[x: x, y: y].symbol
                #expect(!symbol.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7f || (0x80...0x9f).contains($0.value) || $0 == "\u{202e}" },
                        "cell \(x),\(y) holds a control character")
            }
        }
        #expect(screenLines(s).joined().contains("evil^[]0;pwned^G^[[31mred"))
    }
}
