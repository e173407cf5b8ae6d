import ArgumentParser
import CLI
import Deck
import Foundation
import Ops
import Synchronization

/// A command that reads settings: it names the setting groups whose flags it takes (the flags
/// themselves are declared once, in `SettingKey.all`, and taken out of the command line before
/// the parser runs).
protocol SettingsCommand {
    /// The groups of settings whose flags this command takes.
    static var settingGroups: Set<SettingGroup> { get }
}

extension SettingsCommand {
    /// What every command that talks to etcd takes.
    static var connectionGroups: Set<SettingGroup> { [.source, .connection, .namespace] }
}

/// The settings given by flags for the command running, and what commands do with them.
enum CommandSettings {
    private static let given = Mutex<[String: String]>([:])

    /// Config key to text, as `CommandLineOrder` took them out of the command line (set once,
    /// before the command runs).
    static var flags: [String: String] {
        get { given.withLock { $0 } }
        set { given.withLock { $0 = newValue } }
    }

    /// Resolves settings (flags > environment > context > config file > defaults) and starts
    /// diagnostics at their level (`dashboard`: errors stay off the screen).
    static func resolve(dashboard: Bool = false) throws -> DeckSettings {
        let settings = try HeadlessSession.resolveSettings(flags: flags, configPath: nil)
        Logging.bootstrap(level: dashboard && settings.logLevel == "error" ? "critical" : settings.logLevel)
        return settings
    }

    /// Opens a headless session.
    static func session() throws -> HeadlessSession {
        try HeadlessSession.open(settings: try resolve())
    }

    /// Runs `body` in a headless session, closed however `body` ends.
    static func withSession(_ body: (HeadlessSession) async throws -> Void) async throws {
        let session = try session()
        do {
            try await body(session)
        } catch {
            await session.close()
            throw error
        }
        await session.close()
    }
}

/// The resource and pod-name arguments the pod commands share.
enum PodArguments {
    /// Refuses a resource other than pods (`pod`, `pods`, `po`).
    static func requirePods(_ resource: String) throws {
        guard ["pod", "pods", "po"].contains(resource) else {
            throw ValidationError("unknown resource \(resource): poddeck knows only pods")
        }
    }

    /// The pod named by `NS/NAME`, or `NAME` in the session's namespace.
    static func key(_ name: String, in session: HeadlessSession) throws -> PodKey {
        guard let key = PodKey(parsing: name, defaultNamespace: session.settings.effectiveNamespace) else {
            throw ValidationError("expected NAMESPACE/NAME or NAME, got \(name)")
        }
        return key
    }
}
