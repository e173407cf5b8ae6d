#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore

/// Incremental decoder of the JSON-lines body of a pull (`POST /images/create`).
///
/// Feed it chunks as they arrive (a chunk may end anywhere, even inside a UTF-8 sequence),
/// then take complete messages with ``next()``; call ``finish()`` at the end of the body so a
/// last line without a newline is decoded too. Blank lines are skipped.
///
/// ```swift
/// var decoder = PullStreamDecoder()
/// decoder.append(chunk)
/// while let message = try decoder.next() { … }
/// ```
///
/// A malformed line throws a ``PullLineError`` naming the line; the line is dropped and
/// decoding can go on with the next one. A line longer than ``maximumLineLength`` is an error
/// too (its bytes are discarded up to the next newline), so memory stays bounded.
public struct PullStreamDecoder: Sendable {
    /// The longest line accepted, in bytes.
    public let maximumLineLength: Int

    private var buffer: [UInt8] = []
    /// First byte not yet consumed.
    private var start = 0
    /// Bytes before this index (from `start`) are known to hold no newline.
    private var scanned = 0
    /// Number of lines consumed so far.
    private var lineNumber = 0
    /// Dropping the rest of an over-long line up to the next newline.
    private var discarding = false
    private var finished = false

    /// Creates a decoder.
    public init(maximumLineLength: Int = 1 << 20) {
        self.maximumLineLength = max(1, maximumLineLength)
    }

    /// Adds bytes received from the stream.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Adds a buffer received from the stream (its readable bytes).
    public mutating func append(_ chunk: ByteBuffer) {
        compact()
        buffer.append(contentsOf: chunk.readableBytesView)
    }

    /// Marks the end of the stream: a final line without a newline becomes decodable.
    public mutating func finish() {
        finished = true
    }

    /// Whether unconsumed bytes are buffered (once ``next()`` returns nil: an incomplete line).
    public var hasPartialLine: Bool {
        start < buffer.count
    }

    /// The next complete message, or nil when more input (or ``finish()``) is needed.
    ///
    /// - Throws: ``PullLineError`` for a malformed or over-long line.
    public mutating func next() throws(PullLineError) -> PullMessage? {
        while true {
            guard let lineEnd = nextLineEnd() else {
                let pending = buffer.count - start
                if discarding {
                    start = buffer.count
                    scanned = start
                    return nil
                }
                if pending > maximumLineLength {
                    lineNumber += 1
                    let error = PullLineError(lineNumber: lineNumber, bytes: buffer[start..<buffer.count],
                                              reason: "line longer than \(maximumLineLength) bytes")
                    start = buffer.count
                    scanned = start
                    discarding = !finished
                    throw error
                }
                guard finished, pending > 0 else { return nil }
                // The last line of a finished stream, without a newline.
                let range = start..<buffer.count
                start = buffer.count
                scanned = start
                if let message = try decodeLine(range) { return message }
                return nil
            }
            let range = start..<lineEnd
            start = lineEnd + 1
            scanned = start
            if discarding {
                discarding = false
                continue
            }
            if range.count > maximumLineLength {
                lineNumber += 1
                throw PullLineError(lineNumber: lineNumber, bytes: buffer[range], reason: "line longer than \(maximumLineLength) bytes")
            }
            if let message = try decodeLine(range) { return message }
        }
    }

    /// Decodes every complete message in `chunk` (appends it, then drains ``next()``).
    public mutating func messages(in chunk: ByteBuffer) throws(PullLineError) -> [PullMessage] {
        append(chunk)
        var out: [PullMessage] = []
        while let message = try next() { out.append(message) }
        return out
    }

    /// Decodes one line; nil for a blank line.
    private mutating func decodeLine(_ range: Range<Int>) throws(PullLineError) -> PullMessage? {
        lineNumber += 1
        var upper = range.upperBound
        var lower = range.lowerBound
        while upper > lower, Self.isSpace(buffer[upper - 1]) { upper -= 1 }
        while lower < upper, Self.isSpace(buffer[lower]) { lower += 1 }
        if lower == upper { return nil }
        do {
            return try PullLineParser.parse(buffer, lower..<upper)
        } catch {
            throw PullLineError(lineNumber: lineNumber, bytes: buffer[lower..<upper], reason: error.reason)
        }
    }

    /// Index of the next newline at or after `start`, remembering how far was searched.
    private mutating func nextLineEnd() -> Int? {
        let count = buffer.count
        guard scanned < count else { return nil }
        let from = scanned
        let found: Int? = buffer.withUnsafeBufferPointer { pointer -> Int? in
            guard let base = pointer.baseAddress else { return nil }
            guard let hit = memchr(base + from, 0x0A, count - from) else { return nil }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
        if let found { return found }
        scanned = count
        return nil
    }

    /// Drops consumed bytes once they make up at least half the buffer.
    private mutating func compact() {
        guard start > 0 else { return }
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
        } else if start >= buffer.count / 2 {
            buffer.removeSubrange(0..<start)
        } else {
            return
        }
        scanned -= start
        start = 0
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }
}
