import Foundation
import Ops

/// Where themes are looked up: the user's directory first, then the shipped `themes/`.
public enum ThemeCatalog {
    /// Search paths: `$XDG_CONFIG_HOME/poddeck/themes`, `$PODDECK_THEMES_DIR`, and the first
    /// `themes/` or `share/poddeck/themes/` directories (holding `default.yaml`) found next to or
    /// above the executable.
    public static func searchPaths(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        var paths = [XDGPaths(environment: environment).configHome + "/poddeck/themes"]
        if let dir = environment["PODDECK_THEMES_DIR"], !dir.isEmpty { paths.append(dir) }
        var dir = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            for candidate in [dir.appendingPathComponent("themes"), dir.appendingPathComponent("share/poddeck/themes")]
            where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("default.yaml").path) {
                paths.append(candidate.path)
            }
            dir = dir.deletingLastPathComponent()
        }
        return paths
    }

    /// The running executable's path: `/proc/self/exe` (argv[0] is a bare name when the binary
    /// was found through `PATH`, as an installed `poddeck` is), else argv[0].
    static var executablePath: String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        return CommandLine.arguments.first ?? "."
    }

    /// Loads `name`, adapted to the terminal's colours (`NO_COLOR` forces mono).
    public static func load(_ name: String, colorCount: Int,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws(ThemeError) -> Theme {
        let theme = try ThemeLoader.load(name: name, searchPaths: searchPaths(environment: environment))
        let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        return theme.adapted(toColorCount: noColor ? 0 : colorCount)
    }
}
