import Foundation
import Testing
import TestSupport

/// Command lines typed the way kubectl and etcdctl users type them, and the help they read.
@Suite("kubectl and etcdctl habits", .serialized)
struct CommandLineHabitTests {
    @Test func globalOptionsBeforeTheCommandName() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let ns = "habit-\(UInt32.random(in: 0...UInt32.max))"
        let url = etcd.clientURL
        let doc = webPod.replacingOccurrences(of: "namespace: shop", with: "namespace: \(ns)")
        let applied = try await PodDeckBinary.run(["--endpoints", url, "apply", "-f", "-"], stdin: doc)
        #expect(applied.status == 0, "\(applied.stderr)")

        let all = try await PodDeckBinary.run(["--endpoints", url, "get", "pods", "-A", "-o", "name"])
        #expect(all.status == 0, "\(all.stderr)")
        #expect(all.stdout == "\(ns)/web\n")
        let inNamespace = try await PodDeckBinary.run(["-n", ns, "--endpoints", url, "get", "pods", "-o", "name"])
        #expect(inNamespace.status == 0, "\(inNamespace.stderr)")
        #expect(inNamespace.stdout == "\(ns)/web\n")
        let elsewhere = try await PodDeckBinary.run(["-n", "default", "--endpoints=\(url)", "get", "pods", "-o", "name"])
        #expect(elsewhere.status == 0, "\(elsewhere.stderr)")
        #expect(elsewhere.stdout == "")
        let everywhere = try await PodDeckBinary.run(["-A", "--endpoints=\(url)", "--readonly", "get", "pods"])
        #expect(everywhere.status == 0, "\(everywhere.stderr)")
        #expect(everywhere.stdout.contains(ns) && everywhere.stdout.contains("web"))

        // kubectl's -p for the patch text.
        let patched = try await PodDeckBinary.run(["--endpoints", url, "-n", ns, "patch", "pod", "web", "-p", #"{"metadata":{"labels":{"tier":"front"}}}"#])
        #expect(patched.status == 0, "\(patched.stderr)")
        #expect(patched.stdout.hasPrefix("pod/web patched (revision "))
        let longForm = try await PodDeckBinary.run(["patch", "pod", "\(ns)/web", "--patch", #"{"metadata":{"labels":{"tier":"back"}}}"#, "--endpoints", url])
        #expect(longForm.status == 0, "\(longForm.stderr)")
        let labelled = try await PodDeckBinary.run(["--endpoints", url, "get", "pods", "-A", "-l", "tier=back", "-o", "name"])
        #expect(labelled.stdout == "\(ns)/web\n")

        // An option the command does not have is still refused by that command.
        let wrong = try await PodDeckBinary.run(["-A", "validate", "-f", "-"], stdin: webPod)
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("-A"), "\(wrong.stderr)")
    }

    @Test func aMistypedCommandNamesTheNearestOne() async throws {
        for args in [["gte", "pods"], ["-n", "default", "gte", "pods"], ["--endpoints", "http://127.0.0.1:1", "gte", "pods", "-A"]] {
            let r = try await PodDeckBinary.run(args)
            #expect(r.status == 2, "\(args)")
            #expect(r.stderr.contains(#"unknown command "gte" for "poddeck"; did you mean "get"?"#), "\(args): \(r.stderr)")
            #expect(!r.stderr.contains("dashboard"), "\(args): \(r.stderr)")
        }
        let prefix = try await PodDeckBinary.run(["hist", "pod", "a/b"])
        #expect(prefix.status == 2)
        #expect(prefix.stderr.contains(#"did you mean "history"?"#), "\(prefix.stderr)")
        let far = try await PodDeckBinary.run(["frobnicate"])
        #expect(far.status == 2)
        #expect(far.stderr.contains(#"unknown command "frobnicate" for "poddeck""#), "\(far.stderr)")
        #expect(!far.stderr.contains("did you mean"))
    }

    @Test func completionScriptsOfferTheSettingFlagsOfEachCommand() async throws {
        let dir = try TempDirectory.make(prefix: "completion")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let bash = try await PodDeckBinary.run(["--generate-completion-script", "bash"])
        #expect(bash.status == 0, "\(bash.stderr)")
        let script = "\(dir)/poddeck.bash"
        try bash.stdout.write(toFile: script, atomically: true, encoding: .utf8)
        /// What bash completes for the words typed so far (the last one being completed).
        func complete(_ words: [String]) async throws -> [String] {
            let line = words.joined(separator: " ")
            let shell = """
                source '\(script)'
                COMP_LINE='\(line)'; COMP_POINT=${#COMP_LINE}; COMP_WORDS=(\(words.joined(separator: " "))); COMP_CWORD=\(words.count - 1)
                _poddeck poddeck '\(words.last ?? "")' '\(words.dropLast().last ?? "")'
                printf '%s\\n' "${COMPREPLY[@]}"
                """
            let r = try await ProcessRunner.run("bash", ["-c", shell], timeout: .seconds(30))
            #expect(r.status == 0, "\(r.stderr)")
            return r.stdout.split(separator: "\n").map(String.init)
        }
        #expect(try await complete(["poddeck", "get", "--end"]) == ["--endpoints"])
        #expect(try await complete(["poddeck", "get", "--names"]) == ["--namespace"])
        #expect(try await complete(["poddeck", "dashboard", "--poll"]) == ["--poll-interval"])
        #expect(try await complete(["poddeck", "dashboard", "--no-"]).sorted() == ["--no-probes", "--no-watch"])
        #expect(try await complete(["poddeck", "config", "use-context", "--con"]).sorted() == ["--config", "--context"])
        #expect(try await complete(["poddeck", "get", "--poll"]).isEmpty, "get takes no dashboard setting")
        #expect(try await complete(["poddeck", "validate", "--end"]).isEmpty, "validate reads no settings")
        let zsh = try await PodDeckBinary.run(["--generate-completion-script", "zsh"]).stdout
        #expect(zsh.contains("'(-n --namespace)'{-n,--namespace}'[namespace to show, and of a pod NAME given without NAMESPACE/]:ns:'"))
        let fish = try await PodDeckBinary.run(["--generate-completion-script", "fish"]).stdout
        #expect(fish.contains(#"-n '__poddeck_should_offer_completions_for_flags_or_options "poddeck get" endpoints' -l 'endpoints'"#))
    }

    @Test func helpListsDocsDescribesTheDashboardAndGivesEachDefaultOnce() async throws {
        let root = try await PodDeckBinary.run(["--help"])
        #expect(root.status == 0)
        #expect(root.stdout.contains("\n  docs "), "\(root.stdout)")
        #expect(root.stdout.contains("poddeck [-n NAMESPACE | -A]"), "the default command's main options: \(root.stdout)")
        for command in ["dashboard", "get", "apply", "patch", "delete", "edit", "history", "validate", "pull", "probe", "seed", "docs"] {
            let help = try await PodDeckBinary.run([command, "--help"])
            #expect(help.status == 0, "\(command)")
            // One entry per option, wrapped lines included.
            for entry in help.stdout.components(separatedBy: "\n  -") {
                #expect(!(entry.contains("(default ") && entry.contains("(default: ")), "\(command) --help gives a default twice: \(entry)")
            }
        }
        // Each command's help ends with the settings it takes, generated from their one declaration.
        let get = try await PodDeckBinary.run(["get", "--help"]).stdout
        #expect(get.contains("\nSETTINGS:\n") && get.contains("--endpoints <urls>") && get.contains("--context <name>"), "\(get)")
        #expect(!get.contains("--poll-interval"), "\(get)")
        #expect(root.stdout.contains("\nGLOBAL SETTINGS"), "\(root.stdout)")
        #expect(try await PodDeckBinary.run(["help", "probe"]).stdout.contains("--probe-timeout <time>"))
        #expect(try await PodDeckBinary.run(["validate", "--help"]).stdout.contains("SETTINGS") == false)
        let dashboard = try await PodDeckBinary.run(["dashboard", "--help"]).stdout.split(separator: "\n")
        #expect(dashboard.contains { $0.contains("-n, --namespace <ns>") && $0.contains("Namespace to show") }, "\(dashboard)")
        #expect(dashboard.contains { $0.contains("--poll-interval <time>") && $0.contains("How often the list is re-read") }, "\(dashboard)")
    }
}
