import ArgumentParser
import CLI
import Deck
import Ops

struct DashboardCommand: AsyncParsableCommand, SettingsCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Open the live dashboard (the default).",
        discussion: """
            poddeck [-n NAMESPACE | -A] [--poll-interval 2s] [--endpoints URL] [--theme NAME] [--context NAME]
            Shows the pods of one namespace (-n), or of all (-A), read from etcd and followed live; \
            press ? in the dashboard for its keys, :ctx for the contexts of the config file.
            """)
    static let settingGroups = Set(SettingGroup.allCases)

    func run() async throws {
        let settings = try CommandSettings.resolve(dashboard: true)
        try await Dashboard.run(settings: settings, source: SettingsSource(flags: CommandSettings.flags), host: CursesHost(),
                                warn: { Console.standard.err($0) })
    }
}
