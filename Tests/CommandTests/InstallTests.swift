import Foundation
import Testing
import TestSupport

/// `make install` into a temporary prefix: the release binary runs from `PATH` and finds its
/// themes, the bash completion loads, the man page is there; `make uninstall` takes it all away.
/// One test, since the release build behind it is slow (minutes on a clean tree, seconds after).
@Suite("make install and uninstall", .serialized)
struct InstallTests {
    @Test func installRunUninstall() async throws {
        let root = PodDeckBinary.packageRoot
        let prefix = try TempDirectory.make(prefix: "install")
        defer { try? FileManager.default.removeItem(atPath: prefix) }
        let env = ProcessInfo.processInfo.environment
        // `swift test` holds .build's lock while the tests run (and builds nothing meanwhile): the
        // release build ignores it. At low priority, so the tests running beside it keep their pace.
        let install = try await ProcessRunner.run("nice", ["-n", "10", "make", "-C", root, "install", "PREFIX=\(prefix)",
                                                           "SWIFT_BUILD_FLAGS=--ignore-lock"],
                                                  environment: env, timeout: .seconds(5400))
        try #require(install.status == 0, "make install failed:\n\(install.stdout.suffix(3000))\n\(install.stderr.suffix(3000))")

        let files = ["bin/poddeck", "share/man/man1/poddeck.1", "share/bash-completion/completions/poddeck",
                     "share/zsh/site-functions/_poddeck", "share/fish/vendor_completions.d/poddeck.fish",
                     "share/poddeck/themes/default.yaml", "share/poddeck/themes/solarized-dark.yaml"]
        for file in files {
            #expect(FileManager.default.fileExists(atPath: "\(prefix)/\(file)"), "\(file) is installed")
        }

        // The installed binary, found through PATH and run from elsewhere, as an operator runs it
        // (its argv[0] is then a bare name).
        let run = PodDeckBinary.isolatedEnvironment(["PATH": "\(prefix)/bin:/usr/bin:/bin"])
        defer { if let home = run["HOME"] { try? FileManager.default.removeItem(atPath: home) } }
        func installed(_ arguments: String) async throws -> ProcessResult {
            try await ProcessRunner.run("sh", ["-c", "cd / && exec poddeck \(arguments)"], environment: run, timeout: .seconds(30))
        }
        let version = try await installed("--version")
        #expect(version.status == 0 && version.stdout == "poddeck 0.1.0\n", "\(version.stdout)\(version.stderr)")
        let help = try await installed("--help")
        #expect(help.status == 0 && help.stdout.contains("SUBCOMMANDS:") && help.stdout.contains("GLOBAL SETTINGS"), "\(help.stdout)")
        // It finds the installed themes (a name that is none lists those it knows).
        let theme = try await installed("--theme no-such-theme --endpoints http://127.0.0.1:1")
        #expect(theme.status == 2)
        #expect(theme.stderr.contains("\(prefix)/share/poddeck/themes"), "\(theme.stderr)")
        #expect(theme.stderr.contains("available: default, high-contrast, light, mono, solarized-dark"), "\(theme.stderr)")

        // The bash completion loads and registers itself.
        let completion = "\(prefix)/share/bash-completion/completions/poddeck"
        let bash = try await ProcessRunner.run("bash", ["-c", "source '\(completion)' && complete -p poddeck"], environment: run,
                                               timeout: .seconds(30))
        #expect(bash.status == 0, "\(bash.stderr)")
        #expect(bash.stdout.contains("poddeck"), "\(bash.stdout)")
        // The man page covers every command and the settings.
        let man = try String(contentsOfFile: "\(prefix)/share/man/man1/poddeck.1", encoding: .utf8)
        #expect(man.hasPrefix(".TH PODDECK 1"))
        for section in [#".SH "poddeck get""#, #".SH "poddeck config""#, #".SH "poddeck dashboard""#, "GLOBAL SETTINGS", ".SH \"EXIT STATUS\""] {
            #expect(man.contains(section), "the man page has \(section)")
        }

        let uninstall = try await ProcessRunner.run("make", ["-C", root, "uninstall", "PREFIX=\(prefix)"], environment: env,
                                                    timeout: .seconds(120))
        #expect(uninstall.status == 0, "\(uninstall.stderr)")
        for file in files {
            #expect(!FileManager.default.fileExists(atPath: "\(prefix)/\(file)"), "\(file) is removed")
        }
        #expect(!FileManager.default.fileExists(atPath: "\(prefix)/share/poddeck"))
    }
}
