import Foundation
import Ops
import PodModel
import Screen
import Probes
import TerminalText

/// Details of one pod: identity, containers (image, ports, probes, state), conditions.
enum DetailView {
    static func lines(_ loaded: LoadedPod?, theme t: Theme, now: Date, probes: PodProbeSummary = .none,
                      probesEnabled: Bool = true, probeEpoch: Date = Date()) -> [Line] {
        guard let loaded else { return [] }
        if loaded.loading { return [Line(" loading…", style: t[.dim])] }
        if let error = loaded.error { return [Line(" " + Sanitizer.clean(error), style: t[.error])] }
        guard let record = loaded.record else {
            return [Line(" pod \(Sanitizer.clean(loaded.key.description)) no longer exists", style: t[.warning])]
        }
        let pod = record.pod
        let row = PodRow(record)
        var out: [Line] = []
        func field(_ name: String, _ value: String, _ style: Style? = nil) {
            out.append(Line([Span(" " + name.padding(toLength: 16, withPad: " ", startingAt: 0), t[.dim]),
                             Span(Sanitizer.clean(value), style ?? t[.body])]))
        }
        func heading(_ text: String) {
            out.append(Line(""))
            out.append(Line(" " + text, style: t[.title]))
        }
        field("Name", record.key.name)
        field("Namespace", record.key.namespace)
        field("Status", row.status, statusStyle(row.statusClass, t))
        field("Phase", pod.phase ?? "<none>")
        field("Ready", row.ready)
        field("Restarts", row.restartsText)
        field("Node", pod.nodeName ?? "<none>")
        field("Pod IP", pod.podIP ?? "<none>")
        field("Host IP", pod.hostIP ?? "<none>")
        field("QoS", pod.qosClass ?? "<none>")
        field("Restart policy", pod.restartPolicy ?? "Always")
        if let created = pod.creationTimestamp {
            field("Created", "\(RFC3339Text.format(created)) (\(Pod.humanAge(now.timeIntervalSince(created))) ago)")
        }
        if let deleting = pod.deletionTimestamp { field("Deleting since", RFC3339Text.format(deleting), t[.statusTerminating]) }
        field("UID", pod.uid ?? "<none>")
        field("Revision", "mod \(record.modRevision), created at \(record.createRevision)")
        field("Storage", record.storageText)
        let labels = pod.labels
        field("Labels", labels.isEmpty ? "<none>" : labels.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
        let annotations = pod.annotations
        field("Annotations", annotations.isEmpty ? "<none>" : "\(annotations.count) (press y for all)")

        let statuses = Dictionary(pod.containerStatuses.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for (title, containers) in [("Init containers", pod.initContainers), ("Containers", pod.containers)] where !containers.isEmpty {
            heading("\(title) (\(containers.count))")
            for c in containers {
                out.append(Line([Span("  ● ", t[.dim]), Span(Sanitizer.clean(c.name), t[.body].bold())]))
                field("   Image", c.image ?? "<none>")
                if let policy = c.imagePullPolicy { field("   Pull policy", policy) }
                if !c.ports.isEmpty {
                    field("   Ports", c.ports.map { p in
                        "\(p.name.map { "\($0) " } ?? "")\(p.containerPort.map(String.init) ?? "?")/\(p.protocol ?? "TCP")"
                    }.joined(separator: ", "))
                }
                for (kind, probe) in [("Liveness", c.livenessProbe), ("Readiness", c.readinessProbe), ("Startup", c.startupProbe)] {
                    guard let probe else { continue }
                    field("   \(kind)", "\(probe.summary)  \(probe.timingSummary)")
                    let live = probes.details.first { $0.container == c.name && $0.kind.rawValue.lowercased() == kind.lowercased() }
                    out += probeLines(live, enabled: probesEnabled, theme: t, now: now, epoch: probeEpoch)
                }
                if let s = statuses[c.name] {
                    let (text, style) = stateText(s.state, t)
                    field("   State", text, style)
                    field("   Ready", s.ready ? "true" : "false", s.ready ? t[.statusRunning] : t[.statusPending])
                    field("   Restarts", "\(s.restartCount)")
                    if let id = s.containerID { field("   Container ID", id) }
                }
            }
        }
        let conditions = pod.conditions
        if !conditions.isEmpty {
            heading("Conditions")
            out.append(Line("   TYPE              STATUS  REASON                 LAST TRANSITION", style: t[.columnHeader]))
            for c in conditions {
                let age = c.lastTransitionTime.map { Pod.humanAge(now.timeIntervalSince($0)) + " ago" } ?? ""
                let text = "   " + Sanitizer.clean(c.type).padding(toLength: 18, withPad: " ", startingAt: 0)
                    + c.status.padding(toLength: 8, withPad: " ", startingAt: 0)
                    + Sanitizer.clean(c.reason ?? "").padding(toLength: 23, withPad: " ", startingAt: 0) + age
                out.append(Line(text, style: c.isTrue ? t[.body] : t[.warning]))
                if let message = c.message, !message.isEmpty {
                    out.append(Line("     " + Sanitizer.clean(message), style: t[.dim]))
                }
            }
        }
        return out
    }

    /// Live lines for one probe: state, last result, latency, counts, last transition, sparkline.
    static func probeLines(_ d: ProbeDetail?, enabled: Bool, theme t: Theme, now: Date, epoch: Date) -> [Line] {
        let indent = "                  "
        guard enabled else { return [Line(indent + "not probed (--no-probes)", style: t[.dim])] }
        guard let d else { return [Line(indent + "waiting for the first result…", style: t[.dim])] }
        var out: [Line] = []
        let cell = d.cell
        var first: [Span] = [Span(indent, t[.body]), Span(d.stateText, t[cell.themeKey].bold())]
        if let latency = d.latency { first.append(Span("  \(latency.probeText)", t[.body])) }
        first.append(Span("  ✓\(d.consecutiveSuccesses) ✗\(d.consecutiveFailures) in a row", t[.dim]))
        if let transition = d.lastTransition {
            let at = epoch.addingTimeInterval(DurationText.seconds(transition.offset))
            first.append(Span("  changed \(Pod.humanAge(now.timeIntervalSince(at))) ago", t[.dim]))
        }
        out.append(Line(first))
        if let message = d.lastMessage, !message.isEmpty {
            out.append(Line(indent + Sanitizer.clean(message), style: d.lastOutcome == .failure ? t[.probeFailing] : t[.dim]))
        }
        let values = d.latencyMilliseconds
        if !values.isEmpty {
            let peak = max(values.max() ?? 1, 0.001)
            let bars = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
            let spark = values.suffix(60).map { bars[min(7, max(0, Int(($0 / peak) * 7.99)))] }.joined()
            out.append(Line([Span(indent, t[.body]), Span(spark, t[.probeOk]),
                             Span("  last \(values.count), max \(String(format: "%.1f", peak)) ms", t[.dim])]))
        }
        return out
    }

    static func statusStyle(_ c: StatusClass, _ t: Theme) -> Style {
        switch c {
        case .running: return t[.statusRunning]
        case .pending: return t[.statusPending]
        case .succeeded: return t[.statusSucceeded]
        case .failed: return t[.statusFailed]
        case .terminating: return t[.statusTerminating]
        case .unknown: return t[.statusUnknown]
        }
    }

    static func stateText(_ state: ContainerState, _ t: Theme) -> (String, Style) {
        switch state {
        case .running(let started):
            return ("Running\(started.map { " since \(RFC3339Text.format($0))" } ?? "")", t[.statusRunning])
        case .waiting(let reason):
            return ("Waiting: \(reason ?? "unknown reason")", t[.statusPending])
        case .terminated(let reason, let code):
            return ("Terminated: \(reason ?? "") exit \(code.map(String.init) ?? "?")", code == 0 ? t[.statusSucceeded] : t[.statusFailed])
        case .unknown:
            return ("Unknown", t[.statusUnknown])
        }
    }
}
