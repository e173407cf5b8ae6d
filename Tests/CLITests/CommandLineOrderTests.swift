import CLI
import Testing

/// Options before the command name are moved after it; a word that is no command is refused.
@Suite("command line order")
struct CommandLineOrderTests {
    let order = CommandLineOrder(program: "poddeck", commands: ["dashboard", "get", "apply", "history", "help"],
                                 valueOptions: ["--endpoints", "-n", "--namespace"], flags: ["-A", "--readonly"])

    @Test(arguments: [
        (["--endpoints", "URL", "get", "pods", "-A"], ["get", "--endpoints", "URL", "pods", "-A"]),
        (["-n", "default", "get", "pods"], ["get", "-n", "default", "pods"]),
        (["-A", "get", "pods"], ["get", "-A", "pods"]),
        (["--endpoints=URL", "--readonly", "-n", "x", "apply", "-f", "-"], ["apply", "--endpoints=URL", "--readonly", "-n", "x", "-f", "-"]),
        // The command first, or no command at all (the dashboard): as typed.
        (["get", "pods", "-n", "x"], ["get", "pods", "-n", "x"]),
        (["-n", "shop", "--endpoints", "URL"], ["-n", "shop", "--endpoints", "URL"]),
        ([], []),
        // Left to the parser: help, version, unknown options, a missing value, `--`.
        (["--help"], ["--help"]),
        (["-n", "x", "--version"], ["-n", "x", "--version"]),
        (["--bogus", "get"], ["--bogus", "get"]),
        (["-n"], ["-n"]),
        (["-A", "--", "get"], ["-A", "--", "get"]),
        // A value that looks like a command is a value.
        (["-n", "get", "get", "pods"], ["get", "-n", "get", "pods"]),
    ])
    func arranges(_ typed: [String], _ parsed: [String]) throws {
        #expect(try order.arrange(typed) == parsed)
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
