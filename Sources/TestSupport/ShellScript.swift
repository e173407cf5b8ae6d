import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Executable `/bin/sh` scripts for tests (editors, hooks).
public enum ShellScript {
    /// Writes `body` as an executable script at `path` (which must not exist) and returns `path`.
    ///
    /// The file is opened close-on-exec: a process spawned meanwhile by a test running in
    /// parallel must not inherit it open for writing, or running it fails with "Text file busy".
    public static func write(_ path: String, _ body: String) throws -> String {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o755)
        guard fd >= 0 else { throw TestSupportError("cannot create \(path): errno \(errno)") }
        defer { close(fd) }
        let bytes = Array(("#!/bin/sh\n" + body + "\n").utf8)
        guard bytes.withUnsafeBytes({ Glibc.write(fd, $0.baseAddress, $0.count) }) == bytes.count else {
            throw TestSupportError("cannot write \(path): errno \(errno)")
        }
        return path
    }
}
