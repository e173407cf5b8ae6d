import Foundation
import Yams

/// The config file as read: the top-level keys, the named contexts and `currentContext`, each
/// value with its line. Keys are checked when the file is read (an unknown one is an error
/// naming the file, the line and the key); values when a setting is applied.
public struct ConfigFile: Sendable {
    /// One `key: value` of the file (nested keys flattened: `edit.confirm`).
    public struct Entry: Sendable, Equatable {
        /// The key, flattened.
        public var key: String
        /// The value as text (a sequence joined with commas).
        public var value: String
        /// Its line (1-based).
        public var line: Int
    }

    /// One entry of `contexts`.
    public struct Context: Sendable, Equatable {
        /// Its name.
        public var name: String
        /// The line of its name.
        public var line: Int
        /// Its keys.
        public var entries: [Entry]
    }

    /// The file's path.
    public var path: String
    /// The top-level settings (without `contexts` and `currentContext`).
    public var entries: [Entry]
    /// The contexts, in file order.
    public var contexts: [Context]
    /// The top-level `currentContext`, if set.
    public var currentContext: Entry?

    /// The context called `name`.
    public func context(named name: String) -> Context? { contexts.first { $0.name == name } }

    /// The context names, in file order.
    public var contextNames: [String] { contexts.map(\.name) }

    /// Reads and checks the file at `path`.
    public static func read(_ path: String) throws(SettingsError) -> ConfigFile {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw SettingsError("cannot read config file \(path): \(error.localizedDescription)")
        }
        return try parse(text, path: path)
    }

    /// Parses and checks config text (`path` names it in errors).
    public static func parse(_ text: String, path: String) throws(SettingsError) -> ConfigFile {
        var file = ConfigFile(path: path, entries: [], contexts: [], currentContext: nil)
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch {
            throw SettingsError("\(path): not valid YAML: \(error)")
        }
        guard let node else { return file }
        guard case .mapping(let mapping) = node else {
            throw SettingsError("\(path):\(node.mark?.line ?? 1): expected a mapping of keys to values")
        }
        for (k, v) in mapping {
            let line = k.mark?.line ?? 0
            guard let key = k.string else { throw SettingsError("\(path):\(line): keys must be strings") }
            switch key {
            case "contexts":
                file.contexts = try contexts(v, path: path, line: line)
            case "currentContext":
                guard case .scalar(let s) = v else {
                    throw SettingsError("\(path):\(line): currentContext: expected a context name")
                }
                file.currentContext = Entry(key: key, value: s.string, line: line)
            default:
                var found: [Entry] = []
                try flatten(key: key, value: v, line: line, path: path, into: &found)
                for entry in found {
                    guard let spec = SettingKey.named(entry.key), spec.placement != .nowhere else {
                        throw SettingsError("\(path):\(entry.line): unknown key \(entry.key) (known keys: \(knownKeys(inContext: false)))")
                    }
                }
                file.entries += found
            }
        }
        return file
    }

    /// The keys a file may set, for error messages.
    static func knownKeys(inContext: Bool) -> String {
        var keys = SettingKey.all.filter { inContext ? $0.placement == .anywhere : $0.placement != .nowhere }.map(\.key)
        if !inContext { keys.append("contexts") }
        return keys.joined(separator: ", ")
    }

    private static func contexts(_ node: Node, path: String, line: Int) throws(SettingsError) -> [Context] {
        if case .scalar(let s) = node, s.string.isEmpty || s.tag.description.hasSuffix(":null") { return [] }
        guard case .mapping(let mapping) = node else {
            throw SettingsError("\(path):\(line): contexts: expected a mapping of context names to their keys")
        }
        var out: [Context] = []
        for (k, v) in mapping {
            let nameLine = k.mark?.line ?? line
            guard let name = k.string, !name.isEmpty else {
                throw SettingsError("\(path):\(nameLine): contexts: a context name must be a non-empty string")
            }
            guard !out.contains(where: { $0.name == name }) else {
                throw SettingsError("\(path):\(nameLine): contexts.\(name): defined twice")
            }
            var entries: [Entry] = []
            switch v {
            case .mapping(let keys):
                for (ck, cv) in keys {
                    let keyLine = ck.mark?.line ?? nameLine
                    guard let key = ck.string else { throw SettingsError("\(path):\(keyLine): keys must be strings") }
                    try flatten(key: key, value: cv, line: keyLine, path: path, into: &entries)
                }
            case .scalar(let s) where s.string.isEmpty || s.tag.description.hasSuffix(":null"):
                break // `lab:` with no keys: the top-level keys alone
            default:
                throw SettingsError("\(path):\(nameLine): contexts.\(name): expected a mapping of keys to values")
            }
            for entry in entries {
                guard let spec = SettingKey.named(entry.key), spec.placement == .anywhere else {
                    throw SettingsError("\(path):\(entry.line): unknown key contexts.\(name).\(entry.key) (known keys in a context: \(knownKeys(inContext: true)))")
                }
            }
            out.append(Context(name: name, line: nameLine, entries: entries))
        }
        return out
    }

    private static func flatten(key: String, value: Node, line: Int, path: String, into out: inout [Entry]) throws(SettingsError) {
        switch value {
        case .scalar(let s):
            out.append(Entry(key: key, value: s.string, line: line))
        case .mapping(let m):
            for (k, v) in m {
                let nested = k.mark?.line ?? line
                guard let name = k.string else { throw SettingsError("\(path):\(nested): keys must be strings") }
                try flatten(key: "\(key).\(name)", value: v, line: nested, path: path, into: &out)
            }
        case .sequence(let seq):
            out.append(Entry(key: key, value: seq.compactMap { $0.string }.joined(separator: ","), line: line))
        case .alias:
            throw SettingsError("\(path):\(line): \(key): aliases are not supported")
        }
    }
}
