@testable import Deck
import Foundation
import Ops
import Screen
import Testing

/// `:ctx` in `update`: listing, refusals and a switch that starts the screen over.
@Suite("contexts in update")
struct ContextUpdateTests {
    func loaded() -> AppState {
        var s = makeState()
        send(&s, delta([makeRow("shop", "web-1"), makeRow("shop", "api-1"), makeRow("ops", "zeta")], replacesAll: true))
        return s
    }

    func change(generation: Int, readonly: Bool = true) -> ContextSwitch {
        ContextSwitch(context: "prod", generation: generation, namespace: "shop", readonly: readonly, pollInterval: .seconds(5),
                      probesEnabled: false, logSettings: LogSettings(), theme: .fallback, endpoints: ["10.0.0.1:2379", "10.0.0.2:2379"],
                      probeEpoch: fixedNow)
    }

    @Test func ctxListsThenSwitches() {
        var s = loaded()
        #expect(send(&s, .key(.char(":"))) == [])
        for msg in keys("ctx") { send(&s, msg) }
        #expect(send(&s, .key(.enter)) == [.listContexts(id: 1)])
        #expect(s.mode == .contexts)
        send(&s, .contextsListed(ContextListing(id: 1, configPath: "/c.yaml", rows: [
            ContextRow(name: "lab", endpoints: ["http://127.0.0.1:2379"], readonly: false, reach: .checking),
            ContextRow(name: "prod", endpoints: ["https://10.0.0.1:2379"], readonly: true, reach: .checking),
        ])))
        send(&s, .contextReach(listing: 1, name: "prod", .unreachable("no answer within 3s")),
             .contextReach(listing: 0, name: "lab", .reachable(version: "3.4.23", revision: 9)))
        let text = screenLines(s).joined(separator: "\n")
        #expect(text.contains("✗ unreachable: no answer within 3s"))
        #expect(text.contains("… checking"), "an answer to an older listing is dropped")
        #expect(text.contains("read-only"))
        send(&s, .key(.char(":")))
        for msg in keys("ctx prod") { send(&s, msg) }
        #expect(send(&s, .key(.enter)) == [.switchContext("prod")])
    }

    @Test func aSwitchClearsTheOldClusterAndKeepsTheView() {
        var s = loaded()
        send(&s, .key(.char(" ")), .key(.char("w")), .key(.char("R")), .key(.char("/")))
        for msg in keys("web") { send(&s, msg) }
        send(&s, .key(.enter))
        #expect(!s.marks.isEmpty && s.list.filter != nil && s.selectedKey != nil)
        let sort = s.list.sort
        send(&s, .contextSwitched(change(generation: s.generation + 1)))
        #expect(s.context == "prod" && s.generation == 1 && s.readonly)
        #expect(s.marks.isEmpty && s.list.filter == nil && s.selectedKey == nil && s.list.count == 0)
        #expect(s.wide && s.list.sort == sort)
        #expect(s.connection.target == "10.0.0.1:2379 +1" && s.connection.loading)
        // A listing of the old cluster that arrives late is dropped; the new one's is shown.
        send(&s, delta([makeRow("shop", "old")], replacesAll: true, generation: 0))
        #expect(s.list.count == 0)
        send(&s, delta([makeRow("shop", "new")], replacesAll: true, generation: 1))
        #expect(visibleNames(s) == ["new"])
        let header = screenLines(s)[0]
        #expect(header.contains("ctx prod") && header.contains("READ-ONLY"), "\(header)")
        // Writes are refused in a read-only context.
        #expect(send(&s, .key(.char("e"))) == [])
        #expect(s.message?.text.contains("read-only") == true)
    }

    @Test func noSwitchWhileAWriteIsUnderWay() {
        var s = loaded()
        s.busy = "saving shop/web-1…"
        send(&s, .key(.char(":")))
        for msg in keys("ctx prod") { send(&s, msg) }
        #expect(send(&s, .key(.enter)) == [])
        #expect(s.message?.text == "cannot switch context while saving shop/web-1")
    }
}

/// The README embeds the generated reference tables.
@Suite("README reference tables")
struct ReadmeTablesTests {
    static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("README.md")

    @Test func theSettingsAndKeysTablesAreTheGeneratedOnes() throws {
        let text = try String(contentsOf: Self.readme, encoding: .utf8)
        #expect(text.contains(ReferenceDocs.settingsTable()), "README: paste `poddeck docs settings`")
        #expect(text.contains(ReferenceDocs.keysTable()), "README: paste `poddeck docs keys`")
        #expect(text.contains(ReferenceDocs.themeKeysTable()), "README: paste `poddeck docs theme-keys`")
    }
}
