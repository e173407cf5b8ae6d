import Foundation

/// Builds `DeckSettings` in the order flags > environment > the selected context > the config
/// file's top-level keys > defaults.
public enum SettingsResolver {
    /// The config file path: `--config` (`flags["config"]`), else `$PODDECK_CONFIG`, else
    /// `$XDG_CONFIG_HOME/poddeck/config.yaml` (`~/.config/poddeck/config.yaml`).
    public static func configPath(flags: [String: String], environment: [String: String]) -> (path: String, explicit: Bool) {
        if let flag = flags["config"], !flag.isEmpty { return (flag, true) }
        if let explicit = environment["PODDECK_CONFIG"], !explicit.isEmpty { return (explicit, true) }
        return (XDGPaths(environment: environment).configHome + "/poddeck/config.yaml", false)
    }

    /// Reads the config file that `flags` and `environment` name; nil when the default one does
    /// not exist (a file named explicitly must exist).
    public static func configFile(flags: [String: String], environment: [String: String]) throws(SettingsError) -> ConfigFile? {
        let (path, explicit) = configPath(flags: flags, environment: environment)
        guard FileManager.default.fileExists(atPath: path) else {
            if explicit { throw SettingsError("config file \(path) does not exist") }
            return nil
        }
        return try ConfigFile.read(path)
    }

    /// The context `flags` and `environment` choose: `--context`, else `$PODDECK_CONTEXT`, else
    /// the file's `currentContext`; nil for none.
    public static func chosenContext(flags: [String: String], environment: [String: String], file: ConfigFile?) -> String? {
        if let flag = flags["currentContext"], !flag.isEmpty { return flag }
        if let env = environment["PODDECK_CONTEXT"], !env.isEmpty { return env }
        if let current = file?.currentContext?.value, !current.isEmpty { return current }
        return nil
    }

    /// Resolves settings. `flags` maps config keys to the text given on the command line
    /// (`config` and `currentContext` included). A missing default config file is fine; an
    /// unreadable or invalid one is an error naming file, line and key.
    /// - Parameters:
    ///   - configPath: the config file, instead of the one `flags` and `environment` name.
    ///   - context: the context to use instead of the one chosen by flag, environment or file.
    ///   - overrides: false to leave out the environment and the flags (what the file alone says).
    public static func resolve(flags: [String: String], environment: [String: String], configPath: String? = nil,
                               context: String? = nil, overrides: Bool = true) throws(SettingsError) -> DeckSettings {
        var flags = flags
        if let configPath { flags["config"] = configPath }
        for key in flags.keys where SettingKey.named(key) == nil {
            throw SettingsError("internal: no setting is called \(key)")
        }
        let file = try configFile(flags: flags, environment: environment)
        return try resolve(flags: flags, environment: environment, file: file, context: context, overrides: overrides)
    }

    /// Resolves settings over a config file already read (nil: none).
    public static func resolve(flags: [String: String], environment: [String: String], file: ConfigFile?,
                               context: String? = nil, overrides: Bool = true) throws(SettingsError) -> DeckSettings {
        var settings = DeckSettings()
        let chosen = context ?? chosenContext(flags: flags, environment: environment, file: file)
        var selected: ConfigFile.Context?
        if let chosen {
            guard let found = file?.context(named: chosen) else {
                let origin = context == nil ? contextOrigin(chosen, flags: flags, environment: environment, file: file) : "context \(chosen)"
                throw unknownContext(chosen, origin: origin, file: file, configPath: configPath(flags: flags, environment: environment).path)
            }
            selected = found
        }
        if let file {
            for entry in file.entries {
                try apply(entry.key, entry.value, to: &settings, source: "\(file.path):\(entry.line): \(entry.key)")
            }
            if let selected {
                for entry in selected.entries {
                    try apply(entry.key, entry.value, to: &settings,
                              source: "\(file.path):\(entry.line): contexts.\(selected.name).\(entry.key)")
                }
            }
        }
        if overrides {
            for spec in SettingKey.all where spec.placement == .anywhere {
                for name in spec.environment {
                    if let value = environment[name], !value.isEmpty {
                        if let problem = spec.apply(&settings, value) {
                            throw SettingsError("environment variable \(name): \(problem) (got \(value))")
                        }
                        break
                    }
                }
            }
            for spec in SettingKey.all where spec.placement == .anywhere {
                if let value = flags[spec.key] {
                    if let problem = spec.apply(&settings, value) {
                        throw SettingsError("\(spec.flagSpellings.last ?? spec.key): \(problem) (got \(value))")
                    }
                }
            }
        }
        settings.context = selected?.name
        settings.configPath = file?.path ?? configPath(flags: flags, environment: environment).path
        return settings
    }

    private static func apply(_ key: String, _ value: String, to settings: inout DeckSettings, source: String) throws(SettingsError) {
        guard let spec = SettingKey.named(key) else { throw SettingsError("\(source): unknown key") }
        if let problem = spec.apply(&settings, value) {
            throw SettingsError("\(source): \(problem) (got \(value))")
        }
    }

    /// Where the chosen context's name came from, for messages (`--context prod`,
    /// `PODDECK_CONTEXT=prod`, `FILE:LINE: currentContext prod`).
    public static func contextOrigin(_ name: String, flags: [String: String], environment: [String: String], file: ConfigFile?) -> String {
        if flags["currentContext"] != nil { return "--context \(name)" }
        if let env = environment["PODDECK_CONTEXT"], !env.isEmpty { return "PODDECK_CONTEXT=\(name)" }
        if let current = file?.currentContext { return "\(file?.path ?? "config"):\(current.line): currentContext \(name)" }
        return "context \(name)"
    }

    /// The error for a context the file does not define, naming where the name came from
    /// (`origin`) and the contexts there are.
    public static func unknownContext(_ name: String, origin: String, file: ConfigFile?, configPath: String) -> SettingsError {
        guard let file else {
            return SettingsError("\(origin): unknown context: there is no config file at \(configPath) to define it (contexts go under `contexts:` there)")
        }
        guard !file.contexts.isEmpty else {
            return SettingsError("\(origin): unknown context: \(file.path) defines no contexts (add them under `contexts:`)")
        }
        return SettingsError("\(origin): unknown context (known contexts: \(file.contextNames.joined(separator: ", ")))")
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
