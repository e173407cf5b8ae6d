import Foundation

/// File-system helpers for theme files.
enum ThemeFiles {
    /// The extensions a theme file may have, in lookup order.
    static let extensions = ["yaml", "yml"]

    /// The existing files `<dir>/<name>.yaml` and `.yml` in search-path order.
    static func candidates(for name: String, searchPaths: [String]) -> [String] {
        let bare = hasThemeExtension(name) ? stem(of: name) : name
        guard !bare.isEmpty, !bare.contains("/") else { return [] }
        var found: [String] = []
        for directory in searchPaths where !directory.isEmpty {
            for ext in extensions {
                let path = "\(directory)/\(bare).\(ext)"
                if isFile(path) { found.append(path) }
            }
        }
        return found
    }

    /// Reads a theme file as UTF-8 text.
    static func read(_ path: String) throws(ThemeError) -> String {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw ThemeError(.unreadable, file: path, message: "cannot read theme file (\(reason(error)))")
        }
        guard attributes[.type] as? FileAttributeType == .typeRegular else {
            throw ThemeError(.unreadable, file: path, message: "not a regular file")
        }
        if let size = attributes[.size] as? NSNumber, size.intValue > ThemeInputLimits.maxBytes {
            throw ThemeError(.unreadable, file: path,
                             message: "too large for a theme (\(size.intValue) bytes; at most \(ThemeInputLimits.maxBytes))")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ThemeError(.unreadable, file: path, message: "cannot read theme file (\(reason(error)))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ThemeError(.unreadable, file: path, message: "not UTF-8 text")
        }
        return text
    }

    /// Whether `path` is an existing regular file (following symbolic links), so that
    /// directories and devices are never taken for themes.
    static func isFile(_ path: String) -> Bool {
        guard !path.isEmpty, !path.contains("\0") else { return false }
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        return info.st_mode & S_IFMT == S_IFREG
    }

    /// Whether `file` ends in `.yaml` or `.yml`.
    static func hasThemeExtension(_ file: String) -> Bool {
        extensions.contains { file.hasSuffix(".\($0)") }
    }

    /// The file name of `path` without directory and theme extension.
    static func stem(of path: String) -> String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        for ext in extensions where file.hasSuffix(".\(ext)") && file.count > ext.count + 1 {
            return String(file.dropLast(ext.count + 1))
        }
        return file
    }

    /// The directory part of `path` (`.` when it has none).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// `path` made absolute with `.`, `..` and symbolic links resolved, to compare files.
    static func canonical(_ path: String) -> String {
        guard !path.isEmpty, !path.contains("\0") else { return path }
        return URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// A short reason for a file-system error.
    private static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
           let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return String(cString: strerror(code.rawValue))
        }
        return nsError.localizedDescription
    }
}
