import Foundation
import Testing
import TestSupport

/// Marks in the real dashboard in tmux against a real etcd: Space, Ctrl-Space, Ctrl-\, the
/// header's count, the ● in the gutter, through sorting and filtering, and a marked pod deleted
/// in etcd.
@Suite("marks in the dashboard", .serialized)
struct DashboardMarksEndToEndTests {
    /// The screen line of pod `name` (the row, not the header).
    func row(_ screen: String, _ name: String) -> String {
        screen.split(separator: "\n").map(String.init).first { $0.contains(" \(name) ") } ?? ""
    }

    /// The pods whose rows show the mark glyph.
    func markedRows(_ screen: String, among names: [String]) -> [String] {
        names.filter { row(screen, $0).trimmingCharacters(in: .whitespaces).hasPrefix("●") }
    }

    @Test func spaceCtrlSpaceAndCtrlBackslashThroughSortFilterAndADeletion() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let names = ["mark-a", "mark-b", "mark-c", "mark-d", "mark-e"]
        for name in names {
            let doc = webPod.replacingOccurrences(of: "name: web\n  namespace: shop", with: "name: \(name)\n  namespace: shop")
            let r = try await poddeck(etcd, ["apply", "-f", "-"], stdin: doc)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let tui = try await TmuxSession(
            command: "\(PodDeckBinary.path) --endpoints \(etcd.clientURL) -n shop --no-probes --poll-interval 300ms", width: 120, height: 30)
        defer { tui.stop() }
        try await tui.waitFor("the five pods") { $0.contains("5 pods") && $0.contains("mark-e") && $0.contains("● live") }

        // Space marks the selected pod (the first) and moves down.
        try await tui.send("Space")
        var screen = try await tui.waitFor(text: "● 1 marked")
        #expect(markedRows(screen, among: names) == ["mark-a"], "\(screen)")
        // Two rows further down, Ctrl-Space marks everything from the last mark to here.
        try await tui.type("jj")
        try await tui.send("C-Space")
        screen = try await tui.waitFor(text: "● 4 marked")
        #expect(markedRows(screen, among: names) == ["mark-a", "mark-b", "mark-c", "mark-d"], "\(screen)")

        // Marks follow their pods through a sort and a filter.
        try await tui.type("N")
        screen = try await tui.waitFor("the reversed sort") { $0.contains("sort name ▼") && $0.contains("● 4 marked") }
        let order = screen.split(separator: "\n").compactMap { line in names.first { line.contains(" \($0) ") } }
        #expect(order == names.reversed(), "\(screen)")
        #expect(markedRows(screen, among: names) == ["mark-a", "mark-b", "mark-c", "mark-d"], "\(screen)")
        try await tui.type("/mark-b")
        try await tui.send("Enter")
        screen = try await tui.waitFor("the filter") { $0.contains("filter /mark-b → 1") }
        #expect(screen.contains("● 4 marked"), "marks outside the filter still count: \(screen)")
        #expect(markedRows(screen, among: names) == ["mark-b"], "\(screen)")
        try await tui.send("Escape")
        try await tui.waitFor("the whole list") { !$0.contains("filter /") && $0.contains("mark-e") }

        // A marked pod deleted in etcd loses its mark.
        try await etcd.etcdctl(["del", "/registry/pods/shop/mark-c"])
        screen = try await tui.waitFor("the deletion") { $0.contains("4 pods") && $0.contains("● 3 marked") }
        #expect(markedRows(screen, among: names) == ["mark-a", "mark-b", "mark-d"], "\(screen)")

        // Ctrl-\ clears every mark.
        try await tui.send("C-\\")
        screen = try await tui.waitFor("no marks") { !$0.contains("marked") }
        #expect(markedRows(screen, among: names).isEmpty, "\(screen)")
        try await tui.type("q")
    }
}
