import Docker
import Ops
import TerminalText

/// Headless output of pulls (`poddeck pull`).
///
/// - **Terminal**: a block with, per image, a total line (bar, percent, bytes, speed, ETA) and
///   one line per layer, redrawn in place: the cursor moves up over the previous block (`ESC[nA`),
///   each line is cleared (`ESC[2K`) and rewritten, and what is left below is erased (`ESC[J`).
///   Lines are cut to the terminal width so nothing wraps, and the block is kept shorter than
///   the terminal (finished layers fold first, then every layer line), so the cursor can always
///   get back to its top. A finished image folds to one line.
/// - **Plain** (not a terminal): lines such as `<ref> <layer> Downloading 12.0 MB/40.2 MB`,
///   one when a layer changes state and at most one per ``plainInterval`` while its bytes move,
///   then one final line per image.
///
/// Those escape sequences are the only ones written: references, layer IDs and status texts are
/// passed through ``Screen/Sanitizer/clean(_:)``. A value: feed it every snapshot, it returns the
/// text to write.
public struct PullRenderer: Sendable {
    /// Where the output goes.
    public enum Mode: Sendable, Equatable {
        /// A terminal of this many columns and rows: redraw in place.
        case terminal(width: Int, height: Int = Int.max)
        /// A pipe or file: plain lines.
        case plain
    }

    /// Where the output goes.
    public let mode: Mode
    /// In plain mode, the shortest time between two byte-progress lines of one layer.
    public let plainInterval: Duration

    private struct LayerKey: Hashable {
        var pull: PullID
        var layer: String
    }

    private var drawn: [String] = []
    private var printed: [LayerKey: (label: String, current: Int64?, at: Duration)] = [:]
    private var finalPrinted: Set<PullID> = []

    /// Creates a renderer.
    public init(mode: Mode, plainInterval: Duration = .seconds(1)) {
        self.mode = mode
        self.plainInterval = plainInterval
    }

    /// The text to write for the pulls' current state (`pulls` in display order), at `now`;
    /// empty when nothing needs writing.
    public mutating func render(_ pulls: [PullSnapshot], now: Duration) -> String {
        switch mode {
        case .terminal(let width, let height): return redraw(pulls, width: width, height: height)
        case .plain: return plainLines(pulls, now: now)
        }
    }

    // MARK: - Terminal

    private mutating func redraw(_ pulls: [PullSnapshot], width: Int, height: Int) -> String {
        let limit = max(20, width) - 1
        let block = Self.folded(pulls, rows: max(1, height - 1)).map { Self.fit($0, to: limit) }
        guard block != drawn else { return "" }
        var out = ""
        if !drawn.isEmpty { out += "\r\u{1B}[\(drawn.count)A" }
        for line in block { out += "\u{1B}[2K" + line + "\n" }
        if block.count < drawn.count { out += "\u{1B}[J" }
        drawn = block
        return out
    }

    /// The lines of every pull in at most `rows` lines: all layers if they fit, else only the
    /// unfinished ones, else the total lines alone (the first `rows` of them).
    static func folded(_ pulls: [PullSnapshot], rows: Int) -> [String] {
        let full = pulls.flatMap { blockLines($0) }
        if full.count <= rows { return full }
        let unfinished = pulls.flatMap { blockLines($0, layers: { !$0.state.isDone }) }
        if unfinished.count <= rows { return unfinished }
        return Array(pulls.flatMap { blockLines($0, layers: { _ in false }) }.prefix(rows))
    }

    /// The total line of a pull, then its layer lines (those `layers` selects) while it runs.
    static func blockLines(_ pull: PullSnapshot, layers selected: (PullLayerRow) -> Bool = { _ in true }) -> [String] {
        let reference = Sanitizer.clean(pull.referenceText)
        switch pull.state {
        case .queued:
            return ["\(reference)  queued"]
        case .finished:
            return ["\(reference)  \(summary(pull))"]
        case .pulling, .stalled:
            var head = "\(reference)  \(PullText.bar(pull.fraction, width: 20)) \(pad(PullText.percent(pull.fraction), 4))  \(byteCounts(pull))"
            if pull.state == .stalled {
                head += "  stalled, cancelling"
            } else if !downloadsDone(pull) {
                if let speed = pull.bytesPerSecond { head += "  \(PullText.speed(speed))" }
                if let eta = pull.estimatedTimeRemaining, !pull.layers.isEmpty { head += "  ETA \(PullText.eta(eta))" }
            }
            let shown = pull.layers.filter(selected)
            if shown.count < pull.layers.count { head += "  (\(pull.layers.count - shown.count) of \(pull.layers.count) layers folded)" }
            return [head] + shown.map(layerLine)
        }
    }

    /// `  3f4a5b6c7d8e  Downloading         [=====>    ]  1.2 MB/2.5 MB`.
    static func layerLine(_ layer: PullLayerRow) -> String {
        var line = "  \(Sanitizer.clean(layer.id))  \(pad(Sanitizer.clean(layer.label), 18))"
        switch layer.state {
        case .downloading, .extracting:
            line += "  \(PullText.bar(stepFraction(layer), width: 20))"
            if let counts = layerCounts(layer) { line += "  \(counts)" }
        default:
            break
        }
        return trimEnd(line)
    }

    // MARK: - Plain

    private mutating func plainLines(_ pulls: [PullSnapshot], now: Duration) -> String {
        var out = ""
        for pull in pulls {
            let reference = Sanitizer.clean(pull.referenceText)
            for layer in pull.layers {
                let key = LayerKey(pull: pull.id, layer: layer.id)
                let label = layer.label
                let moving: Bool
                switch layer.state {
                case .downloading, .extracting: moving = true
                default: moving = false
                }
                if let last = printed[key] {
                    if last.label == label {
                        guard moving, layer.current != last.current, now - last.at >= plainInterval else { continue }
                    }
                }
                printed[key] = (label, layer.current, now)
                var line = "\(reference) \(Sanitizer.clean(layer.id)) \(Sanitizer.clean(label))"
                if moving, let counts = Self.layerCounts(layer) { line += " \(counts)" }
                out += line + "\n"
            }
            if pull.isFinished, finalPrinted.insert(pull.id).inserted {
                out += "\(reference) \(Self.summary(pull))\n"
            }
        }
        return out
    }

    // MARK: - Shared

    /// `pulled 6.8 MB in 4.2s`, `up to date`, `failed`, `cancelled`, `stalled`.
    static func summary(_ pull: PullSnapshot) -> String {
        switch pull.outcome {
        case .succeeded?:
            if pull.status?.hasPrefix("Image is up to date") == true { return "up to date" }
            var text = "pulled \(PullText.bytes(pull.downloadedBytes))"
            if let startedAt = pull.startedAt, let finishedAt = pull.finishedAt {
                text += " in \(PullText.elapsed(finishedAt - startedAt))"
            }
            return text
        case .failed?: return "failed"
        case .cancelled?: return "cancelled"
        case .stalled?: return "stalled"
        case nil: return pull.state.description
        }
    }

    /// Whether every byte has arrived (what is left is extraction: speed and ETA say nothing).
    static func downloadsDone(_ pull: PullSnapshot) -> Bool {
        pull.knownTotalBytes > 0 && !pull.hasUnknownTotals && pull.downloadedBytes >= pull.knownTotalBytes
    }

    /// `3.1 MB/6.8 MB`, `3.1 MB/6.8 MB+` while some layer sizes are unknown.
    static func byteCounts(_ pull: PullSnapshot) -> String {
        if pull.knownTotalBytes == 0 { return PullText.bytes(pull.downloadedBytes) }
        return "\(PullText.bytes(pull.downloadedBytes))/\(PullText.bytes(pull.knownTotalBytes))\(pull.hasUnknownTotals ? "+" : "")"
    }

    /// `1.2 MB/2.5 MB` for a layer step with byte counts.
    static func layerCounts(_ layer: PullLayerRow) -> String? {
        guard let current = layer.current else { return nil }
        guard let total = layer.total else { return PullText.bytes(current) }
        return "\(PullText.bytes(current))/\(PullText.bytes(total))"
    }

    /// The progress of the layer's current step alone.
    static func stepFraction(_ layer: PullLayerRow) -> Double {
        guard let current = layer.current, let total = layer.total, total > 0 else { return 0 }
        return Double(current) / Double(total)
    }

    static func pad(_ text: String, _ width: Int) -> String {
        let shown = DisplayWidth.of(text)
        return shown >= width ? text : text + String(repeating: " ", count: width - shown)
    }

    static func trimEnd(_ text: String) -> String {
        var text = text
        while text.last == " " { text.removeLast() }
        return text
    }

    /// Cuts `line` to `limit` display columns.
    static func fit(_ line: String, to limit: Int) -> String {
        guard DisplayWidth.of(line) > limit else { return line }
        var out = ""
        var used = 0
        for character in line {
            let width = DisplayWidth.of(character)
            if used + width > limit { break }
            out.append(character)
            used += width
        }
        return out
    }
}
