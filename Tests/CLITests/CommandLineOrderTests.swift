import CLI
import Ops
import Testing

/// Setting flags are taken out of the command line wherever they are; other options before the
/// command name are moved after it; a word that is no command is refused.
@Suite("command line order")
struct CommandLineOrderTests {
    let order = CommandLineOrder(
        program: "poddeck", commands: ["dashboard", "get", "apply", "history", "validate", "config", "help"],
        defaultCommand: "dashboard",
        settingGroups: ["dashboard": Set(SettingGroup.allCases), "get": [.source, .connection, .namespace],
                        "apply": [.source, .connection, .namespace], "history": [.source, .connection, .namespace],
                        "config": [.source]],
        leadingFlags: ["-A", "--all-namespaces"])

    @Test(arguments: [
        (["--endpoints", "URL", "get", "pods", "-A"], ["get", "pods", "-A"], ["endpoints": "URL"]),
        (["get", "pods", "-A", "--endpoints", "URL"], ["get", "pods", "-A"], ["endpoints": "URL"]),
        (["-n", "default", "get", "pods"], ["get", "pods"], ["namespace": "default"]),
        (["get", "pods", "--namespace=shop"], ["get", "pods"], ["namespace": "shop"]),
        (["-A", "get", "pods"], ["get", "-A", "pods"], [:]),
        (["--endpoints=URL", "--readonly", "-n", "x", "apply", "-f", "-"], ["apply", "-f", "-"],
         ["endpoints": "URL", "readonly": "true", "namespace": "x"]),
        (["get", "pods", "--readonly=false", "--log-level", "debug", "--context", "prod", "--config", "/c.yaml"], ["get", "pods"],
         ["readonly": "false", "logLevel": "debug", "currentContext": "prod", "config": "/c.yaml"]),
        // No command: the dashboard's settings, its -A included.
        (["-n", "shop", "--endpoints", "URL"], [], ["namespace": "shop", "endpoints": "URL"]),
        (["-A", "--no-probes", "--no-watch", "--poll-interval", "1s", "--theme", "mono"], [],
         ["allNamespaces": "true", "probes": "false", "watch": "false", "pollInterval": "1s", "theme": "mono"]),
        (["dashboard", "--mouse", "--exec-probes"], ["dashboard"], ["mouse": "true", "probes.exec": "true"]),
        ([], [], [:]),
        // A setting the command does not take is left to the parser (which refuses it).
        (["get", "pods", "--poll-interval", "1s"], ["get", "pods", "--poll-interval", "1s"], [:]),
        (["--poll-interval", "1s", "get", "pods"], ["get", "--poll-interval", "1s", "pods"], [:]),
        (["-A", "validate", "-f", "-"], ["validate", "-A", "-f", "-"], [:]),
        (["config", "get-contexts", "--context", "lab", "-o", "name"], ["config", "get-contexts", "-o", "name"], ["currentContext": "lab"]),
        // Left to the parser: help, version, unknown options, `--` and what follows it.
        (["--help"], ["--help"], [:]),
        (["-n", "x", "--version"], ["--version"], ["namespace": "x"]),
        (["--bogus", "get"], ["--bogus", "get"], [:]),
        (["-A", "--", "get"], ["--", "get"], ["allNamespaces": "true"]),
        (["history", "pod", "a/b", "--", "--endpoints", "x"], ["history", "pod", "a/b", "--", "--endpoints", "x"], [:]),
        // A value that looks like a command is a value.
        (["-n", "get", "get", "pods"], ["get", "pods"], ["namespace": "get"]),
        // The last of a repeated flag wins.
        (["get", "-n", "a", "pods", "-n", "b"], ["get", "pods"], ["namespace": "b"]),
    ] as [([String], [String], [String: String])])
    func arranges(_ typed: [String], _ parsed: [String], _ settings: [String: String]) throws {
        let arranged = try order.arrange(typed)
        #expect(arranged.arguments == parsed)
        #expect(arranged.settings == settings)
    }

    @Test func knowsWhatHelpIsAskedFor() throws {
        #expect(try order.arrange(["--help"]).wantsHelp)
        #expect(try order.arrange(["--help"]).helpCommand == nil)
        #expect(try order.arrange(["get", "--endpoints", "x", "-h"]).helpCommand == "get")
        #expect(try order.arrange(["help", "get"]).helpCommand == "get")
        #expect(try order.arrange(["help", "get"]).wantsHelp)
        #expect(try !order.arrange(["get", "pods"]).wantsHelp)
        #expect(try !order.arrange(["history", "pod", "x", "--", "--help"]).wantsHelp)
    }

    @Test func aSettingFlagWithoutItsValueIsAUsageError() {
        for typed in [["get", "pods", "-n"], ["--endpoints"], ["get", "--timeout", "--", "x"]] {
            do {
                let arranged = try order.arrange(typed)
                Issue.record("\(typed) was arranged as \(arranged)")
            } catch {
                #expect(error.status == .usage)
                #expect(error.lines.first?.contains("needs a value") == true, "\(error.lines)")
            }
        }
        do {
            let arranged = try order.arrange(["--no-probes=yes"])
            Issue.record("--no-probes=yes was arranged as \(arranged)")
        } catch {
            #expect(error.lines.first == "--no-probes takes no value")
        }
    }

    @Test func refusesAWordThatIsNoCommand() {
        for typed in [["gte", "pods"], ["-n", "default", "gte", "pods"], ["-A", "gte"]] {
            do {
                let arranged = try order.arrange(typed)
                Issue.record("\(typed) was arranged as \(arranged)")
            } catch {
                #expect(error.status == .usage)
                #expect(error.lines.first == #"unknown command "gte" for "poddeck"; did you mean "get"?"#)
            }
        }
    }

    @Test func suggestsTheNearestCommand() {
        #expect(order.nearest(to: "gte") == "get", "a swap of neighbours is one edit")
        #expect(order.nearest(to: "gt") == "get")
        #expect(order.nearest(to: "appyl") == "apply")
        #expect(order.nearest(to: "hist") == "history", "a prefix")
        #expect(order.nearest(to: "dashbaord") == "dashboard")
        #expect(order.nearest(to: "frobnicate") == nil)
        #expect(order.nearest(to: "x") == nil, "one letter is too far from everything")
    }
}
