@testable import Ops
import Foundation
import Testing

/// Settings declared once, resolved in layers, with contexts; no etcd needed.
@Suite("settings: declarations, layers and contexts")
struct SettingsTests {
    func file(_ text: String) throws -> ConfigFile { try ConfigFile.parse(text, path: "/c.yaml") }

    func resolve(_ text: String?, flags: [String: String] = [:], env: [String: String] = [:], context: String? = nil,
                 overrides: Bool = true) throws -> DeckSettings {
        try SettingsResolver.resolve(flags: flags, environment: env, file: try text.map(file), context: context, overrides: overrides)
    }

    @Test func everySettingIsDeclaredOnceWithFlagsThatNoOtherUses() {
        var keys = Set<String>(), flags = Set<String>(), variables = Set<String>()
        for s in SettingKey.all {
            #expect(keys.insert(s.key).inserted, "\(s.key) declared twice")
            for flag in s.flagSpellings { #expect(flags.insert(flag).inserted, "\(flag) used twice") }
            for v in s.environment { #expect(variables.insert(v).inserted, "\(v) used twice") }
            #expect(!s.help.isEmpty && !s.help.hasSuffix("."), "\(s.key): help is one line without a full stop")
            #expect(!s.help.contains("(default "), "\(s.key): the default is declared, not written into the help")
            if s.negation != nil { #expect(s.isBoolean, "\(s.key): only a boolean has a --no- flag") }
        }
    }

    @Test func theDefaultsAreTheDeclaredOnes() throws {
        let d = DeckSettings()
        #expect(d.endpoints == ["http://127.0.0.1:2379"])
        #expect(d.dialTimeout == .seconds(2) && d.timeout == .seconds(5))
        #expect(d.prefix == "/registry" && d.pageSize == 1000)
        #expect(d.namespace == "default" && d.effectiveNamespace == "default")
        #expect(d.pollInterval == .seconds(2) && d.resyncInterval == .seconds(600))
        #expect(d.theme == "default" && d.watch && d.probes && d.editConfirm && !d.readonly)
        #expect(d.maxParallelPulls == 3 && d.pullStallTimeout == .seconds(60) && d.maxConcurrentProbes == 256)
        #expect(d.logsMaxLines == 10_000 && d.shellCommand == ["sh"] && d.logLevel == "error")
        #expect(d.context == nil && d.logsTail == nil && d.probeInterval == nil)
        // Each default is what its key would set.
        for s in SettingKey.all {
            guard let value = s.defaultValue else { continue }
            var applied = d
            #expect(s.apply(&applied, value) == nil, "\(s.key)")
            #expect(applied == d, "\(s.key): its default \(value) differs from DeckSettings()")
        }
    }

    @Test func layersAreFlagsThenEnvironmentThenContextThenTopLevelThenDefaults() throws {
        let text = """
            endpoints: http://top:2379
            namespace: top
            pollInterval: 3s
            contexts:
              lab:
                namespace: lab
                timeout: 9s
            currentContext: lab

            """
        let s = try resolve(text)
        #expect(s.context == "lab")
        #expect(s.endpoints == ["http://top:2379"], "inherited from the top level")
        #expect(s.namespace == "lab", "the context beats the top level")
        #expect(s.timeout == .seconds(9) && s.pollInterval == .seconds(3) && s.dialTimeout == .seconds(2))
        let env = try resolve(text, env: ["PODDECK_NAMESPACE": "env", "ETCDCTL_COMMAND_TIMEOUT": "4s"])
        #expect(env.namespace == "env" && env.timeout == .seconds(4), "the environment beats the context")
        let flag = try resolve(text, flags: ["namespace": "flag"], env: ["PODDECK_NAMESPACE": "env"])
        #expect(flag.namespace == "flag", "a flag beats the environment")
        let fileOnly = try resolve(text, flags: ["namespace": "flag"], env: ["PODDECK_NAMESPACE": "env"], overrides: false)
        #expect(fileOnly.namespace == "lab", "what the file alone says")
        // No context chosen: the top level alone.
        let top = try resolve(text.replacingOccurrences(of: "currentContext: lab\n", with: ""))
        #expect(top.context == nil && top.namespace == "top" && top.timeout == .seconds(5))
    }

    @Test func theContextIsChosenByFlagThenEnvironmentThenFile() throws {
        let text = "contexts:\n  a: {namespace: a}\n  b: {namespace: b}\n  c: {namespace: c}\ncurrentContext: a\n"
        #expect(try resolve(text).context == "a")
        #expect(try resolve(text, env: ["PODDECK_CONTEXT": "b"]).namespace == "b")
        #expect(try resolve(text, flags: ["currentContext": "c"], env: ["PODDECK_CONTEXT": "b"]).namespace == "c")
        #expect(try resolve(text, flags: ["currentContext": "c"], context: "b").namespace == "b", "the dashboard's :ctx NAME wins")
        // An empty variable is not a choice.
        #expect(try resolve(text, env: ["PODDECK_CONTEXT": ""]).context == "a")
    }

    @Test func anUnknownContextNamesWhereItCameFromAndTheKnownOnes() throws {
        let text = "contexts:\n  a: {}\n  b: {}\ncurrentContext: z\n"
        func message(_ body: () throws -> DeckSettings) -> String {
            do { _ = try body(); return "" } catch let error as SettingsError { return error.description } catch { return "\(error)" }
        }
        #expect(message { try resolve(text) } == "/c.yaml:4: currentContext z: unknown context (known contexts: a, b)")
        #expect(message { try resolve(text, env: ["PODDECK_CONTEXT": "y"]) } == "PODDECK_CONTEXT=y: unknown context (known contexts: a, b)")
        #expect(message { try resolve(text, flags: ["currentContext": "x"]) } == "--context x: unknown context (known contexts: a, b)")
        #expect(message { try resolve(text, context: "w") } == "context w: unknown context (known contexts: a, b)")
        #expect(message { try resolve("endpoints: http://x:1\n", flags: ["currentContext": "x"]) }
                == "--context x: unknown context: /c.yaml defines no contexts (add them under `contexts:`)")
    }

    @Test func theFileIsCheckedKeyByKey() throws {
        func problem(_ text: String) -> String {
            do { _ = try file(text); return "" } catch { return "\(error)" }
        }
        #expect(problem("pollIntervall: 2s\n").hasPrefix("/c.yaml:1: unknown key pollIntervall (known keys: currentContext, endpoints,"))
        #expect(problem("contexts:\n  lab:\n    pollIntervall: 2s\n").hasPrefix("/c.yaml:3: unknown key contexts.lab.pollIntervall (known keys in a context: endpoints,"))
        #expect(problem("contexts:\n  lab:\n    edit:\n      confirmm: false\n").hasPrefix("/c.yaml:4: unknown key contexts.lab.edit.confirmm"))
        #expect(problem("config: /x.yaml\n").hasPrefix("/c.yaml:1: unknown key config"), "--config names the file; the file cannot")
        #expect(problem("contexts: [a, b]\n") == "/c.yaml:1: contexts: expected a mapping of context names to their keys")
        #expect(problem("contexts:\n  lab: 3\n") == "/c.yaml:2: contexts.lab: expected a mapping of keys to values")
        #expect(problem("currentContext: {a: 1}\n") == "/c.yaml:1: currentContext: expected a context name")
        // Nested keys work in a context as at the top level; values are checked when used.
        let f = try file("contexts:\n  lab:\n    edit: {confirm: false}\n    timeout: soon\n  prod:\n")
        #expect(f.contextNames == ["lab", "prod"])
        #expect(try resolve("contexts:\n  lab:\n    edit: {confirm: false}\n", context: "lab").editConfirm == false)
        do {
            _ = try SettingsResolver.resolve(flags: [:], environment: [:], file: f, context: "lab")
            Issue.record("a bad value in the context in use is an error")
        } catch {
            #expect(error.description == "/c.yaml:4: contexts.lab.timeout: expected a duration such as 500ms, 2s or 1m (got soon)")
        }
        #expect(try SettingsResolver.resolve(flags: [:], environment: [:], file: f, context: "prod").timeout == .seconds(5),
                "another context's bad value does not matter")
    }
}

/// `config use-context` changes one value in place.
@Suite("config file editor")
struct ConfigFileEditorTests {
    func set(_ text: String, _ value: String = "prod") throws -> String {
        try ConfigFileEditor.setting("currentContext", to: value, in: text, path: "/c.yaml")
    }

    @Test(arguments: [
        ("currentContext: lab\n", "currentContext: prod\n"),
        ("# head\ncurrentContext:   lab   # why\nx: 1\n", "# head\ncurrentContext:   prod   # why\nx: 1\n"),
        ("currentContext: 'lab'\n", "currentContext: prod\n"),
        ("currentContext: \"l\\\"ab\" # q\n", "currentContext: prod # q\n"),
        ("currentContext: 'it''s'\n", "currentContext: prod\n"),
        ("currentContext:\nx: 1\n", "currentContext: prod\nx: 1\n"),
        ("currentContext: # none yet\n", "currentContext: prod # none yet\n"),
        ("x: 1\n", "x: 1\ncurrentContext: prod\n"),
        ("x: 1", "x: 1\ncurrentContext: prod\n"),
        ("", "currentContext: prod\n"),
        ("contexts:\n  lab: {currentContext: no}\ncurrentContext: lab\n", "contexts:\n  lab: {currentContext: no}\ncurrentContext: prod\n"),
    ])
    func replacesOnlyTheValue(_ before: String, _ after: String) throws {
        #expect(try set(before) == after)
    }

    @Test func quotesANameThatWouldNotReadBackAsItself() throws {
        #expect(try set("currentContext: a\n", "b c") == "currentContext: \"b c\"\n")
        #expect(try set("currentContext: a\n", "yes") == "currentContext: \"yes\"\n")
        #expect(try set("currentContext: a\n", "1.5") == "currentContext: \"1.5\"\n")
        #expect(try set("currentContext: a\n", "prod-eu.1") == "currentContext: prod-eu.1\n")
        for name in ["b c", "yes", "1.5", "a#b", "x: y", "'q'", "\"", "-x"] {
            let text = try set("currentContext: a\n", name)
            #expect(try ConfigFile.parse(text, path: "/c.yaml").currentContext?.value == name, "\(name): \(text)")
        }
    }

    @Test func refusesWhatItCannotChangeAlone() {
        for text in ["{currentContext: a}\n", "currentContext: |\n  a\n", "currentContext: [a]\n", "- a\n"] {
            #expect(throws: SettingsError.self, "\(text)") { try set(text) }
        }
    }
}

