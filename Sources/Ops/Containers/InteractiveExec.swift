import Dispatch
import Docker
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a command in a container with the local terminal or stdin/stdout attached: the exec
/// behind `poddeck exec` and the dashboard's shell.
///
/// With `tty` the exec gets a terminal: the local one goes into raw mode (restored however the
/// exec ends), its size is sent once started and again on every SIGWINCH (exec resize), and the
/// output is the terminal's raw bytes. Without it, stdout and stderr arrive as frames and go to
/// `output` and `error`. With `stdin`, what is read from `input` is forwarded; end of file closes
/// the exec's stdin. The container must already be confirmed by ``ContainerAccess``.
package struct InteractiveExec: Sendable {
    /// The client the exec runs through.
    let client: DockerClient
    /// Where stdin comes from and output goes.
    var input: Int32 = 0
    var output: Int32 = 1
    var error: Int32 = 2

    /// Creates an exec through `client` reading `input` and writing `output` and `error`.
    package init(client: DockerClient, input: Int32 = 0, output: Int32 = 1, error: Int32 = 2) {
        self.client = client
        self.input = input
        self.output = output
        self.error = error
    }

    /// Runs `command` in container `containerID`; returns its exit code.
    package func run(containerID: String, command: [String], tty: Bool, stdin: Bool) async throws -> Int {
        let execID = try await client.execCreate(containerID: containerID, command: command, tty: tty, stdin: stdin,
                                                 environment: tty ? ["TERM=\(ProcessInfo.processInfo.environment["TERM"] ?? "xterm")"] : [])
        let raw = tty && stdin ? TerminalRawMode(fd: input) : nil
        defer { raw?.restore() }
        let client = self.client
        let sizeFD = isatty(output) == 1 ? output : input
        var resizeSource: (any DispatchSourceSignal)?
        if tty {
            let source = DispatchSource.makeSignalSource(signal: SIGWINCH, queue: DispatchQueue(label: "poddeck.exec.resize"))
            source.setEventHandler {
                guard let size = TerminalRawMode.size(of: sizeFD) else { return }
                Task { try? await client.execResize(execID, rows: size.rows, columns: size.columns) }
            }
            source.resume()
            resizeSource = source
        }
        defer { resizeSource?.cancel() }
        let (input, output, error) = (self.input, self.output, self.error)
        try await client.execStart(execID, tty: tty) { stream in
            if tty, let size = TerminalRawMode.size(of: sizeFD) {
                try? await client.execResize(execID, rows: size.rows, columns: size.columns)
            }
            let writer = stream.writer
            let pump = stdin ? InputPump(fd: input) : nil
            defer { pump?.stop() }
            try await withThrowingTaskGroup(of: Void.self) { group in
                if let pump {
                    let (bytes, continuation) = AsyncStream<[UInt8]>.makeStream(bufferingPolicy: .unbounded)
                    pump.start { chunk in
                        if let chunk { continuation.yield(chunk) } else { continuation.finish() }
                    }
                    group.addTask {
                        for await chunk in bytes {
                            try await writer.write(chunk)
                        }
                        writer.finish()
                    }
                }
                var demultiplexer = DockerStreamDemultiplexer()
                while let bytes = try await stream.read() {
                    if tty {
                        Self.writeAll(output, bytes[...])
                    } else {
                        try demultiplexer.feed(bytes) { kind, payload in
                            Self.writeAll(kind == .stderr || kind == .systemError ? error : output, payload)
                        }
                    }
                }
                pump?.stop()
                group.cancelAll()
            }
        }
        return try await client.execWait(execID)
    }

    /// Writes every byte to `fd` (retrying short writes and interruptions).
    package static func writeAll(_ fd: Int32, _ bytes: ArraySlice<UInt8>) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR || errno == EAGAIN { continue }
                    return
                }
                offset += n
            }
        }
    }
}
