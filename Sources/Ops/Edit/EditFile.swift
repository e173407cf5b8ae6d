import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A private file holding an edit, under `$XDG_STATE_HOME/poddeck/edits/`.
///
/// Directories are created with mode 0700 and files with mode 0600, by the calls that create
/// them (never widened, never chmod-ed afterwards). Rewrites go through a new 0600 file renamed
/// over the old one, so a crash mid-write never leaves a half-written edit.
public struct EditFile: Sendable, Hashable {
    /// The file's absolute path.
    public let path: String

    /// Wraps an existing path.
    public init(path: String) { self.path = path }

    /// `$XDG_STATE_HOME/poddeck/edits` (`~/.local/state/poddeck/edits` by default).
    public static func directory(environment: [String: String]) -> String {
        XDGPaths(environment: environment).stateHome + "/poddeck/edits"
    }

    /// A file name such as `shop_web-20261123T101500Z-k3v9qz.yaml`.
    public static func fileName(namespace: String, name: String, format: EditFormat, now: Date, random: String) -> String {
        "\(safe(namespace))_\(safe(name))-\(timestamp(now))-\(random).\(format.fileExtension)"
    }

    /// Creates a new file holding `text` for the pod `namespace/name`.
    public static func create(namespace: String, name: String, format: EditFormat, text: String,
                              environment: [String: String], now: Date = Date()) throws(EditFileError) -> EditFile {
        let dir = directory(environment: environment)
        try makeDirectories(dir)
        for _ in 0..<16 {
            let path = dir + "/" + fileName(namespace: namespace, name: name, format: format, now: now, random: randomSuffix())
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if fd < 0 {
                if errno == EEXIST { continue }
                throw EditFileError(path: path, action: "create", errno: errno)
            }
            let file = EditFile(path: path)
            try file.writeAll(fd, text)
            return file
        }
        throw EditFileError(path: dir, action: "create a unique file in", errno: EEXIST)
    }

    /// The file's text, or nil when it no longer exists.
    public func read() throws(EditFileError) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw EditFileError(path: path, action: "read", errno: errno)
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw EditFileError(path: path, action: "read", errno: errno)
            }
            if n == 0 { break }
            bytes += chunk[0..<n]
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw EditFileError(path: path, action: "read", detail: "the file is not UTF-8 text")
        }
        return text
    }

    /// Replaces the file's text (a new 0600 file renamed over it).
    public func write(_ text: String) throws(EditFileError) {
        let temporary = path + ".tmp-" + Self.randomSuffix()
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw EditFileError(path: temporary, action: "create", errno: errno) }
        do { try writeAll(fd, text) } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw EditFileError(path: path, action: "replace", errno: code)
        }
    }

    /// Removes the file (a missing file is fine).
    public func remove() {
        unlink(path)
    }

    /// Whether the file exists.
    public var exists: Bool { access(path, F_OK) == 0 }

    private func writeAll(_ fd: Int32, _ text: String) throws(EditFileError) {
        defer { close(fd) }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw EditFileError(path: path, action: "write", errno: errno)
            }
            offset += n
        }
        guard fsync(fd) == 0 else { throw EditFileError(path: path, action: "write", errno: errno) }
    }

    /// Creates every missing directory of `dir` with mode 0700; existing ones are left alone.
    static func makeDirectories(_ dir: String) throws(EditFileError) {
        var prefix = dir.hasPrefix("/") ? "" : "."
        for component in dir.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, 0o700) != 0 && errno != EEXIST {
                throw EditFileError(path: prefix, action: "create the directory", errno: errno)
            }
        }
        var info = stat()
        guard stat(dir, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw EditFileError(path: dir, action: "use", detail: "it is not a directory")
        }
    }

    static func randomSuffix() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<6).map { _ in alphabet[Int.random(in: 0..<alphabet.count)] })
    }

    static func timestamp(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return f.string(from: date)
    }

    /// Keeps letters, digits, `.`, `-`; anything else becomes `_`; at most 80 characters.
    static func safe(_ part: String) -> String {
        let mapped = part.unicodeScalars.map { s -> Character in
            switch s {
            case "a"..."z", "A"..."Z", "0"..."9", ".", "-": return Character(s)
            default: return "_"
            }
        }
        var text = String(mapped.prefix(80))
        if text.isEmpty || text.hasPrefix(".") { text = "_" + text }
        return text
    }
}
