import CLI
import Docker
import Ops
import PodModel
import Testing

/// Headless pull output: in-place redraws on a terminal, plain rate-limited lines otherwise.
@Suite struct PullRendererTests {
    static let esc = "\u{1B}"
    let reference = try! ImageReference.parse("127.0.0.1:5000/demo/app:1")

    func pulling() -> PullSnapshot {
        PullSnapshot(
            id: PullID(1), reference: reference, state: .pulling,
            layers: [
                PullLayerRow(id: "3f4a5b6c7d8e", state: .pullComplete, current: 2_500_000, total: 2_500_000, fraction: 1),
                PullLayerRow(id: "9a8b7c6d5e4f", state: .downloading(current: 1_200_000, total: 2_500_000),
                             current: 1_200_000, total: 2_500_000, fraction: 0.24),
                PullLayerRow(id: "0a1b2c3d4e5f", state: .waiting, current: nil, total: nil, fraction: 0),
            ],
            fraction: 0.45, downloadedBytes: 3_700_000, knownTotalBytes: 7_500_000, bytesPerSecond: 1_500_000,
            estimatedTimeRemaining: .milliseconds(2_400), startedAt: .zero)
    }

    func finished(_ outcome: PullOutcome, id: Int = 1) -> PullSnapshot {
        var snapshot = pulling()
        snapshot.id = PullID(id)
        snapshot.state = .finished(outcome)
        snapshot.downloadedBytes = 7_500_000
        snapshot.finishedAt = .milliseconds(4_200)
        return snapshot
    }

    @Test func terminalOutputIsALineperLayerPlusATotalRedrawnInPlace() {
        var renderer = PullRenderer(mode: .terminal(width: 120))
        let esc = Self.esc
        let first = renderer.render([pulling()], now: .seconds(2))
        #expect(first == """
            \(esc)[2K127.0.0.1:5000/demo/app:1  [=========>          ] 45%   3.7 MB/7.5 MB  1.5 MB/s  ETA 3s
            \(esc)[2K  3f4a5b6c7d8e  Pull complete
            \(esc)[2K  9a8b7c6d5e4f  Downloading         [=========>          ]  1.2 MB/2.5 MB
            \(esc)[2K  0a1b2c3d4e5f  Waiting

            """)
        #expect(renderer.render([pulling()], now: .seconds(2)).isEmpty, "nothing changed, nothing written")
        let done = renderer.render([finished(.succeeded)], now: .seconds(5))
        #expect(done == "\r\(esc)[4A\(esc)[2K127.0.0.1:5000/demo/app:1  pulled 7.5 MB in 4.2s\n\(esc)[J")
    }

    @Test func terminalLinesAreCutToTheWidthAndEveryImageHasItsBlock() {
        var renderer = PullRenderer(mode: .terminal(width: 30))
        var queued = pulling()
        queued.id = PullID(2)
        queued.state = .queued
        queued.layers = []
        let text = renderer.render([pulling(), queued], now: .seconds(1))
        let lines = text.split(separator: "\n").map { $0.replacingOccurrences(of: "\(Self.esc)[2K", with: "") }
        #expect(lines.count == 5)
        #expect(lines.allSatisfy { $0.count <= 29 }, "\(lines)")
        #expect(lines[0] == "127.0.0.1:5000/demo/app:1  [=")
        #expect(lines[4] == "127.0.0.1:5000/demo/app:1  qu")
    }

    @Test func theBlockFoldsToStayShorterThanTheTerminal() {
        var queued = pulling()
        queued.id = PullID(2)
        queued.state = .queued
        queued.layers = []
        func lines(height: Int) -> [String] {
            var renderer = PullRenderer(mode: .terminal(width: 120, height: height))
            return renderer.render([pulling(), queued], now: .zero).split(separator: "\n")
                .map { $0.replacingOccurrences(of: "\(Self.esc)[2K", with: "") }
        }
        #expect(lines(height: 6).count == 5, "everything fits")
        let folded = lines(height: 5)
        #expect(folded.count == 4)
        #expect(folded[0].hasSuffix("ETA 3s  (1 of 3 layers folded)"), "\(folded[0])")
        #expect(folded[1].hasPrefix("  9a8b7c6d5e4f  Downloading"))
        #expect(folded[2] == "  0a1b2c3d4e5f  Waiting")
        let totals = lines(height: 3)
        #expect(totals.count == 2)
        #expect(totals[0].hasSuffix("(3 of 3 layers folded)"))
        #expect(totals[1] == "127.0.0.1:5000/demo/app:1  queued")
        #expect(lines(height: 2) == [totals[0]])
    }

    @Test func daemonTextCannotSmuggleEscapeSequences() {
        var snapshot = pulling()
        snapshot.layers = [PullLayerRow(id: "evil\u{1B}]0;x\u{07}", state: .other("Bad\u{1B}[2J\u{9B}"), current: nil, total: nil, fraction: 0)]
        for mode in [PullRenderer.Mode.terminal(width: 120), .plain] {
            var renderer = PullRenderer(mode: mode)
            let text = renderer.render([snapshot], now: .zero)
            #expect(text.contains("evil^[]0;x^G"), "\(text)")
            #expect(text.contains("Bad^[[2J"), "\(text)")
            let ours = text.replacingOccurrences(of: "\(Self.esc)[2K", with: "")
            #expect(!ours.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B }, "\(ours.debugDescription)")
        }
    }

    @Test func plainOutputPrintsStateChangesRateLimitedProgressAndOneFinalLine() {
        var renderer = PullRenderer(mode: .plain, plainInterval: .seconds(1))
        let ref = "127.0.0.1:5000/demo/app:1"
        func snapshot(_ a: PullLayerRow, _ b: PullLayerRow) -> PullSnapshot {
            var s = pulling()
            s.layers = [a, b]
            return s
        }
        func row(_ id: String, _ state: PullProgress.LayerState, _ current: Int64? = nil, _ total: Int64? = nil) -> PullLayerRow {
            PullLayerRow(id: id, state: state, current: current, total: total, fraction: 0)
        }
        let fs = row("bbbbbbbbbbbb", .pullingFSLayer)
        var out = renderer.render([snapshot(row("aaaaaaaaaaaa", .pullingFSLayer), fs)], now: .zero)
        #expect(out == "\(ref) aaaaaaaaaaaa Pulling fs layer\n\(ref) bbbbbbbbbbbb Pulling fs layer\n")
        out = renderer.render([snapshot(row("aaaaaaaaaaaa", .downloading(current: 100_000, total: 1_000_000), 100_000, 1_000_000), fs)],
                              now: .milliseconds(200))
        #expect(out == "\(ref) aaaaaaaaaaaa Downloading 100.0 kB/1.0 MB\n")
        out = renderer.render([snapshot(row("aaaaaaaaaaaa", .downloading(current: 500_000, total: 1_000_000), 500_000, 1_000_000), fs)],
                              now: .milliseconds(500))
        #expect(out == "", "bytes moved, but less than a second ago")
        out = renderer.render([snapshot(row("aaaaaaaaaaaa", .downloading(current: 900_000, total: 1_000_000), 900_000, 1_000_000), fs)],
                              now: .milliseconds(1_300))
        #expect(out == "\(ref) aaaaaaaaaaaa Downloading 900.0 kB/1.0 MB\n")
        out = renderer.render([snapshot(row("aaaaaaaaaaaa", .downloadComplete, 1_000_000, 1_000_000), fs)], now: .milliseconds(1_400))
        #expect(out == "\(ref) aaaaaaaaaaaa Download complete\n")

        var done = finished(.succeeded)
        done.layers = [row("aaaaaaaaaaaa", .pullComplete, 1_000_000, 1_000_000), row("bbbbbbbbbbbb", .pullComplete, 500_000, 500_000)]
        done.downloadedBytes = 1_500_000
        done.finishedAt = .seconds(2)
        var failed = finished(.failed("manifest unknown"), id: 2)
        failed.reference = try! ImageReference.parse("127.0.0.1:5000/demo/app:nope")
        failed.layers = []
        out = renderer.render([done, failed], now: .seconds(2))
        #expect(out == """
            \(ref) aaaaaaaaaaaa Pull complete
            \(ref) bbbbbbbbbbbb Pull complete
            \(ref) pulled 1.5 MB in 2.0s
            127.0.0.1:5000/demo/app:nope failed

            """)
        #expect(renderer.render([done, failed], now: .seconds(3)).isEmpty, "one final line per image")
    }

    @Test func figuresAreWrittenAsTheDockerCLIWritesThem() {
        #expect(PullText.bytes(0) == "0 B")
        #expect(PullText.bytes(999) == "999 B")
        #expect(PullText.bytes(1000) == "1.0 kB")
        #expect(PullText.bytes(999_949) == "999.9 kB")
        #expect(PullText.bytes(999_950) == "1.0 MB")
        #expect(PullText.bytes(40_200_000) == "40.2 MB")
        #expect(PullText.bytes(1_260_000_000) == "1.3 GB")
        #expect(PullText.speed(3_200_000) == "3.2 MB/s")
        #expect(PullText.eta(.milliseconds(3_200)) == "4s")
        #expect(PullText.eta(.seconds(65)) == "1m05s")
        #expect(PullText.eta(.seconds(3_725)) == "1h02m")
        #expect(PullText.elapsed(.milliseconds(850)) == "850ms")
        #expect(PullText.percent(0.999) == "99%")
        #expect(PullText.bar(0, width: 4) == "[>   ]")
        #expect(PullText.bar(0.5, width: 4) == "[==> ]")
        #expect(PullText.bar(1, width: 4) == "[====]")
        #expect(ImageStatus.pulling(0.456).label == "pulling 45%")
        #expect(ImageStatus.dockerUnavailable("no socket").description == "docker unavailable: no socket")
    }
}
