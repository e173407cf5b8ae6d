import Etcd
import Foundation
import Logging
import Ops

/// What every headless command needs: resolved settings, the pod store and the console.
public struct HeadlessSession: Sendable {
    /// Resolved settings.
    public var settings: DeckSettings
    /// The pod store on the etcd client.
    public var store: PodStore
    /// Where output goes.
    public var console: Console

    /// Resolves settings (flags > env > context > file > defaults) and builds the etcd client.
    public static func open(flags: [String: String], configPath: String?, console: Console = .standard,
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            logger: Logger = Logger(label: "poddeck.etcd")) throws(CommandFailure) -> HeadlessSession {
        let settings = try resolveSettings(flags: flags, configPath: configPath, environment: environment)
        return try open(settings: settings, console: console, environment: environment, logger: logger)
    }

    /// Builds the etcd client for settings already resolved.
    public static func open(settings: DeckSettings, console: Console = .standard,
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            logger: Logger = Logger(label: "poddeck.etcd")) throws(CommandFailure) -> HeadlessSession {
        let etcd = try EtcdConnector.client(settings, environment: environment, prompt: EtcdConnector.terminalPrompt,
                                            warn: { console.err($0) }, logger: logger)
        return HeadlessSession(settings: settings, store: PodStore(etcd: etcd, prefix: settings.prefix), console: console)
    }

    /// Resolves settings only (for commands that do not talk to etcd).
    public static func resolveSettings(flags: [String: String], configPath: String?,
                                       environment: [String: String] = ProcessInfo.processInfo.environment) throws(CommandFailure) -> DeckSettings {
        do { return try SettingsResolver.resolve(flags: flags, environment: environment, configPath: configPath) } catch {
            throw CommandFailure(.usage, error.description)
        }
    }

    /// Closes the etcd connections.
    public func close() async { await store.etcd.close() }
}
