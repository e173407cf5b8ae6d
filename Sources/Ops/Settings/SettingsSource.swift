import Foundation

/// What settings are resolved from besides the defaults: the flags given and the environment.
/// The dashboard keeps it to resolve another context of the config file (`:ctx NAME`), with the
/// same flags and environment over it.
public struct SettingsSource: Sendable {
    /// Config key to text, as given on the command line (`config` and `currentContext` included).
    public var flags: [String: String]
    /// The environment.
    public var environment: [String: String]

    /// Creates a source.
    public init(flags: [String: String], environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.flags = flags
        self.environment = environment
    }

    /// The config file's path.
    public var configPath: String { SettingsResolver.configPath(flags: flags, environment: environment).path }

    /// Reads the config file again (nil: the default one does not exist).
    public func configFile() throws(SettingsError) -> ConfigFile? {
        try SettingsResolver.configFile(flags: flags, environment: environment)
    }

    /// The settings of context `name` (nil: the context flags, environment or file choose), the
    /// config file read again.
    public func resolve(context name: String?) throws(SettingsError) -> DeckSettings {
        try SettingsResolver.resolve(flags: flags, environment: environment, context: name)
    }
}
