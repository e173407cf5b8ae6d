import Ops
import PodModel
import Probes
import TerminalText

/// How `poddeck probe` prints its results.
public enum ProbeOutputFormat: String, Sendable, CaseIterable {
    /// One aligned line per run, printed as it finishes.
    case text
    /// A JSON array of every run, printed at the end.
    case json
}

/// Formats the results of `poddeck probe`: aligned text lines or a JSON array.
///
/// Every string that came from the pod or a target is sanitised for the terminal in text; in JSON
/// it is kept as is when stdout is not a terminal (JSON escapes control characters) and sanitised
/// when it is.
public struct ProbeRunPrinter: Sendable {
    /// Whether a RUN column (`2/3`) is shown.
    public let showsRun: Bool
    /// The runs per probe.
    public let count: Int
    private let containerWidth: Int
    private let targetWidth: Int
    private static let kindWidth = 9
    private static let outcomeWidth = 7
    private static let latencyWidth = 9
    private static let stateWidth = 16

    /// A printer for runs of `probes`, each run `count` times.
    public init(probes: [PlannedProbe], count: Int) {
        self.count = count
        self.showsRun = count > 1
        containerWidth = probes.map { DisplayWidth.of(Sanitizer.clean($0.key.container)) }.reduce("CONTAINER".count, max)
        targetWidth = probes.map { DisplayWidth.of(Self.targetText(ProbeDetail(key: $0.key, definition: $0.definition,
                                                                             tracker: ProbeTracker(kind: $0.key.kind)))) }
            .reduce("TARGET".count, max)
    }

    /// The column header line.
    public var header: String {
        line(run: "RUN", kind: "KIND", container: "CONTAINER", target: "TARGET", outcome: "RESULT", latency: "LATENCY",
             state: "STATE", message: "MESSAGE")
    }

    /// One run as a text line (sanitised).
    public func text(_ record: ProbeRunRecord) -> String {
        let detail = record.detail
        return line(run: "\(record.run)/\(count)", kind: record.probe.key.kind.rawValue,
                    container: Sanitizer.clean(record.probe.key.container), target: Self.targetText(detail),
                    outcome: record.result.outcome.rawValue, latency: record.result.latency.probeText,
                    state: detail.stateText, message: Sanitizer.clean(record.message))
    }

    /// Every run as a JSON array (one object per run, in the order given).
    public static func json(_ records: [ProbeRunRecord], sanitize: Bool) -> String {
        let clean: (String) -> String = sanitize ? { Sanitizer.clean($0) } : { $0 }
        return JSONWriter.pretty(.array(records.map { $0.json(clean: clean) })) + "\n"
    }

    private static func targetText(_ detail: ProbeDetail) -> String {
        detail.reason == nil ? Sanitizer.clean(detail.target) : "-"
    }

    private func line(run: String, kind: String, container: String, target: String, outcome: String, latency: String,
                      state: String, message: String) -> String {
        var columns: [String] = []
        if showsRun { columns.append(pad(run, String(count).count * 2 + 1)) }
        columns += [pad(kind, Self.kindWidth), pad(container, containerWidth), pad(target, targetWidth),
                    pad(outcome, Self.outcomeWidth), pad(latency, Self.latencyWidth), pad(state, Self.stateWidth), message]
        var text = columns.joined(separator: "  ")
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }

    private func pad(_ text: String, _ width: Int) -> String {
        let missing = width - DisplayWidth.of(text)
        return missing > 0 ? text + String(repeating: " ", count: missing) : text
    }
}
