import Foundation
import Testing
import TestSupport

extension Drills {
    @Test func signalsAndACrashRestoreTheTerminalAndAResizeStormFits() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let seeded = try await PodDeckBinary.run(["seed", "--count", "60", "--namespaces", "3", "--endpoints", etcd.clientURL])
        #expect(seeded.status == 0, "\(seeded.stderr)")
        let dir = try TempDirectory.make(prefix: "terminal-drill")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let prompt = "drill-prompt$ "
        // An interactive shell in the pane, as an operator would have.
        let shell = try await TmuxSession(command: "sh -i", width: 120, height: 40, environment: ["PS1": prompt])
        defer { shell.stop() }
        func atPrompt(_ screen: String) -> Bool {
            screen.split(separator: "\n", omittingEmptySubsequences: true).last.map { $0.hasPrefix(prompt.trimmingCharacters(in: .whitespaces)) } ?? false
        }
        try await shell.waitFor("the shell prompt", atPrompt)
        try await shell.type("stty -a > \(dir)/before; echo \"saved\"\"-before\"")
        try await shell.send("Enter")
        try await shell.waitFor(text: "saved-before\n")
        let before = try String(contentsOfFile: "\(dir)/before", encoding: .utf8)

        // The crash reports name functions but skip inline frames and source lines: a full report
        // of the debug binary took over a minute on a loaded machine.
        let dashboard = "SWIFT_BACKTRACE=symbolicate=fast \(PodDeckBinary.path) -A --endpoints \(etcd.clientURL) "
            + "--poll-interval 500ms --no-probes"
        let faults: [(name: String, signal: Int32?)] = [("SIGINT (C-c)", nil), ("SIGTERM", SIGTERM), ("SIGHUP", SIGHUP),
                                                        ("SIGABRT", SIGABRT), ("SIGSEGV", SIGSEGV)]
        var exits: [String] = []
        var crashReports = 0
        for (index, fault) in faults.enumerated() {
            try await shell.send("clear", "Enter")
            try await shell.type("\(dashboard); echo \"[dashboard \(index) exit $?]\"")
            try await shell.send("Enter")
            try await shell.waitFor("the dashboard (\(fault.name))") { $0.contains("● live") && $0.contains("60 pods") }
            if let signal = fault.signal {
                let pid = try await shell.waitForProcess(PodDeckBinary.path)
                #expect(kill(pid, signal) == 0)
            } else {
                try await shell.send("C-c")
            }
            var back = try await shell.waitFor("the prompt or a crash report after \(fault.name)", timeout: .seconds(120)) {
                $0.contains("[dashboard \(index) exit") && atPrompt($0) || $0.contains("Press space to interact")
            }
            if back.contains("Press space to interact") {
                // The Swift runtime's backtracer printed its report on the restored terminal and
                // offers a debugger; any other key declines, as an operator would.
                #expect(back.contains("Program crashed"), "\(back)")
                crashReports += 1
                try await shell.type("q")
                back = try await shell.waitFor("the prompt after \(fault.name)") { $0.contains("[dashboard \(index) exit") && atPrompt($0) }
            }
            let line = back.split(separator: "\n").first { $0.hasPrefix("[dashboard \(index) exit") }.map(String.init) ?? ""
            let code = line.split(separator: " ").last.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "]")) } ?? "?"
            exits.append("\(fault.name): exit \(code)")
            try await shell.type("stty -a > \(dir)/after-\(index); echo \"saved\"\"-\(index)\"")
            try await shell.send("Enter")
            try await shell.waitFor(text: "saved-\(index)\n")
            let after = try String(contentsOfFile: "\(dir)/after-\(index)", encoding: .utf8)
            #expect(after == before, "stty -a after \(fault.name) differs:\nbefore: \(before)\nafter: \(after)")
        }

        // A storm of 30 resizes while the list syncs (a seed writes 200 more pods meanwhile).
        try await shell.send("clear", "Enter")
        try await shell.type("\(dashboard); echo \"[dashboard storm exit $?]\"")
        try await shell.send("Enter")
        try await shell.waitFor("the dashboard before the storm") { $0.contains("● live") && $0.contains("60 pods") }
        let writer = Task {
            try await PodDeckBinary.run(["seed", "--count", "200", "--seed", "7", "--prefix", "/registry", "--endpoints", etcd.clientURL])
        }
        var sizes: [(Int, Int)] = []
        for i in 0..<30 { sizes.append((40 + (i * 37) % 140, 8 + (i * 11) % 50)) }
        sizes[29] = (100, 30)
        for (w, h) in sizes { try await shell.resize(width: w, height: h) }
        let written = try await writer.value
        #expect(written.status == 0, "\(written.stderr)")
        let final = try await shell.waitFor("the 100×30 layout after the storm", timeout: .seconds(20)) { screen in
            let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            // A capture can land while the frame after the last resize is still being written:
            // wait for a whole one (header to status line).
            return screen.contains("● live") && screen.contains(" pods") && lines.count == 30 && lines.allSatisfy { $0.count <= 100 }
                && lines.last.map { !$0.trimmingCharacters(in: .whitespaces).isEmpty } == true
        }
        #expect(!final.contains("[dashboard storm exit"), "no crash during the storm")
        let rows = final.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(rows.first?.contains("PodDeck") == true, "the header is on the first row")
        #expect(rows.last.map { !$0.trimmingCharacters(in: .whitespaces).isEmpty } == true, "the status line is on the last row")
        try await shell.type("q")
        try await shell.waitFor("the prompt after the storm") { $0.contains("[dashboard storm exit 0]") && atPrompt($0) }
        try await shell.type("stty -a > \(dir)/after-storm; echo \"saved\"\"-storm\"")
        try await shell.send("Enter")
        try await shell.waitFor(text: "saved-storm\n")
        // The window is 100 columns now, which stty reports; compare everything else.
        let afterStorm = try String(contentsOfFile: "\(dir)/after-storm", encoding: .utf8)
        #expect(withoutSize(afterStorm) == withoutSize(before), "stty -a after the storm differs:\n\(before)\n\(afterStorm)")

        DrillReport.record(
            drill: "Terminal faults",
            injected: "dashboard in tmux from an interactive shell (`SWIFT_BACKTRACE=symbolicate=fast`): C-c, kill -TERM, -HUP, -ABRT, "
                + "-SEGV; 30 resizes (40–176 × 8–57) while 200 pods are written",
            held: "prompt back and `stty -a` identical after each (\(exits.joined(separator: "; "))); the \(crashReports) crash reports "
                + "printed readably on the restored terminal; no crash in the storm, final 100×30 layout fits")
    }
}

/// `stty -a` output without the `rows N; columns N;` part.
func withoutSize(_ stty: String) -> String {
    stty.replacingOccurrences(of: #"rows \d+; columns \d+;"#, with: "", options: .regularExpression)
}
