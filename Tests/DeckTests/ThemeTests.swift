import Foundation
@testable import Ops
import Testing
@testable import Deck
import Screen

/// The repository's `themes/` directory.
private let themesDirectory: String = URL(fileURLWithPath: #filePath)
    .resolvingSymlinksInPath()
    .deletingLastPathComponent()  // DeckTests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()  // repository root
    .appendingPathComponent("themes").path

private let shippedThemes = ["default", "light", "solarized-dark", "high-contrast", "mono"]
private let colouredThemes = ["default", "light", "solarized-dark", "high-contrast"]
private let statusKeys: [ThemeKey] = [
    .statusRunning, .statusPending, .statusSucceeded, .statusFailed, .statusTerminating, .statusUnknown,
]

/// Parses `text` as the file `themes/mine.yaml`.
private func parse(_ text: String) throws(ThemeError) -> Theme {
    try ThemeLoader.parse(text, name: "mine", source: "themes/mine.yaml")
}

/// Returns the error parsing `text` throws, or nil when it parses.
private func parseError(_ text: String) -> ThemeError? {
    do throws(ThemeError) {
        _ = try parse(text)
        return nil
    } catch {
        return error
    }
}

/// A scratch directory removed when the test ends.
private struct TemporaryDirectory: ~Copyable {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("poddeck-themes-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: path + "/" + name, atomically: true, encoding: .utf8)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

// MARK: - Shipped themes

@Suite struct ShippedThemeTests {
    @Test(arguments: shippedThemes)
    func loadsAndSetsEveryKeyExplicitly(name: String) throws {
        let theme = try ThemeLoader.load(name: name, searchPaths: [themesDirectory])
        #expect(theme.name == name)
        #expect(theme.source == "\(themesDirectory)/\(name).yaml")

        let text = try String(contentsOfFile: "\(themesDirectory)/\(name).yaml", encoding: .utf8)
        let firstLine = try #require(text.split(separator: "\n").first)
        #expect(firstLine.hasPrefix("# poddeck theme: \(name) "))

        let document = try ThemeDocument.parse(text, source: name)
        #expect(document.inherits == nil)
        #expect(document.name == name)
        let missing = ThemeKey.allCases.filter { document.styles[$0] == nil }
        #expect(missing.isEmpty, "\(name).yaml does not set \(missing)")
    }

    @Test func defaultFileMatchesTheBuiltInFallback() throws {
        let text = try String(contentsOfFile: "\(themesDirectory)/default.yaml", encoding: .utf8)
        let document = try ThemeDocument.parse(text, source: "default.yaml")
        for key in ThemeKey.allCases {
            #expect(document.styles[key] == Theme.fallbackSpecs[key], "\(key)")
        }
        let loaded = try ThemeLoader.load(name: "default", searchPaths: [themesDirectory])
        for key in ThemeKey.allCases {
            #expect(loaded[key] == Theme.fallback[key], "\(key)")
        }
        #expect(Theme.fallback.name == "default")
        #expect(Theme.fallback.source == "built-in")
    }

    @Test(arguments: colouredThemes, [256, 16, 8])
    func statusColoursAreDistinct(name: String, colorCount: Int) throws {
        let theme = try ThemeLoader.load(name: name, searchPaths: [themesDirectory])
            .adapted(toColorCount: colorCount)
        let colours = statusKeys.map { "\(theme[$0].fg)/\(theme[$0].bg)" }
        #expect(Set(colours).count == statusKeys.count, "\(name) at \(colorCount) colours: \(colours)")
    }

    /// Within each group of keys that tell states apart, foregrounds that differ in the theme
    /// differ on the terminal too.
    @Test(arguments: colouredThemes, [256, 16, 8])
    func groupColoursStayApart(name: String, colorCount: Int) throws {
        let theme = try ThemeLoader.load(name: name, searchPaths: [themesDirectory])
        let adapted = theme.adapted(toColorCount: colorCount)
        for group in ThemeKey.distinctGroups {
            for a in group {
                for b in group where a.rawValue < b.rawValue && theme[a].fg != theme[b].fg && theme[a].bg == theme[b].bg {
                    #expect(adapted[a].fg != adapted[b].fg, "\(name) at \(colorCount): \(a) and \(b) both \(adapted[a].fg)")
                }
            }
        }
    }

    /// Solarized's green and yellow both lie nearest ANSI yellow; the green, which loses
    /// least by moving, becomes ANSI green. Colours that did not meet stay where they were.
    @Test func solarizedGreenAndYellowStayApartOnSixteenColours() throws {
        let theme = try ThemeLoader.load(name: "solarized-dark", searchPaths: [themesDirectory])
        let mapper = ColorMapper(colorCount: 16)
        #expect(mapper.map(theme[.statusRunning].fg) == .yellow && mapper.map(theme[.statusPending].fg) == .yellow)
        let adapted = theme.adapted(toColorCount: 16)
        #expect(adapted[.statusRunning].fg == .green)
        #expect(adapted[.statusPending].fg == .yellow)
        #expect(adapted[.warning].fg == .yellow, "outside the groups nothing moves")
        for key in [ThemeKey.statusSucceeded, .statusFailed, .statusTerminating, .statusUnknown] {
            #expect(adapted[key].fg == mapper.map(theme[key].fg), "\(key)")
        }
        // At 256 colours the probes' red and orange both lie nearest cube colour 166; one
        // moves. Keys outside the groups keep their nearest colour.
        let wideMapper = ColorMapper(colorCount: 256)
        #expect(wideMapper.map(theme[.probeFailing].fg) == .indexed(166) && wideMapper.map(theme[.probeWarning].fg) == .indexed(166))
        let wide = theme.adapted(toColorCount: 256)
        #expect(wide[.probeFailing].fg != wide[.probeWarning].fg)
        let grouped = Set(ThemeKey.distinctGroups.joined())
        for key in ThemeKey.allCases where !grouped.contains(key) {
            #expect(wide[key].fg == wideMapper.map(theme[key].fg), "\(key)")
        }
    }

    @Test func choicesStartWithTheMappedColour() {
        for count in [8, 16, 256] {
            let mapper = ColorMapper(colorCount: count)
            for color in [Color.rgb(0x85, 0x99, 0), .rgb(0xb5, 0x89, 0), .rgb(0x80, 0x80, 0x80), .indexed(200), .indexed(3), .default] {
                let choices = mapper.choices(for: color)
                #expect(choices.first?.color == mapper.map(color), "\(color) at \(count)")
                #expect(choices.map(\.distance) == choices.map(\.distance).sorted())
            }
        }
    }

    @Test func monoHasNoColoursOnlyAttributes() throws {
        let mono = try ThemeLoader.load(name: "mono", searchPaths: [themesDirectory])
        for key in ThemeKey.allCases {
            #expect(mono[key].fg == .default && mono[key].bg == .default, "\(key)")
        }
        #expect(mono[.body].attributes.isEmpty)
        #expect(mono[.selection].attributes == .reverse)
        #expect(mono[.error].attributes.contains(.bold))
        #expect(mono[.dim].attributes == .dim)
        #expect(mono[.rowAdded].attributes.contains(.bold))
        #expect(mono[.rowDeleted].attributes.contains(.dim))
        #expect(mono[.diffAdded].attributes.contains(.bold))
        #expect(mono[.diffRemoved].attributes.contains(.dim))
        #expect(Set(statusKeys.map { mono[$0].attributes.rawValue }).count == statusKeys.count)
        #expect(mono.adapted(toColorCount: 0) == mono)
    }

    @Test(arguments: shippedThemes, [256, 16, 8, 0])
    func staysReadableWhenAdapted(name: String, colorCount: Int) throws {
        let theme = try ThemeLoader.load(name: name, searchPaths: [themesDirectory])
            .adapted(toColorCount: colorCount)
        for key in ThemeKey.allCases {
            let style = theme[key]
            #expect(style.fg == .default || style.fg != style.bg, "\(name) \(key) at \(colorCount) colours")
        }
        #expect(theme[.selection] != theme[.body], "\(name) selection at \(colorCount) colours")
    }

    @Test func availableThemesListsTheShippedFiles() {
        #expect(ThemeLoader.availableThemes(searchPaths: [themesDirectory]) == shippedThemes.sorted())
    }
}

// MARK: - File format

@Suite struct ThemeFormatTests {
    @Test(arguments: [
        ("red", Color.red),
        ("bright-red", Color.brightRed),
        ("brightRed", Color.brightRed),
        ("BRIGHT_BLUE", Color.brightBlue),
        ("bright-black", Color.indexed(8)),
        ("grey", Color.indexed(8)),
        ("gray", Color.indexed(8)),
        ("white", Color.indexed(7)),
        ("\"#ff8000\"", Color.rgb(255, 128, 0)),
        ("\"#FF8000\"", Color.rgb(255, 128, 0)),
        ("\"#f80\"", Color.rgb(255, 136, 0)),
        ("0", Color.indexed(0)),
        ("255", Color.indexed(255)),
        ("42", Color.indexed(42)),
        ("default", Color.default),
    ])
    func colourForms(text: String, expected: Color) throws {
        let theme = try parse("body: white on black\nheader: \(text)\ntitle: {fg: \(text), bg: \(text)}\n")
        #expect(theme[.header].fg == expected)
        #expect(theme[.title].fg == expected)
        #expect(theme[.title].bg == expected)
    }

    @Test func shortFormTakesBackgroundAndAttributes() throws {
        let theme = try parse("""
            header: white on blue bold
            title: on red
            border: bold underline
            dim: yellow, italic
            error: plain
            """)
        #expect(theme[.header] == Style(fg: .white, bg: .blue, attributes: .bold))
        #expect(theme[.title] == Style(fg: .default, bg: .red))
        #expect(theme[.border] == Style(attributes: [.bold, .underline]))
        #expect(theme[.dim] == Style(fg: .yellow, attributes: .italic))
        #expect(theme[.error] == Style())
    }

    @Test func mappingFormTakesEveryAttribute() throws {
        let theme = try parse("""
            selection:
              fg: black
              bg: "#00ffff"
              bold: true
              dim: yes
              italic: on
              underline: true
              reverse: false
            """)
        #expect(theme[.selection] == Style(fg: .black, bg: .rgb(0, 255, 255),
                                           attributes: [.bold, .dim, .italic, .underline]))
    }

    @Test func missingKeysAndColoursComeFromBody() throws {
        let theme = try parse("""
            body: {fg: "#eeeeee", bg: "#101010", italic: true}
            header: yellow bold
            title: default on default
            """)
        let body = Style(fg: .rgb(0xEE, 0xEE, 0xEE), bg: .rgb(0x10, 0x10, 0x10), attributes: .italic)
        #expect(theme[.body] == body)
        #expect(theme[.header] == Style(fg: .yellow, bg: body.bg, attributes: .bold))
        #expect(theme[.title] == Style(fg: .default, bg: .default))
        #expect(theme[.statusRunning] == body)
        #expect(theme.name == "mine")
    }

    @Test func declaredNameWinsOverTheFileName() throws {
        #expect(try parse("name: Night Shift\nbody: white").name == "Night Shift")
    }

    @Test func aliasesMayShareAStyle() throws {
        let theme = try parse("statusRunning: &ok green bold\nprobeOk: *ok\n")
        #expect(theme[.probeOk] == Style(fg: .green, attributes: .bold))
    }
}

// MARK: - Errors

@Suite struct ThemeErrorTests {
    @Test func unknownKeySuggestsTheNearestKey() throws {
        let error = try #require(parseError("body: white\nheadr: red\n"))
        #expect(error.kind == .unknownKey)
        #expect(error.key == "headr")
        #expect(error.description == #"themes/mine.yaml:2: unknown key "headr" (did you mean "header"?)"#)
    }

    @Test func unknownKeyWithoutNearNameListsTheKeys() throws {
        let error = try #require(parseError("wibble: red\n"))
        #expect(error.line == 1)
        #expect(error.description.contains("keys: name, inherits, body, header"))
    }

    @Test func badColourNamesFileLineAndKey() throws {
        let error = try #require(parseError("""
            body: white
            # the cursor row
            selection: {fg: black, bg: "#12345"}
            """))
        #expect(error.kind == .badColor)
        #expect(error.file == "themes/mine.yaml")
        #expect(error.line == 3)
        #expect(error.key == "selection.bg")
        #expect(error.description
            == ##"themes/mine.yaml:3: selection.bg: bad colour "#12345" (use a name, #rrggbb, 0-255 or default)"##)
    }

    @Test(arguments: [
        ("header: blu", "header.fg", #"did you mean "blue"?"#),
        ("header: white on 256", "header.bg", #"bad colour "256""#),
        ("header: white on", "header.bg", "must be followed by a background"),
        ("header: bright-pink", "header.fg", #"bad colour "bright-pink""#),
        ("header:\n  fg: \"#ggg\"", "header.fg", ##"bad colour "#ggg""##),
    ])
    func badColoursInEitherForm(text: String, key: String, fragment: String) throws {
        let error = try #require(parseError(text))
        #expect(error.kind == .badColor)
        #expect(error.key == key)
        #expect(error.description.contains(fragment), "\(error)")
    }

    @Test func unquotedHashGetsAHint() throws {
        let error = try #require(parseError("body: white\nheader:\n  fg: #ff0000\n"))
        #expect(error.key == "header.fg")
        #expect(error.line == 3)
        #expect(error.description.contains("an unquoted # starts a YAML comment"))
    }

    @Test func unknownAttributeSuggestsTheNearestWord() throws {
        let error = try #require(parseError("body: white\nheader: white on blue blod\n"))
        #expect(error.kind == .badAttribute)
        #expect(error.line == 2)
        #expect(error.key == "header")
        #expect(error.description.contains(#"unknown attribute "blod" (did you mean "bold"?"#))
    }

    @Test func unknownFieldSuggestsTheNearestField() throws {
        let error = try #require(parseError("selection:\n  fg: red\n  undreline: true\n"))
        #expect(error.kind == .unknownKey)
        #expect(error.line == 3)
        #expect(error.key == "selection")
        #expect(error.description.contains(#"unknown field "undreline" (did you mean "underline"?"#))
    }

    @Test(arguments: [
        ("body: white\nheader: [red, blue]\n", 2, "header", ThemeError.Kind.wrongType),
        ("header: {fg: [red]}\n", 1, "header.fg", .wrongType),
        ("selection: {bold: maybe}\n", 1, "selection.bold", .badAttribute),
        ("body: white\nheader:\n", 2, "header", .wrongType),
        ("name: [a, b]\n", 1, "name", .wrongType),
        ("inherits: {a: b}\n", 1, "inherits", .wrongType),
    ])
    func wrongTypesNameLineAndKey(text: String, line: Int, key: String, kind: ThemeError.Kind) throws {
        let error = try #require(parseError(text))
        #expect(error.kind == kind)
        #expect(error.line == line)
        #expect(error.key == key)
        #expect(error.description.hasPrefix("themes/mine.yaml:\(line): \(key): "), "\(error)")
    }

    @Test func invalidYAMLNamesTheLineAndEnclosingKey() throws {
        let error = try #require(parseError("body: white\nheader:\n  fg: \"red\n  bg: blue\ntitle: red\n"))
        #expect(error.kind == .invalidYAML)
        #expect(error.file == "themes/mine.yaml")
        #expect(error.line == 3)
        #expect(error.key == "header")
        #expect(error.description.hasPrefix("themes/mine.yaml:3: not valid YAML in header: "), "\(error)")
    }

    @Test func duplicateKeysAreRefused() throws {
        let error = try #require(parseError("body: white\nheader: red\ntitle: blue\nheader: green\n"))
        #expect(error.kind == .duplicateKey)
        #expect(error.key == "header")
        #expect(error.line == 4)
        #expect(error.description.contains("first set on line 2"))
    }

    @Test(arguments: [
        ("", "the file is empty"),
        ("# only a comment\n", "the file is empty"),
        ("- body\n- header\n", "expected a mapping of theme keys to styles (got a list)"),
        ("just text\n", "expected a mapping of theme keys to styles"),
    ])
    func documentsThatAreNotMappings(text: String, fragment: String) throws {
        let error = try #require(parseError(text))
        #expect(error.kind == .wrongType)
        #expect(error.description.hasPrefix("themes/mine.yaml"))
        #expect(error.description.contains(fragment))
    }

    @Test func unreadableFileIsReported() throws {
        let directory = try TemporaryDirectory()
        try Data([0x62, 0x6F, 0x64, 0x79, 0x3A, 0x20, 0xFF, 0xFE]).write(to: URL(fileURLWithPath: directory.path + "/bad.yaml"))
        #expect(throws: ThemeError(.unreadable, file: directory.path + "/bad.yaml", message: "not UTF-8 text")) {
            try ThemeLoader.load(name: "bad", searchPaths: [directory.path])
        }
    }
}

// MARK: - Lookup and inheritance

@Suite struct ThemeLookupTests {
    @Test func notFoundListsWhereItLookedAndWhatIsAvailable() throws {
        let directory = try TemporaryDirectory()
        var thrown: ThemeError?
        do throws(ThemeError) { _ = try ThemeLoader.load(name: "nope", searchPaths: [directory.path, themesDirectory]) } catch { thrown = error }
        let error = try #require(thrown)
        #expect(error.kind == .notFound)
        #expect(error.description == """
            theme "nope" not found (looked in: \(directory.path), \(themesDirectory); \
            available: default, high-contrast, light, mono, solarized-dark)
            """)
    }

    @Test func notFoundSuggestsACloseName() throws {
        var thrown: ThemeError?
        do throws(ThemeError) { _ = try ThemeLoader.load(name: "ligth", searchPaths: [themesDirectory]) } catch { thrown = error }
        #expect(try #require(thrown).description.contains(#"did you mean "light"?"#))
    }

    @Test func searchPathsAreTriedInOrderAndYmlCounts() throws {
        let user = try TemporaryDirectory()
        try user.write("light.yml", "name: my light\nbody: black on white\n")
        try user.write("notes.txt", "not a theme")
        let theme = try ThemeLoader.load(name: "light", searchPaths: [user.path, themesDirectory])
        #expect(theme.name == "my light")
        #expect(theme.source == user.path + "/light.yml")
        #expect(ThemeLoader.availableThemes(searchPaths: [user.path, themesDirectory]) == shippedThemes.sorted())
        #expect(try ThemeLoader.load(name: "light.yaml", searchPaths: [themesDirectory]).name == "light")
    }

    @Test func aNameWithASlashIsAPath() throws {
        let directory = try TemporaryDirectory()
        try directory.write("custom.yaml", "body: red\n")
        let theme = try ThemeLoader.load(name: directory.path + "/custom.yaml", searchPaths: [])
        #expect(theme.name == "custom")
        #expect(theme[.body].fg == .red)
        #expect(throws: ThemeError.self) {
            try ThemeLoader.load(name: directory.path + "/absent.yaml", searchPaths: [themesDirectory])
        }
    }

    @Test func inheritsTakesMissingKeysFromTheParent() throws {
        let directory = try TemporaryDirectory()
        try directory.write("base.yaml", "body: white on black\ntitle: yellow bold\nheader: red\n")
        try directory.write("child.yaml", "name: child\ninherits: base\nbody: on blue\nheader: green\n")
        let theme = try ThemeLoader.load(name: "child", searchPaths: [directory.path])
        #expect(theme.name == "child")
        #expect(theme[.header] == Style(fg: .green, bg: .blue))
        // Inherited keys are resolved against the child's body.
        #expect(theme[.title] == Style(fg: .yellow, bg: .blue, attributes: .bold))
        #expect(theme[.body] == Style(fg: .default, bg: .blue))
    }

    @Test func inheritsDefaultFindsTheShippedFileOrTheBuiltIn() throws {
        let text = "inherits: default\nselection: black on magenta\n"
        for paths in [[themesDirectory], []] {
            let theme = try ThemeLoader.parse(text, name: "mine", source: "mine.yaml", searchPaths: paths)
            #expect(theme[.selection] == Style(fg: .black, bg: .magenta))
            #expect(theme[.header] == Theme.fallback[.header])
        }
    }

    @Test func aUserThemeMayOverrideTheShippedOneOfTheSameName() throws {
        let user = try TemporaryDirectory()
        try user.write("default.yaml", "inherits: default\nerror: magenta\n")
        let theme = try ThemeLoader.load(name: "default", searchPaths: [user.path, themesDirectory])
        #expect(theme[.error] == Style(fg: .magenta))
        #expect(theme[.header] == Theme.fallback[.header])
    }

    @Test func inheritanceCyclesAreErrors() throws {
        let directory = try TemporaryDirectory()
        try directory.write("a.yaml", "body: red\ninherits: b\n")
        try directory.write("b.yaml", "\ninherits: a\n")
        var thrown: ThemeError?
        do throws(ThemeError) { _ = try ThemeLoader.load(name: "a", searchPaths: [directory.path]) } catch { thrown = error }
        let error = try #require(thrown)
        #expect(error.kind == .inheritanceCycle)
        #expect(error.file == directory.path + "/b.yaml")
        #expect(error.line == 2)
        #expect(error.key == "inherits")
        #expect(error.description.contains("(a -> b -> a)"))

        try directory.write("self.yaml", "inherits: self\n")
        #expect(throws: ThemeError.self) { try ThemeLoader.load(name: "self", searchPaths: [directory.path]) }
    }

    @Test func aMissingParentNamesTheInheritingFile() throws {
        var thrown: ThemeError?
        do throws(ThemeError) { _ = try parse("body: red\ninherits: nope\n") } catch { thrown = error }
        let error = try #require(thrown)
        #expect(error.kind == .notFound)
        #expect(error.description.hasPrefix(#"themes/mine.yaml:2: inherits: theme "nope" not found"#))
    }

    @Test func errorsInAParentNameTheParentFile() throws {
        let directory = try TemporaryDirectory()
        try directory.write("base.yaml", "body: white\nheader: purple\n")
        try directory.write("child.yaml", "inherits: base\n")
        var thrown: ThemeError?
        do throws(ThemeError) { _ = try ThemeLoader.load(name: "child", searchPaths: [directory.path]) } catch { thrown = error }
        let error = try #require(thrown)
        #expect(error.file == directory.path + "/base.yaml")
        #expect(error.line == 2)
        #expect(error.key == "header.fg")
    }
}

// MARK: - Adapting to the terminal

@Suite struct ThemeAdaptingTests {
    @Test func sixteenColoursMapsTrueColourToTheANSIPalette() throws {
        let light = try ThemeLoader.load(name: "light", searchPaths: [themesDirectory])
        let adapted = light.adapted(toColorCount: 16)
        #expect(adapted[.body] == Style(fg: .black, bg: .brightWhite))
        for key in ThemeKey.allCases {
            for color in [adapted[key].fg, adapted[key].bg] {
                guard case .indexed(let index) = color else {
                    Issue.record("\(key) kept \(color)")
                    continue
                }
                #expect(index < 16)
            }
        }
        #expect(Theme.fallback.adapted(toColorCount: 16) == Theme.fallback)
    }

    @Test func eightColoursDropsBrightnessToBold() {
        let adapted = Theme.fallback.adapted(toColorCount: 8)
        #expect(adapted[.dim] == Style(fg: .black, attributes: .bold))
        #expect(adapted[.header] == Style(fg: .white, bg: .blue, attributes: .bold))
        #expect(adapted[.diffAdded] == Style(fg: .green))
    }

    @Test func noColoursKeepsAttributesAndTheSelectionVisible() {
        let adapted = Theme.fallback.adapted(toColorCount: 0)
        for key in ThemeKey.allCases {
            #expect(adapted[key].fg == .default && adapted[key].bg == .default, "\(key)")
        }
        #expect(adapted[.error].attributes == .bold)
        #expect(adapted[.body].attributes.isEmpty)
        #expect(adapted[.selection].attributes == .reverse)
        #expect(adapted.name == "default")
    }

    @Test func aReversedBodyGetsAnUnreversedSelection() throws {
        let theme = try parse("body: red reverse\nselection: blue reverse\n").adapted(toColorCount: 0)
        #expect(theme[.body].attributes == .reverse)
        #expect(theme[.selection].attributes.isEmpty)
    }

    @Test func textThatWouldVanishGetsAContrastingColour() throws {
        let theme = try parse("body: brightWhite on white\nheader: brightBlack on black\n")
        let adapted = theme.adapted(toColorCount: 8)
        #expect(adapted[.body].fg == .black)
        #expect(adapted[.body].bg == .white)
        #expect(adapted[.header].fg == .white)
        #expect(adapted[.header].bg == .black)
    }
}

// MARK: - Robustness

/// A small deterministic random number generator (SplitMix64).
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Parses `text` on a thread with a 512 KiB stack (the size of secondary threads on
/// some platforms) and returns the theme's name or the error's description.
private func parseOnSmallStack(_ text: String) async -> Result<String, ThemeError> {
    await withCheckedContinuation { continuation in
        let thread = Thread {
            do throws(ThemeError) {
                let theme = try ThemeLoader.parse(text, name: "fuzz", source: "fuzz.yaml")
                continuation.resume(returning: .success(theme.name))
            } catch {
                continuation.resume(returning: .failure(error))
            }
        }
        thread.stackSize = 512 * 1024
        thread.start()
    }
}

/// Checks that an outcome is a theme or an error naming the fuzz source in printable text.
private func checkOutcome(_ outcome: Result<String, ThemeError>, input: String) {
    guard case .failure(let error) = outcome else { return }
    #expect(error.file == "fuzz.yaml", "\(error) for \(ThemeError.quoted(input))")
    #expect(!error.message.isEmpty)
    let printable = error.description.unicodeScalars.allSatisfy {
        $0.properties.generalCategory != .control
    }
    #expect(printable, "unprintable message \(ThemeError.quoted(error.description))")
}

@Suite struct ThemeRobustnessTests {
    @Test func hostileInputsAreRefusedWithoutTrapping() async {
        let laughs = (1...12).map { level in
            "l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 9).joined(separator: ", ") + "]"
        }
        let inputs = [
            String(repeating: "[", count: 5000),
            String(repeating: "{a: ", count: 5000),
            String(repeating: "- ", count: 5000) + "x",
            (0..<2000).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n"),
            (0..<2000).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\u{2028}"),
            String(repeating: "? ", count: 3000) + "x",
            "l0: &l0 [x, x, x, x, x, x, x, x, x]\n" + laughs.joined(separator: "\n")
                + "\n? [*l12, *l12]\n: x\n? [*l12, *l12]\n: y\n",
            "body: \"\\ud800\"\n",
            "body: \u{0}red\n",
            "\u{FEFF}body: red\n",
            "body: red\r\nheader: \u{7}blue\r\n",
            "header: " + String(repeating: "bold ", count: 20000),
            "header: \"#" + String(repeating: "f", count: 1000) + "\"",
            "header: 99999999999999999999999999",
            "header: on on on on",
            "&a body: *a\n",
            "*undefined\n",
            "--- \nbody: red\n--- \nbody: blue\n",
            "%YAML 9.9\n---\nbody: red\n",
            "!!binary body: red\n",
            "body: !!int red\n",
            "inherits: /dev/zero\n",
            "inherits: /\n",
        ]
        for input in inputs {
            let outcome = await parseOnSmallStack(input)
            checkOutcome(outcome, input: input)
        }
        // Whatever else happens, these must be refused rather than read.
        for input in inputs.prefix(7) {
            if case .success = await parseOnSmallStack(input) {
                Issue.record("accepted \(ThemeError.quoted(input))")
            }
        }
    }

    @Test func randomAndMutatedInputsNeverTrap() throws {
        var random = SplitMix64(state: 0x706F_6464_6563_6B21)
        var seeds: [String] = []
        for name in shippedThemes {
            seeds.append(try String(contentsOfFile: "\(themesDirectory)/\(name).yaml", encoding: .utf8))
        }
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789 \t\n:-?,[]{}#&*!|>'\"%@`\\~\u{0}\u{7F}\u{85}\u{2028}é漢🙂")
        var inputs: [String] = []
        for _ in 0..<150 {
            let length = Int.random(in: 0..<200, using: &random)
            inputs.append(String((0..<length).map { _ in alphabet.randomElement(using: &random)! }))
        }
        for _ in 0..<300 {
            var characters = Array(seeds.randomElement(using: &random)!)
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                guard !characters.isEmpty else { break }
                let at = Int.random(in: 0..<characters.count, using: &random)
                switch Int.random(in: 0..<5, using: &random) {
                case 0: characters.remove(at: at)
                case 1: characters.insert(alphabet.randomElement(using: &random)!, at: at)
                case 2: characters[at] = alphabet.randomElement(using: &random)!
                case 3: characters.removeSubrange(at..<min(characters.count, at + Int.random(in: 1...40, using: &random)))
                default:
                    let end = min(characters.count, at + Int.random(in: 1...40, using: &random))
                    characters.insert(contentsOf: characters[at..<end], at: Int.random(in: 0...characters.count, using: &random))
                }
            }
            inputs.append(String(characters))
        }
        var parsed = 0
        for input in inputs {
            do throws(ThemeError) {
                let theme = try ThemeLoader.parse(input, name: "fuzz", source: "fuzz.yaml")
                parsed += 1
                for key in ThemeKey.allCases { _ = theme[key] }
                _ = theme.adapted(toColorCount: 8)
            } catch {
                checkOutcome(.failure(error), input: input)
            }
        }
        // Some mutations leave a valid theme; most do not. Both paths must have run.
        #expect(parsed > 0)
        #expect(parsed < inputs.count)
    }
}
