import Docker
import FuzzSupport

/// Fuzzes ``PullStreamDecoder`` and ``PullProgress``.
///
/// The input is a 4-byte header and a pull stream body. The header's first byte sets the
/// decoder's line limit (`a`…`z`: 16…416 bytes; anything else: the default), the next three
/// seed the random chunk sizes and message arrival times.
///
/// Properties, beyond "never traps or hangs": the body fed in random chunks decodes to the same
/// messages and the same errors (line number and reason) as the body fed at once; applying the
/// messages to a ``PullProgress`` keeps the aggregate fraction finite, within 0…1 and never
/// decreasing, each layer's byte counts never decreasing, and speed and time left finite and
/// not negative.
enum PullStreamFuzz {
    /// One thing the decoder produced.
    enum Event: Equatable {
        case message(PullMessage)
        case failure(lineNumber: Int, reason: String)
    }

    /// Tests one input.
    static func test(_ bytes: [UInt8]) {
        let header = bytes.prefix(4)
        let body = Array(bytes.dropFirst(4))
        var limit = 1 << 20
        if let first = header.first, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z") {
            limit = Int(first - UInt8(ascii: "a") + 1) * 16
        }
        var seed: UInt64 = 0
        for byte in header.dropFirst() { seed = seed << 8 | UInt64(byte) }
        var random = SplitMix64(seed: seed)

        let whole = decode(body, chunks: [body.startIndex..<body.endIndex], limit: limit)
        var chunks: [Range<Int>] = []
        var start = 0
        let largest = Int.random(in: 1...64, using: &random)
        while start < body.count {
            let end = min(body.count, start + Int.random(in: 1...largest, using: &random))
            chunks.append(start..<end)
            start = end
        }
        let split = decode(body, chunks: chunks, limit: limit)
        FuzzCheck.require(split == whole, "\(FuzzCheck.quoted(body)) decodes differently in chunks \(chunks): \(split) vs \(whole)")

        let messages = whole.compactMap { event -> PullMessage? in
            if case .message(let message) = event { return message }
            return nil
        }
        checkProgress(messages, random: &random)
    }

    /// Decodes `body` fed in `chunks`, then finished.
    static func decode(_ body: [UInt8], chunks: [Range<Int>], limit: Int) -> [Event] {
        var decoder = PullStreamDecoder(maximumLineLength: limit)
        var events: [Event] = []
        // Every event consumes at least one byte of a line, so more events than bytes is a loop.
        let bound = body.count + 2
        func drain() {
            while true {
                do throws(PullLineError) {
                    guard let message = try decoder.next() else { return }
                    events.append(.message(message))
                } catch {
                    FuzzCheck.require(error.lineNumber >= 1 && !error.reason.isEmpty, "error \(error)")
                    events.append(.failure(lineNumber: error.lineNumber, reason: error.reason))
                }
                FuzzCheck.require(events.count <= bound, "\(events.count) events from \(body.count) bytes")
            }
        }
        for chunk in chunks {
            decoder.append(body[chunk])
            drain()
        }
        decoder.finish()
        drain()
        FuzzCheck.require(!decoder.hasPartialLine, "bytes left over after finish()")
        return events
    }

    /// Applies `messages` at random increasing times and checks the progress after each one.
    static func checkProgress(_ messages: [PullMessage], random: inout SplitMix64) {
        var progress = PullProgress()
        var time = Duration.zero
        var bytes: [String: (downloaded: Int64, extracted: Int64)] = [:]
        for message in messages {
            let before = progress.fraction
            progress.apply(message, at: time)
            let fraction = progress.fraction
            FuzzCheck.require(fraction.isFinite && fraction >= 0 && fraction <= 1, "fraction \(fraction) after \(message)")
            FuzzCheck.require(fraction >= before, "fraction fell from \(before) to \(fraction) after \(message)")
            for layer in progress.layers {
                FuzzCheck.require(layer.fraction.isFinite && layer.fraction >= 0 && layer.fraction <= 1,
                                  "layer \(layer.id) fraction \(layer.fraction) after \(message)")
                let seen = bytes[layer.id] ?? (0, 0)
                FuzzCheck.require(layer.downloadedBytes >= seen.downloaded && layer.extractedBytes >= seen.extracted,
                                  "layer \(layer.id) bytes went back after \(message)")
                bytes[layer.id] = (layer.downloadedBytes, layer.extractedBytes)
            }
            _ = (progress.downloadedBytes, progress.knownTotalBytes, progress.hasUnknownTotals)
            _ = (progress.isComplete, progress.isUpToDate, progress.isStalled(now: time + .seconds(61)))
            // Asked when the message arrives and while the view waits for the next one.
            for now in [time, time + .seconds(3)] {
                if let speed = progress.bytesPerSecond(now: now) {
                    FuzzCheck.require(speed.isFinite && speed >= 0, "speed \(speed) after \(message)")
                }
                if let left = progress.estimatedTimeRemaining(now: now) {
                    FuzzCheck.require(left >= .zero, "time left \(left) after \(message)")
                }
            }
            time += .milliseconds(Int.random(in: 0...2000, using: &random))
        }
    }
}
