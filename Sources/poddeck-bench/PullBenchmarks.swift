import Docker
import Foundation

/// Decoding a pull stream: messages per second through ``PullStreamDecoder`` (and through the
/// decoder plus ``PullProgress``), against a baseline in the same process that only splits the
/// same bytes into lines (and, for scale, Foundation's `JSONSerialization` on each line). The stream is `$BENCH_PULL_STREAM` (a recorded `POST /images/create`
/// body, which `scripts/bench` records from a real daemon) repeated to at least 100,000 lines,
/// else a synthetic stream in the daemon's exact format. Both are fed in 16 KiB chunks, as the
/// network delivers them.
enum PullBenchmarks {
    static func run() async {
        let minimumLines = Int(ProcessInfo.processInfo.environment["BENCH_PULL_LINES"] ?? "") ?? 100_000
        let (recorded, source) = loadStream()
        var stream: [UInt8] = []
        var lines = 0
        let perCopy = recorded.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        guard perCopy > 0 else {
            print("the pull stream has no lines (\(source))")
            return
        }
        while lines < minimumLines {
            stream += recorded
            lines += perCopy
        }
        let chunks = stride(from: 0, to: stream.count, by: 16_384).map { start in
            Array(stream[start..<min(stream.count, start + 16_384)])
        }
        print("stream: \(source); \(lines) lines, \(stream.count / 1024) KiB, \(chunks.count) chunks of 16 KiB")

        // Baseline: find the line ends (memchr), the least any line decoder must do.
        let baseline = Measure.times(iterations: 20) {
            var count = 0
            for chunk in chunks {
                chunk.withUnsafeBytes { raw in
                    guard var cursor = raw.baseAddress else { return }
                    var left = raw.count
                    while left > 0, let hit = memchr(cursor, 0x0A, left) {
                        count += 1
                        let step = cursor.distance(to: UnsafeRawPointer(hit)) + 1
                        cursor += step
                        left -= step
                    }
                }
            }
            blackHole(count)
        }
        // For scale: Foundation's JSONSerialization on each line, as a straightforward decoder would.
        let foundation = Measure.times(iterations: 3, warmup: 1) {
            var count = 0
            var pending: [UInt8] = []
            for chunk in chunks {
                pending += chunk
                var start = 0
                while let end = pending[start...].firstIndex(of: 0x0A) {
                    if let object = try? JSONSerialization.jsonObject(with: Data(pending[start..<end])) as? [String: Any] {
                        count += object.count > 0 ? 1 : 0
                    }
                    start = end + 1
                }
                pending.removeFirst(start)
            }
            blackHole(count)
        }
        var decoded = 0
        let decode = Measure.times(iterations: 20) {
            var decoder = PullStreamDecoder()
            var count = 0
            for chunk in chunks {
                decoder.append(chunk)
                while let message = try? decoder.next() {
                    count += 1
                    blackHole(message.id?.utf8.count ?? 0)
                }
            }
            decoder.finish()
            while (try? decoder.next()) != nil { count += 1 }
            decoded = count
        }
        let model = Measure.times(iterations: 10) {
            var decoder = PullStreamDecoder()
            var progress = PullProgress()
            var tick = Duration.zero
            for chunk in chunks {
                decoder.append(chunk)
                while let message = try? decoder.next() {
                    tick += .microseconds(50)
                    progress.apply(message, at: tick)
                }
            }
            blackHole(Int(progress.fraction * 100))
        }
        guard decoded == lines else {
            print("decoded \(decoded) messages, expected \(lines): the stream has malformed lines")
            return
        }
        func rate(_ times: [Duration]) -> Double {
            Double(lines) / DurationSeconds.of(Measure.percentile(times, 0.5))
        }
        let base = rate(baseline)
        print(pad("step", 42) + pad("messages/s", 14, left: true) + pad("median", 12, left: true) + pad("time x", 9, left: true))
        for (name, times) in [("baseline: split into lines (memchr)", baseline), ("PullStreamDecoder: lines -> PullMessage", decode),
                              ("decoder + PullProgress.apply", model), ("for scale: JSONSerialization per line", foundation)] {
            let value = rate(times)
            print(pad(name, 42) + pad(String(format: "%.0f", value), 14, left: true)
                  + pad(Measure.ms(Measure.percentile(times, 0.5)), 12, left: true) + pad(String(format: "%.2f", base / value), 9, left: true))
        }
    }

    static func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return left ? fill + text : text + fill
    }

    /// The recorded stream from `$BENCH_PULL_STREAM`, else a synthetic one.
    static func loadStream() -> ([UInt8], String) {
        if let path = ProcessInfo.processInfo.environment["BENCH_PULL_STREAM"], !path.isEmpty,
           let data = FileManager.default.contents(atPath: path), !data.isEmpty {
            var bytes = Array(data)
            if bytes.last != 0x0A { bytes.append(0x0A) }
            return (bytes, "recorded from dockerd (\(path))")
        }
        return (synthetic(), "synthetic, in the daemon's format (set BENCH_PULL_STREAM to use a recorded one)")
    }

    /// A 6-layer pull as dockerd 20.10 writes it: announcements, downloads with progress bars,
    /// verification, extraction, completion, digest and status.
    static func synthetic() -> [UInt8] {
        var out = #"{"status":"Pulling from demo/app","id":"1"}"# + "\r\n"
        let ids = (0..<6).map { index in String(0xa1b2c3d40000 + index * 7919, radix: 16) }
        let total = 31_457_280
        for id in ids { out += #"{"status":"Pulling fs layer","progressDetail":{},"id":"\#(id)"}"# + "\r\n" }
        for id in ids {
            var current = 0
            while current < total {
                current = min(total, current + 32_768)
                let filled = current * 50 / total
                let bar = "[" + String(repeating: "=", count: filled) + (filled < 50 ? "\\u003e" + String(repeating: " ", count: 49 - filled) : "") + "]"
                let text = bar + String(format: "  %.4gMB/%.4gMB", Double(current) / 1e6, Double(total) / 1e6)
                out += #"{"status":"Downloading","progressDetail":{"current":\#(current),"total":\#(total)},"progress":"\#(text)","id":"\#(id)"}"#
                    + "\r\n"
            }
            out += #"{"status":"Verifying Checksum","progressDetail":{},"id":"\#(id)"}"# + "\r\n"
            out += #"{"status":"Download complete","progressDetail":{},"id":"\#(id)"}"# + "\r\n"
        }
        for id in ids {
            for step in stride(from: 1_048_576, through: total, by: 1_048_576) {
                out += #"{"status":"Extracting","progressDetail":{"current":\#(step),"total":\#(total)},"progress":"[==\u003e  ]","id":"\#(id)"}"#
                    + "\r\n"
            }
            out += #"{"status":"Pull complete","progressDetail":{},"id":"\#(id)"}"# + "\r\n"
        }
        out += #"{"status":"Digest: sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}"# + "\r\n"
        out += #"{"status":"Status: Downloaded newer image for 127.0.0.1:5000/demo/app:1"}"# + "\r\n"
        return Array(out.utf8)
    }
}

/// Seconds of a `Duration` as a `Double`.
enum DurationSeconds {
    static func of(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
