import Deck
import Foundation
import Ops
import PodModel
import Screen

/// The dashboard with 100,000 pods: a full frame (render + diff), one filter keystroke, one sync
/// merge. Budget: a keystroke-to-frame under 16 ms (one frame at 60 Hz).
enum TUIBenchmarks {
    static func run() async {
        let count = Int(ProcessInfo.processInfo.environment["BENCH_TUI_PODS"] ?? "") ?? 100_000
        let now = Date()
        let factory = SeedPodFactory(namespaces: 12)
        var rows: [PodRow] = []
        rows.reserveCapacity(count)
        for i in 0..<count {
            let (key, json) = factory.pod(i, now: now)
            let pod = try! Pod(json: json)
            rows.append(PodRow(PodRecord(key: key, pod: pod, createRevision: 1, modRevision: Int64(i + 1))))
        }
        var state = AppState(now: now, size: Size(width: 200, height: 60), namespace: nil, theme: .fallback,
                             readonly: false, pollInterval: .seconds(2))
        let clock = ContinuousClock()
        let loadStart = clock.now
        _ = DeckUpdate.update(&state, .synced(SyncDelta(upserts: rows, deletions: [], unreadable: [], revision: 1,
                                                        endpoint: "bench", replacesAll: true, at: now, generation: 0)))
        let load = clock.now - loadStart
        print("pods: \(count); first load (sort \(count) rows): \(Measure.ms(load))")

        // Baseline in the same process: copying the rows array once (the cheapest possible O(n) pass).
        let baseline = Measure.times(iterations: 20) { var copy = rows; copy.append(rows[0]); blackHole(copy.count) }
        print("baseline: one O(n) copy of \(count) rows: median \(Measure.ms(Measure.percentile(baseline, 0.5)))")

        // 1. A full frame: render the state into a buffer and diff it against the previous one.
        var previous = DeckRenderer.render(state)
        var flip = false
        let frames = Measure.times(iterations: 200) {
            flip.toggle()
            _ = DeckUpdate.update(&state, .key(flip ? .char("j") : .char("k")))
            let frame = DeckRenderer.render(state)
            blackHole(BufferDiff.between(previous, frame).count)
            previous = frame
        }
        report("keystroke (j/k) → update + render + diff", frames, baseline: baseline)

        // 2. One filter keystroke over every row (typing "web" one letter at a time, then clearing).
        _ = DeckUpdate.update(&state, .key(.char("/")))
        let letters: [Character] = ["w", "e", "b"]
        var i = 0
        let filters = Measure.times(iterations: 60) {
            let c = letters[i % 3]
            i += 1
            if i % 3 == 1 { _ = DeckUpdate.update(&state, .key(.ctrl("u"))) }
            _ = DeckUpdate.update(&state, .key(.char(c)))
            let frame = DeckRenderer.render(state)
            blackHole(BufferDiff.between(previous, frame).count)
            previous = frame
        }
        report("filter keystroke → filter \(count) rows + render + diff", filters, baseline: baseline)
        _ = DeckUpdate.update(&state, .key(.escape))

        // 3. One sync merge: 50 changed pods, 5 new, 5 deleted (a busy poll).
        var revision: Int64 = 10
        var n = 0
        let merges = Measure.times(iterations: 100) {
            revision += 1
            var changed: [PodRow] = []
            for j in 0..<50 {
                var r = rows[(n * 50 + j) % count]
                r.restarts += 1
                r.revision = revision
                changed.append(r)
            }
            for j in 0..<5 {
                var r = rows[(n * 7 + j) % count]
                r.key = PodKey(namespace: r.key.namespace, name: "new-\(n)-\(j)")
                changed.append(r)
            }
            let deletions = (0..<5).map { j in PodKey(namespace: "x", name: "new-\(n - 1)-\(j)") }
            n += 1
            _ = DeckUpdate.update(&state, .synced(SyncDelta(upserts: changed, deletions: deletions, unreadable: nil,
                                                             revision: revision, endpoint: "bench", replacesAll: false,
                                                             at: now, generation: 0)))
            let frame = DeckRenderer.render(state)
            blackHole(BufferDiff.between(previous, frame).count)
            previous = frame
        }
        report("sync merge (60 changes) + render + diff", merges, baseline: baseline)
    }

    static func report(_ what: String, _ times: [Duration], baseline: [Duration]) {
        let p50 = Measure.percentile(times, 0.5), p99 = Measure.percentile(times, 0.99)
        let base = Measure.percentile(baseline, 0.5)
        let ratio = Double(p50.components.attoseconds + p50.components.seconds * 1_000_000_000_000_000_000)
            / Double(max(1, base.components.attoseconds + base.components.seconds * 1_000_000_000_000_000_000))
        let frameBudget = Double(p99.components.seconds) * 1000 + Double(p99.components.attoseconds) / 1e15
        print("  \(what): p50 \(Measure.ms(p50)), p99 \(Measure.ms(p99)); \(String(format: "%.2f", ratio))× the O(n) copy; "
              + "\(String(format: "%.2f", frameBudget / 16.0))× the 16 ms frame budget (p99)")
    }
}

@inline(never) func blackHole<T>(_ value: T) { _ = value }
