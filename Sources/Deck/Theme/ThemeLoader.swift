import Foundation

/// Finds, reads and resolves theme files.
///
/// A theme is looked up by name as `<dir>/<name>.yaml` (or `.yml`) in each search path in
/// order; the app passes `$XDG_CONFIG_HOME/poddeck/themes` first, then the shipped `themes/`
/// directory. A name containing `/` is a file path.
///
/// `inherits: NAME` takes every key the file does not set from theme NAME, found on the
/// same search path. Files already being loaded are skipped, so a user's `default.yaml` may
/// inherit from the shipped `default.yaml`; when no file is left, `default` means the
/// built-in ``Theme/fallback``. A relative path in `inherits:` is relative to the file's
/// directory. Themes that inherit from each other in a circle are an error.
public enum ThemeLoader {
    /// Loads the theme called `name` (or the file at `name` when it contains `/`).
    public static func load(name: String, searchPaths: [String]) throws(ThemeError) -> Theme {
        let path = try locate(name, searchPaths: searchPaths)
        let text = try ThemeFiles.read(path)
        let document = try ThemeDocument.parse(text, source: path)
        let stem = ThemeFiles.stem(of: path)
        let specs = try resolve(document, chain: [(stem, ThemeFiles.canonical(path))], searchPaths: searchPaths)
        return Theme(name: document.name ?? stem, source: path, specs: specs)
    }

    /// Reads a theme from `text`. `name` is used when the text has no `name:`; `source`
    /// names the text in errors. `inherits:` is resolved on `searchPaths`.
    ///
    /// Never traps: any text yields a theme or a ``ThemeError``.
    public static func parse(_ text: String, name: String, source: String,
                             searchPaths: [String] = []) throws(ThemeError) -> Theme {
        let document = try ThemeDocument.parse(text, source: source)
        let specs = try resolve(document, chain: [(name, ThemeFiles.canonical(source))], searchPaths: searchPaths)
        return Theme(name: document.name ?? name, source: source, specs: specs)
    }

    /// The names of the themes on the search path, sorted and without duplicates.
    public static func availableThemes(searchPaths: [String]) -> [String] {
        var names = Set<String>()
        for directory in searchPaths where !directory.isEmpty {
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { continue }
            for entry in entries where !entry.hasPrefix(".") && ThemeFiles.hasThemeExtension(entry) {
                if ThemeFiles.isFile(directory + "/" + entry) { names.insert(ThemeFiles.stem(of: entry)) }
            }
        }
        return names.sorted()
    }

    /// Returns the file to load for `name`, or throws an error listing where it looked.
    static func locate(_ name: String, searchPaths: [String]) throws(ThemeError) -> String {
        if name.contains("/") {
            guard ThemeFiles.isFile(name) else {
                throw ThemeError(.notFound, message: "theme file \(ThemeError.quoted(name)) not found")
            }
            return name
        }
        if let path = ThemeFiles.candidates(for: name, searchPaths: searchPaths).first { return path }
        throw notFound(name, searchPaths: searchPaths)
    }

    /// The error for a theme name that is on none of the search paths.
    static func notFound(_ name: String, searchPaths: [String],
                         file: String? = nil, line: Int? = nil, key: String? = nil) -> ThemeError {
        let available = availableThemes(searchPaths: searchPaths)
        let hint = NameSuggestion.closest(to: name, among: available).map { "did you mean \"\($0)\"? " } ?? ""
        let directories = searchPaths.filter { !$0.isEmpty }
        let looked = directories.isEmpty ? "no theme directories" : directories.joined(separator: ", ")
        let names = available.isEmpty ? "none" : available.joined(separator: ", ")
        let prefix = key.map { "\($0): " } ?? ""
        return ThemeError(.notFound, file: file, line: line, key: key,
                          message: "\(prefix)theme \(ThemeError.quoted(name)) not found (\(hint)looked in: \(looked); available: \(names))")
    }

    /// Applies `document`'s `inherits:`, returning every key it sets or inherits.
    /// `chain` holds the names and canonical paths of the themes being loaded, outermost first.
    static func resolve(_ document: ThemeDocument, chain: [(name: String, path: String)],
                        searchPaths: [String]) throws(ThemeError) -> [ThemeKey: StyleSpec] {
        guard let inherits = document.inherits else { return document.styles }
        let (parent, line) = (inherits.name, inherits.line)
        let loading = Set(chain.map(\.path))
        let candidates: [String]
        if parent.contains("/") {
            let path = parent.hasPrefix("/") ? parent : ThemeFiles.directory(of: document.source) + "/" + parent
            candidates = ThemeFiles.isFile(path) ? [path] : []
        } else {
            candidates = ThemeFiles.candidates(for: parent, searchPaths: searchPaths)
        }
        let inherited: [ThemeKey: StyleSpec]
        if let path = candidates.first(where: { !loading.contains(ThemeFiles.canonical($0)) }) {
            let text = try ThemeFiles.read(path)
            let parentDocument = try ThemeDocument.parse(text, source: path)
            let link = (name: ThemeFiles.stem(of: path), path: ThemeFiles.canonical(path))
            inherited = try resolve(parentDocument, chain: chain + [link], searchPaths: searchPaths)
        } else if parent == Theme.fallback.name {
            inherited = Theme.fallbackSpecs
        } else if let path = candidates.first {
            let canonical = ThemeFiles.canonical(path)
            let start = chain.firstIndex { $0.path == canonical } ?? 0
            let circle = (chain[start...].map(\.name) + [ThemeFiles.stem(of: path)]).joined(separator: " -> ")
            throw ThemeError(.inheritanceCycle, file: document.source, line: line, key: "inherits",
                             message: "inherits: themes inherit from each other in a circle (\(circle))")
        } else if parent.contains("/") {
            throw ThemeError(.notFound, file: document.source, line: line, key: "inherits",
                             message: "inherits: theme file \(ThemeError.quoted(parent)) not found")
        } else {
            throw notFound(parent, searchPaths: searchPaths, file: document.source, line: line, key: "inherits")
        }
        return inherited.merging(document.styles) { _, own in own }
    }
}
