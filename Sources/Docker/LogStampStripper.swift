/// Reads a log stream asked for with time stamps (`timestamps=1`): passes each line through a
/// ``LogReplayFilter`` and gives back the bytes of the lines it admits, with or without their
/// time stamp, otherwise exactly as the daemon sent them (line endings included).
struct LogStampStripper: Sendable {
    private struct Position: Sendable {
        var atLineStart = true
        var stamp: [UInt8] = []
        var keeping = true
    }

    /// Whether the admitted lines keep their time stamp and its space.
    let keepStamps: Bool
    private var stdout = Position()
    private var stderr = Position()
    private var out: [UInt8] = []

    init(keepStamps: Bool) {
        self.keepStamps = keepStamps
    }

    /// The bytes of `bytes` (a piece of `stream`) that belong to admitted lines.
    mutating func feed(_ stream: LogLine.Stream, _ bytes: ArraySlice<UInt8>, filter: inout LogReplayFilter) -> ArraySlice<UInt8> {
        out.removeAll(keepingCapacity: true)
        if stream == .stdout {
            Self.scan(bytes, &stdout, &filter, keepStamps: keepStamps, into: &out)
        } else {
            Self.scan(bytes, &stderr, &filter, keepStamps: keepStamps, into: &out)
        }
        return out[...]
    }

    private static func scan(_ bytes: ArraySlice<UInt8>, _ position: inout Position, _ filter: inout LogReplayFilter,
                             keepStamps: Bool, into out: inout [UInt8]) {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if position.atLineStart {
                let space = bytes[index...].firstIndex(of: 32)
                let end = space ?? bytes.endIndex
                position.stamp.append(contentsOf: bytes[index..<end])
                index = end
                if space == nil && position.stamp.count <= 64 { return }
                // A time stamp ends at the first space; what never reaches one is no time stamp.
                let isStamp = space != nil && position.stamp.count <= 64
                let stamp = isStamp ? String(decoding: position.stamp, as: UTF8.self) : ""
                position.keeping = filter.admits(stamp)
                if position.keeping && (keepStamps || !isStamp) {
                    out.append(contentsOf: position.stamp)
                    if isStamp { out.append(32) }
                }
                if isStamp { index += 1 }
                position.stamp.removeAll(keepingCapacity: true)
                position.atLineStart = false
            } else {
                let newline = bytes[index...].firstIndex(of: 10)
                let end = newline.map { $0 + 1 } ?? bytes.endIndex
                if position.keeping { out.append(contentsOf: bytes[index..<end]) }
                index = end
                if newline != nil { position.atLineStart = true }
            }
        }
    }
}
