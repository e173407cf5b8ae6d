import Foundation
import Ops
import Screen
import TerminalText

/// Active and recent pulls under the pod list: an aggregate bar, bytes, speed and ETA per image,
/// and per-layer rows that fold away when space is short.
enum PullsPanel {
    /// Recent finished pulls stay in the panel this long.
    static let linger: TimeInterval = 30

    static func shown(_ state: AppState) -> [PullSnapshot] {
        let active = state.pulls.values.filter { !$0.isFinished }.sorted { $0.id < $1.id }
        let recentCutoff = state.pullsActivity.map { state.now.timeIntervalSince($0) < linger } ?? false
        let finished = recentCutoff ? state.pulls.values.filter(\.isFinished).sorted { $0.id > $1.id } : []
        return active + finished.prefix(max(0, 4 - active.count))
    }

    /// Rows the panel takes (0 when there is nothing to show).
    static func height(_ state: AppState, available: Int) -> Int {
        let pulls = shown(state)
        guard !pulls.isEmpty, available >= 8 else { return 0 }
        let layers = pulls.filter { !$0.isFinished }.reduce(0) { $0 + $1.layers.count }
        return min(available / 3 + 1, 1 + pulls.count + layers)
    }

    static func render(_ state: AppState, into buffer: inout Buffer, area: Rect) {
        let t = state.theme
        let pulls = shown(state)
        let activeCount = pulls.filter { !$0.isFinished }.count
        buffer.fill(area, style: t[.body])
        let title = "─ Pulls: \(activeCount) active, \(pulls.count - activeCount) recent (x cancels) "
        buffer.put(title + String(repeating: "─", count: max(0, area.width - DisplayWidth.of(title))), x: area.x, y: area.y,
                   maxWidth: area.width, style: t[.border])
        var y = area.y + 1
        // Room for layer rows after one line per image.
        var spare = area.height - 1 - pulls.count
        for pull in pulls where y < area.maxY {
            line(pull, state: state, into: &buffer, x: area.x, y: y, width: area.width)
            y += 1
            guard !pull.isFinished else { continue }
            let layers = pull.layers
            let fits = min(layers.count, max(0, spare))
            for layer in layers.prefix(fits) where y < area.maxY {
                var text = "     \(layer.id.prefix(12))  \(layer.label)"
                if let total = layer.total, total > 0 {
                    text += "  \(PullText.bytes(layer.current ?? 0))/\(PullText.bytes(total))"
                }
                buffer.putElided(Sanitizer.clean(text), x: area.x, y: y, width: area.width, style: t[.dim])
                y += 1
            }
            if fits < layers.count, y < area.maxY, spare > fits {
                buffer.putElided("     … \(layers.count - fits) more layers", x: area.x, y: y, width: area.width, style: t[.dim])
                y += 1
            }
            spare -= fits
        }
    }

    static func line(_ pull: PullSnapshot, state: AppState, into buffer: inout Buffer, x: Int, y: Int, width: Int) {
        let t = state.theme
        let reference = Sanitizer.clean(pull.referenceText)
        let mark: String
        let style: Style
        var detail: String
        switch pull.state {
        case .queued:
            mark = "…"; style = t[.dim]; detail = "queued"
        case .pulling, .stalled:
            mark = "⇣"; style = pull.state == .stalled ? t[.pullError] : t[.pullProgress]
            detail = "\(PullText.percent(pull.fraction))  \(PullText.bytes(pull.downloadedBytes))"
            if pull.knownTotalBytes > 0 { detail += "/\(PullText.bytes(pull.knownTotalBytes))" }
            if let speed = pull.bytesPerSecond { detail += "  \(PullText.speed(speed))" }
            if let eta = pull.estimatedTimeRemaining { detail += "  ETA \(PullText.eta(eta))" }
            if pull.state == .stalled { detail += "  STALLED" }
        case .finished(let outcome):
            switch outcome {
            case .succeeded: mark = "✓"; style = t[.pullDone]; detail = pull.status.map { Sanitizer.clean($0) } ?? "done"
            case .failed(let message): mark = "✗"; style = t[.pullError]; detail = "failed: \(Sanitizer.clean(message))"
            case .cancelled: mark = "✗"; style = t[.warning]; detail = "cancelled"
            case .stalled: mark = "✗"; style = t[.pullError]; detail = "stalled, cancelled"
            }
        }
        let refWidth = min(max(20, width / 3), DisplayWidth.of(reference) + 1)
        buffer.put(" \(mark) ", x: x, y: y, maxWidth: 3, style: style)
        buffer.putElided(reference, x: x + 3, y: y, width: refWidth, style: t[.body])
        var cursor = x + 3 + refWidth + 1
        if !pull.isFinished, case .pulling = pull.state {
            let barWidth = min(24, max(8, width / 6))
            if cursor + barWidth < x + width {
                Gauge(ratio: pull.fraction, filledStyle: t[.pullProgress], emptyStyle: t[.dim])
                    .render(into: &buffer, area: Rect(x: cursor, y: y, width: barWidth, height: 1))
                cursor += barWidth + 1
            }
        }
        if cursor < x + width {
            buffer.putElided(detail, x: cursor, y: y, width: x + width - cursor, style: style)
        }
    }
}
