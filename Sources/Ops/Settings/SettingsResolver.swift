import Foundation
import Yams

/// Builds `DeckSettings` from flags, environment and the config file, in that precedence.
public enum SettingsResolver {
    /// The config file path: `$PODDECK_CONFIG`, else `$XDG_CONFIG_HOME/poddeck/config.yaml`
    /// (`~/.config/poddeck/config.yaml`).
    public static func defaultConfigPath(environment: [String: String]) -> String {
        if let explicit = environment["PODDECK_CONFIG"], !explicit.isEmpty { return explicit }
        return XDGPaths(environment: environment).configHome + "/poddeck/config.yaml"
    }

    /// Resolves settings. `flags` maps config keys to the text given on the command line.
    /// A missing config file is fine; an unreadable or invalid one is an error naming file,
    /// line and key.
    public static func resolve(flags: [String: String], environment: [String: String],
                               configPath: String?) throws(SettingsError) -> DeckSettings {
        var settings = DeckSettings()
        let path = configPath ?? defaultConfigPath(environment: environment)
        if FileManager.default.fileExists(atPath: path) {
            for (key, value, line) in try readConfig(path) {
                guard let spec = SettingKey.named(key) else {
                    let known = SettingKey.all.map(\.key).joined(separator: ", ")
                    throw SettingsError("\(path):\(line): unknown key \(key) (known keys: \(known))")
                }
                if let problem = spec.apply(&settings, value) {
                    throw SettingsError("\(path):\(line): \(key): \(problem) (got \(value))")
                }
            }
        } else if configPath != nil {
            throw SettingsError("config file \(path) does not exist")
        }
        for spec in SettingKey.all {
            for name in spec.environment {
                if let value = environment[name], !value.isEmpty {
                    if let problem = spec.apply(&settings, value) {
                        throw SettingsError("environment variable \(name): \(problem) (got \(value))")
                    }
                    break
                }
            }
        }
        for spec in SettingKey.all {
            if let value = flags[spec.key] {
                if let problem = spec.apply(&settings, value) {
                    throw SettingsError("--\(spec.flag ?? spec.key): \(problem) (got \(value))")
                }
            }
        }
        return settings
    }

    /// Reads the config file as flattened `key: value` pairs with their lines.
    static func readConfig(_ path: String) throws(SettingsError) -> [(String, String, Int)] {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw SettingsError("cannot read config file \(path): \(error.localizedDescription)")
        }
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch {
            throw SettingsError("\(path): not valid YAML: \(error)")
        }
        guard let node else { return [] }
        guard case .mapping(let mapping) = node else {
            throw SettingsError("\(path):\(node.mark?.line ?? 1): expected a mapping of keys to values")
        }
        var out: [(String, String, Int)] = []
        try flatten(mapping, prefix: "", path: path, into: &out)
        return out
    }

    private static func flatten(_ mapping: Node.Mapping, prefix: String, path: String,
                                into out: inout [(String, String, Int)]) throws(SettingsError) {
        for (k, v) in mapping {
            guard let key = k.string else { throw SettingsError("\(path):\(k.mark?.line ?? 0): keys must be strings") }
            let full = prefix.isEmpty ? key : "\(prefix).\(key)"
            let line = k.mark?.line ?? 0
            switch v {
            case .scalar(let s):
                out.append((full, s.string, line))
            case .mapping(let m):
                try flatten(m, prefix: full, path: path, into: &out)
            case .sequence(let seq):
                let items = seq.compactMap { $0.string }
                out.append((full, items.joined(separator: ","), line))
            case .alias:
                throw SettingsError("\(path):\(line): \(full): aliases are not supported")
            }
        }
    }
}

/// XDG base directories.
public struct XDGPaths: Sendable {
    /// `$XDG_CONFIG_HOME` or `~/.config`.
    public var configHome: String
    /// `$XDG_STATE_HOME` or `~/.local/state`.
    public var stateHome: String

    /// Reads them from an environment.
    public init(environment: [String: String]) {
        let home = environment["HOME"] ?? NSHomeDirectory()
        configHome = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.config"
        stateHome = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.local/state"
    }
}
