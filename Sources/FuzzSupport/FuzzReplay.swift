#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a fuzz target's test function outside libFuzzer, over saved inputs.
///
/// `fuzz-target FILE|DIRECTORY…` runs the function once per file (every regular file of a
/// directory, in name order) and prints one line per input. A failing property stops the
/// process with its message, as under the fuzzer, so a crash file can be replayed in a plain
/// build and in a debugger. Arguments that start with `-` (libFuzzer options) are ignored.
public enum FuzzReplay {
    /// Replays the inputs named on the command line through `test` and exits with
    /// ``run(name:arguments:_:)``'s status.
    public static func main(name: String, _ test: ([UInt8]) -> Void) -> Never {
        exit(run(name: name, arguments: Array(CommandLine.arguments.dropFirst()), test))
    }

    /// Replays the inputs named by `arguments` (without the program name) through `test`;
    /// returns the exit status: 0 when every input ran, 2 for a usage error or unreadable input.
    public static func run(name: String, arguments: [String], _ test: ([UInt8]) -> Void) -> Int32 {
        let paths = arguments.filter { !$0.hasPrefix("-") }
        guard !paths.isEmpty else {
            printError("usage: \(name) FILE|DIRECTORY… (replays saved inputs; build with -DFUZZING and -sanitize=fuzzer to fuzz)")
            return 2
        }
        var files: [String] = []
        for path in paths {
            if isDirectory(path) {
                guard let entries = directoryEntries(path) else {
                    printError("\(name): cannot list directory \(path)")
                    return 2
                }
                files += entries.map { path + "/" + $0 }.filter(isRegularFile)
            } else {
                files.append(path)
            }
        }
        for file in files {
            guard let bytes = readFile(file) else {
                printError("\(name): cannot read \(file)")
                return 2
            }
            test(bytes)
            print("\(file): ok (\(bytes.count) bytes)")
        }
        print("\(name): \(files.count) inputs, every property held")
        return 0
    }

    private static func printError(_ message: String) {
        var line = message + "\n"
        line.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }

    private static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    private static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
    }

    /// The names in a directory except `.`, `..` and hidden files, sorted.
    private static func directoryEntries(_ path: String) -> [String]? {
        guard let directory = opendir(path) else { return nil }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if !name.hasPrefix(".") { names.append(name) }
        }
        return names.sorted()
    }

    private static func readFile(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if count > 0 { bytes += chunk[..<count] }
            if count < chunk.count {
                return ferror(file) == 0 ? bytes : nil
            }
        }
    }
}
