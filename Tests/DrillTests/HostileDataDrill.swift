import Foundation
import Testing
import TestSupport

/// `text` as a JSON string literal: quotes, backslashes and C0 controls escaped, everything else
/// (C1 controls, bidi overrides) left as UTF-8.
func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        default:
            if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
        }
    }
    return out + "\""
}

/// A pod whose every displayed string can be hostile; `rawMessage` goes into the JSON as raw bytes.
func hostilePod(namespace: String, name: String, label: String, image: String, message: String,
                rawMessage: [UInt8] = [], annotation: String = "") -> [UInt8] {
    let head = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":\(jsonString(name)),"namespace":\(jsonString(namespace)),
         "labels":{"app":\(jsonString(label))},"annotations":{"note":\(jsonString(annotation))}},
         "spec":{"containers":[{"name":"app","image":\(jsonString(image))}]},
         "status":{"phase":"Pending","reason":\(jsonString(message)),"containerStatuses":[{"name":"app","ready":false,"restartCount":0,
           "state":{"waiting":{"reason":"ErrImagePull","message":\(jsonString(message))}}}],"message":"
        """
    return Array(head.utf8) + rawMessage + Array("\"}}".utf8)
}

extension Drills {
    @Test func hostileDataNeverReachesTheTerminal() async throws {
        let etcd = try await EtcdServer.start(extraArguments: ["--max-request-bytes", "3145728", "--max-txn-ops", "1000"])
        defer { etcd.stop() }
        let ns = "hostile"
        let (clear, title, dcs, controls) = (HostileText.clear, HostileText.title, HostileText.dcs, HostileText.controls)
        let (rlo, long) = (HostileText.rightToLeft, HostileText.long)
        var puts: [(String, [UInt8])] = [
            ("/registry/pods/\(ns)/\(clear)", hostilePod(namespace: ns, name: clear, label: title, image: dcs, message: controls)),
            ("/registry/pods/\(ns)/\(rlo)", hostilePod(namespace: ns, name: rlo, label: "\u{202e}evil", image: "a\u{202e}b:1", message: rlo)),
            ("/registry/pods/\(ns)/long", hostilePod(namespace: ns, name: "long" + long, label: long, image: "x/" + long, message: long)),
            ("/registry/pods/\(ns)/bad-utf8", hostilePod(namespace: ns, name: "bad-utf8", label: "ok", image: "busybox:1",
                                                          message: "\u{1b}[31mred", rawMessage: HostileText.notUTF8)),
            ("/registry/pods/ns\u{1b}]0;x\u{07}/esc-ns", hostilePod(namespace: "ns\u{1b}]0;x\u{07}", name: "esc-ns", label: "ok", image: "busybox:1", message: "")),
            ("/registry/pods/\(ns)/huge", hostilePod(namespace: ns, name: "huge", label: "big", image: "busybox:1", message: "",
                                                      annotation: String(repeating: "H", count: 1_600_000))),
        ]
        var binary: [UInt8] = Array("\u{1b}[2J\u{1b}]0;bin\u{07}".utf8)
        for i in 0..<4096 { binary.append(UInt8(truncatingIfNeeded: i &* 131 &+ 7)) }
        puts.append(("/registry/pods/\(ns)/binary", binary))
        let whole = hostilePod(namespace: ns, name: "truncated", label: "t", image: "busybox:1", message: "\u{1b}[2J")
        puts.append(("/registry/pods/\(ns)/truncated", Array(whole.prefix(whole.count / 2))))
        puts.append(("/registry/pods/\(ns)/proto", Array("k8s".utf8) + [0, 0x0A, 0x02] + Array("v1".utf8) + [0x12, 0x03] + Array("Pod".utf8)
                                                   + [0x1A, 0x08] + Array("\u{1b}[2Jevil".utf8)))
        for (key, value) in puts {
            let r = try await etcd.etcdctl(["put", key], stdin: value)
            #expect(r.status == 0, "put \(key.debugDescription.prefix(60)): \(r.stderr)")
        }
        // 10,000 keys under the prefix that are not pods, ten transactions of 1,000 puts.
        for batch in 0..<10 {
            var text = "\n"
            for i in 0..<1000 { text += "put /registry/pods/junk/k\(batch)-\(i) plain-text-\(batch)-\(i)\n" }
            let r = try await etcd.etcdctl(["txn"], stdin: Array((text + "\n\n").utf8))
            #expect(r.status == 0, "txn: \(r.stderr)")
        }
        // bad-utf8 is not valid JSON text, so it is listed as unreadable with the binary, truncated and protobuf values.
        let readable = 5, unreadable = 10_004

        // The dashboard: every namespace, then the hostile one, its details and YAML.
        let tui = try await TmuxSession(command: "\(PodDeckBinary.path) -A --endpoints \(etcd.clientURL) --no-probes", width: 160, height: 40)
        defer { tui.stop() }
        var screens: [String] = []
        let all = try await tui.waitFor("the list with the unreadable count") { $0.contains("● live") && $0.contains("\(unreadable) unreadable") }
        #expect(all.contains("\(readable) pods"), "\(firstLine(all))")
        screens.append(try await tui.capture(escapes: true))
        try await tui.type(":")
        try await tui.type("ns \(ns)")
        try await tui.send("Enter")
        // The header (not the command prompt) names the namespace, and its four pods are listed.
        try await tui.waitFor("the hostile namespace") {
            $0.contains("  ns \(ns)  poll") && $0.contains("│ 4 pods") && $0.contains("clear") && $0.contains("rtl-")
        }
        screens.append(try await tui.capture(escapes: true))
        for row in 0..<4 {
            try await tui.send("Enter")
            try await tui.waitFor("details of row \(row)") { $0.contains("details") && $0.contains("Containers") }
            screens.append(try await tui.capture(escapes: true))
            try await tui.type("y")
            try await tui.waitFor(text: "apiVersion: v1")
            screens.append(try await tui.capture(escapes: true))
            try await tui.send("Escape")
            try await tui.waitFor("the list again") { $0.contains("NAME") && $0.contains("● live") }
            try await tui.send("Down")
        }
        try await tui.resize(width: 80, height: 24)
        try await tui.waitFor("the narrow layout") { $0.contains("● live") && $0.split(separator: "\n").allSatisfy { $0.count <= 80 } }
        screens.append(try await tui.capture(escapes: true))
        for screen in screens {
            let found = nonSGREscapes(screen)
            #expect(found.isEmpty, "escape sequences reached the terminal: \(found.prefix(10))\n\(screen)")
        }
        let paneTitle = try await ProcessRunner.run("tmux", ["-L", tui.socket, "display-message", "-p", "-t", "0", "#{pane_title}"])
        #expect(!paneTitle.stdout.contains("drill-title") && !paneTitle.stdout.contains("bin"), "the pane title is untouched: \(paneTitle.stdout)")
        #expect(!screens.joined().contains("\u{202e}"), "no right-to-left override on screen")
        try await tui.type("q")
        let exit = try await tui.waitFor(text: "[exited")
        #expect(exit.contains("[exited 0 ]"))

        // Headless: table and JSON print them harmlessly.
        let tableStart = ContinuousClock.now
        let table = try await PodDeckBinary.run(["get", "pods", "-A", "--endpoints", etcd.clientURL], timeout: .seconds(120))
        let garbageTime = ContinuousClock.now - tableStart
        #expect(table.status == 0, "\(table.stderr.prefix(500))")
        #expect(table.stdout.contains("Unreadable"))
        // Every unreadable value has its row; stderr warns about the first 20 and counts the rest.
        let unreadableRows = table.stdout.split(separator: "\n").filter { $0.contains("Unreadable") }.count
        let warnings = table.stderr.split(separator: "\n").filter { $0.hasPrefix("warning: ") }
        #expect(unreadableRows > 10_000)
        #expect(warnings.count == 21, "\(warnings.count) warning lines")
        #expect(warnings.last == "warning: \(unreadableRows - 20) more values under the prefix are not readable pods; each has a row below",
                "\(warnings.last ?? "")")
        for (name, text) in [("table", table.stdout), ("table stderr", table.stderr)] {
            let found = nonSGREscapes(text.replacingOccurrences(of: "\t", with: " "))
            #expect(found.isEmpty, "\(name): \(found.prefix(10))")
            #expect(!text.contains("\u{202e}"), "\(name): no right-to-left override")
        }
        let json = try await PodDeckBinary.run(["get", "pods", "-n", ns, "-o", "json", "--endpoints", etcd.clientURL], timeout: .seconds(120))
        #expect(json.status == 0, "\(json.stderr.prefix(500))")
        #expect(!json.stdoutBytes.contains(0x1B), "no raw ESC in JSON output")
        // JSON strings escape C0 controls, and the indented output escapes DEL and C1 (U+007F–U+009F) too.
        #expect(!json.stdoutBytes.contains { $0 < 0x20 && $0 != 0x0A }, "no raw C0 control in JSON output")
        #expect(!json.stdoutBytes.contains(0x7F), "no raw DEL in JSON output")
        #expect(!zip(json.stdoutBytes, json.stdoutBytes.dropFirst()).contains { $0 == 0xC2 && (0x80...0x9F).contains($1) },
                "no raw C1 control in JSON output")
        #expect((try? JSONSerialization.jsonObject(with: Data(json.stdoutBytes))) != nil, "the JSON output parses")

        // Proportion: the same listing over 10,000 real pods.
        let seeded = try await PodDeckBinary.run(["seed", "--count", "10000", "--prefix", "/seeded", "--endpoints", etcd.clientURL],
                                                 timeout: .seconds(300))
        #expect(seeded.status == 0, "\(seeded.stderr)")
        let podsStart = ContinuousClock.now
        let pods = try await PodDeckBinary.run(["get", "pods", "-A", "--prefix", "/seeded", "--endpoints", etcd.clientURL], timeout: .seconds(120))
        let podsTime = ContinuousClock.now - podsStart
        #expect(pods.status == 0)
        #expect(pods.stdout.split(separator: "\n").count == 10_001)

        DrillReport.record(
            drill: "Hostile data",
            injected: "pods with ESC [2J / OSC title / DCS, C0 and C1 controls, U+202E, 10 KB strings, invalid UTF-8 in names, labels, images, "
                + "messages, keys and namespaces; binary, truncated, 1.5 MiB and k8s-protobuf values; 10,000 non-pod keys under the prefix",
            held: "dashboard listed \(readable) pods + \(unreadable) unreadable (counted in the header), details and YAML of each, no crash; "
                + "\(screens.count) `capture-pane -e` screens hold only SGR colour codes, pane title untouched; `get -A` table carries no "
                + "control character, `-o json` no ESC, C0, DEL or C1; `get pods -A`: \(DrillReport.seconds(garbageTime)) with 10,000 garbage keys vs "
                + "\(DrillReport.seconds(podsTime)) with 10,000 real pods")
    }
}
