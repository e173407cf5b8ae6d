import Foundation
import Testing
import TestSupport

extension Drills {
    @Test func authReadOnlyRoleWritesNothingAndThePasswordNeverShows() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let ns = "auth"
        let password = "Dr1ll-pw-\(UInt32.random(in: 100_000...UInt32.max))"
        try await etcd.put("/registry/pods/\(ns)/web", drillPod(ns, "web"))
        for args in [["user", "add", "root:rootpw"], ["role", "add", "root"], ["user", "grant-role", "root", "root"],
                     ["user", "add", "viewer:\(password)"], ["role", "add", "pod-reader"],
                     ["role", "grant-permission", "pod-reader", "--prefix=true", "read", "/registry/pods/"],
                     ["user", "grant-role", "viewer", "pod-reader"], ["auth", "enable"]] {
            let r = try await etcd.etcdctl(args)
            #expect(r.status == 0, "etcdctl \(args.first ?? ""): \(r.stderr)")
        }
        let root = ["--user", "root:rootpw"]
        let dir = try TempDirectory.make(prefix: "auth-drill")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let passwordFile = "\(dir)/password"
        try (password + "\n").write(toFile: passwordFile, atomically: true, encoding: .utf8)
        let viewer = ["--endpoints", etcd.clientURL, "--user", "viewer", "--password-file", passwordFile, "--log-level", "debug"]
        let editor = "\(dir)/editor"
        try "#!/bin/sh\nsed -i 's/nginx:1.25/nginx:1.27/' \"$1\"\n".write(toFile: editor, atomically: true, encoding: .utf8)
        #expect(chmod(editor, 0o755) == 0)
        let env = ["EDITOR": editor, "XDG_STATE_HOME": "\(dir)/state"]

        let read = try await PodDeckBinary.run(["get", "pods", "-n", ns] + viewer, environment: env)
        #expect(read.status == 0, "\(read.stderr)")
        #expect(read.stdout.contains("web"))
        var outputs = [read.stdout, read.stderr]

        let before = try await clusterRevision(etcd, flags: root)
        let writes: [(String, [String], String?)] = [
            ("apply", ["apply", "-f", "-"], drillPod(ns, "web", image: "nginx:1.26")),
            ("apply (create)", ["apply", "-f", "-"], drillPod(ns, "new")),
            ("patch", ["patch", "pod", "\(ns)/web", "--merge", #"{"metadata":{"labels":{"x":"y"}}}"#], nil),
            ("delete", ["delete", "pod", "\(ns)/web"], nil),
            ("edit", ["edit", "pod", "\(ns)/web"], nil),
            ("seed", ["seed", "--count", "3"], nil),
        ]
        for (name, args, stdin) in writes {
            let r = try await PodDeckBinary.run(args + viewer, environment: env, stdin: stdin)
            #expect(r.status == 1, "\(name) exits 1, got \(r.status): \(r.stderr)")
            #expect(r.stderr.contains("permission denied"), "\(name): \(r.stderr)")
            outputs += [r.stdout, r.stderr]
        }
        let after = try await clusterRevision(etcd, flags: root)
        #expect(after == before, "the etcd revision did not move (\(before) → \(after))")
        let current = try await etcd.etcdctl(["get", "/registry/pods/\(ns)/web", "--print-value-only"], extraFlags: root)
        #expect(current.stdout.contains("nginx:1.25"))

        // A wrong password: refused, and the wrong password is not echoed either.
        let wrongFile = "\(dir)/wrong"
        try "Wr0ng-\(password)\n".write(toFile: wrongFile, atomically: true, encoding: .utf8)
        let wrong = try await PodDeckBinary.run(["get", "pods", "-A", "--endpoints", etcd.clientURL, "--user", "viewer",
                                                 "--password-file", wrongFile, "--log-level", "debug"])
        #expect(wrong.status == 1, "\(wrong.stderr)")
        #expect(wrong.stderr.contains("authentication failed") || wrong.stderr.contains("invalid"), "\(wrong.stderr)")
        outputs += [wrong.stdout, wrong.stderr]
        for text in outputs {
            #expect(!text.contains(password), "the password leaked into output:\n\(text)")
        }

        // The dashboard with --password-file: the password is in no process argument.
        let withFile = try await TmuxSession(command: "\(PodDeckBinary.path) -A --endpoints \(etcd.clientURL) --user viewer "
                                             + "--password-file \(passwordFile) --no-probes --log-level debug 2>\(dir)/dashboard.err")
        defer { withFile.stop() }
        try await withFile.waitFor("the dashboard with a password file") { $0.contains("● live") && $0.contains("1 pods") }
        let pid = try await withFile.waitForProcess(PodDeckBinary.path)
        let arguments = ProcessTree.commandLine(of: pid)
        #expect(arguments.contains("--password-file"), "\(arguments)")
        #expect(!arguments.joined(separator: " ").contains(password), "the password is not in /proc/\(pid)/cmdline")
        let environ = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/environ"))) ?? Data()
        #expect(!String(decoding: environ, as: UTF8.self).contains(password), "nor in its environment")
        try await withFile.type("q")
        try await withFile.waitFor(text: "[exited 0 ]")
        let dashboardLog = (try? String(contentsOfFile: "\(dir)/dashboard.err", encoding: .utf8)) ?? ""
        #expect(!dashboardLog.contains(password), "the dashboard's debug log does not show the password")

        // No password given, a terminal: a prompt without echo.
        let prompted = try await TmuxSession(command: "\(PodDeckBinary.path) -A --endpoints \(etcd.clientURL) --user viewer --no-probes")
        defer { prompted.stop() }
        try await prompted.waitFor(text: "Password for etcd user viewer:")
        try await prompted.type(password)
        let typed = try await prompted.capture()
        #expect(!typed.contains(password), "the prompt does not echo")
        try await prompted.send("Enter")
        let opened = try await prompted.waitFor("the dashboard after the prompt") { $0.contains("● live") && $0.contains("1 pods") }
        #expect(!opened.contains(password))
        try await prompted.type("q")
        try await prompted.waitFor(text: "[exited 0 ]")

        DrillReport.record(
            drill: "Auth and roles",
            injected: "etcd auth; a user whose role may only read /registry/pods/; apply, create, patch, delete, edit ($EDITOR), seed as that user; a wrong password",
            held: "get works; all 6 writes exit 1 with \"permission denied\", etcd revision stayed \(before); password absent from stdout, "
                + "stderr and --log-level debug output (\(outputs.count) streams), from the dashboard's /proc/<pid>/cmdline and environment; "
                + "the terminal prompt does not echo and opens the dashboard")
    }
}
