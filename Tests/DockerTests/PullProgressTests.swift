import Docker
import Testing

struct PullProgressTests {
    static func layer(_ id: String, _ status: String, _ current: Int64? = nil, _ total: Int64? = nil) -> PullMessage {
        let detail = current == nil && total == nil ? nil : PullMessage.ProgressDetail(current: current, total: total)
        return PullMessage(id: id, status: status, progressDetail: detail)
    }

    static func seconds(_ value: Double) -> Duration { .milliseconds(Int64(value * 1000)) }

    @Test func statesFollowTheDaemonsLines() {
        var progress = PullProgress()
        let lines: [(PullMessage, PullProgress.LayerState)] = [
            (Self.layer("a", "Pulling fs layer"), .pullingFSLayer),
            (Self.layer("a", "Waiting"), .waiting),
            (Self.layer("a", "Downloading", 10, 100), .downloading(current: 10, total: 100)),
            (Self.layer("a", "Retrying in 5 seconds"), .retrying(seconds: 5)),
            (Self.layer("a", "Retrying in 1 second"), .retrying(seconds: 1)),
            (Self.layer("a", "Verifying Checksum"), .verifying),
            (Self.layer("a", "Download complete"), .downloadComplete),
            (Self.layer("a", "Extracting", 50, 200), .extracting(current: 50, total: 200)),
            (Self.layer("a", "Pull complete"), .pullComplete),
            (Self.layer("b", "Already exists"), .alreadyExists),
            (Self.layer("c", "Something new"), .other("Something new")),
            (Self.layer("c", "Retrying in soon"), .other("Retrying in soon")),
        ]
        for (message, state) in lines {
            progress.apply(message, at: .zero)
            #expect(progress.layer(message.id!)?.state == state)
        }
        #expect(progress.layers.map(\.id) == ["a", "b", "c"])
    }

    @Test func summaryLinesAreNotLayers() {
        var progress = PullProgress()
        progress.apply(PullMessage(id: "1", status: "Pulling from demo/app"), at: .zero)
        progress.apply(PullMessage(status: "Digest: sha256:abc"), at: .zero)
        #expect(!progress.isComplete)
        progress.apply(PullMessage(status: "Status: Image is up to date for 127.0.0.1:5000/demo/app:1"), at: .zero)
        #expect(progress.layers.isEmpty)
        #expect(progress.repository == "demo/app")
        #expect(progress.digest == "sha256:abc")
        #expect(progress.status == "Image is up to date for 127.0.0.1:5000/demo/app:1")
        #expect(progress.isComplete && progress.isUpToDate)
        #expect(progress.fraction == 1)
    }

    @Test func aggregateNeverGoesBackwardsWhenATotalShrinksOnResume() {
        var progress = PullProgress()
        var fractions: [Double] = []
        var downloaded: [Int64] = []
        let messages = [
            Self.layer("a", "Pulling fs layer"),
            Self.layer("b", "Pulling fs layer"),
            Self.layer("a", "Downloading", 500, 1000),
            Self.layer("b", "Downloading", 100, 1000),
            Self.layer("a", "Retrying in 5 seconds"),
            // Resumed: the daemon now counts only the 500 bytes left.
            Self.layer("a", "Downloading", 0, 500),
            Self.layer("a", "Downloading", 200, 500),
            Self.layer("b", "Downloading", 1000, 1000),
            Self.layer("a", "Downloading", 500, 500),
            Self.layer("a", "Download complete"),
        ]
        for (index, message) in messages.enumerated() {
            progress.apply(message, at: .seconds(index))
            fractions.append(progress.fraction)
            downloaded.append(progress.downloadedBytes)
        }
        #expect(fractions == fractions.sorted())
        #expect(downloaded == [0, 0, 500, 600, 600, 600, 800, 1700, 2000, 2000])
        #expect(progress.layer("a")?.downloadTotal == 1000)
        #expect(progress.knownTotalBytes == 2000)
        #expect(progress.fraction == 0.5)
    }

    @Test func aLateLayerDoesNotPullTheFractionBack() {
        var progress = PullProgress()
        progress.apply(Self.layer("a", "Downloading", 1000, 1000), at: .zero)
        let before = progress.fraction
        #expect(before == 0.5)
        progress.apply(Self.layer("b", "Pulling fs layer"), at: .zero)
        #expect(progress.fraction == before)
        progress.apply(Self.layer("a", "Pull complete"), at: .zero)
        progress.apply(Self.layer("b", "Downloading", 500, 1000), at: .zero)
        #expect(progress.fraction == 0.625)
    }

    @Test func extractionIsTheSecondHalfAndExistingLayersWeighNothing() {
        var progress = PullProgress()
        progress.apply(Self.layer("x", "Already exists"), at: .zero)
        progress.apply(Self.layer("a", "Downloading", 100, 400), at: .zero)
        #expect(progress.fraction == 0.125)
        progress.apply(Self.layer("a", "Download complete"), at: .zero)
        #expect(progress.fraction == 0.5)
        progress.apply(Self.layer("a", "Extracting", 200, 400), at: .zero)
        #expect(progress.fraction == 0.75)
        progress.apply(Self.layer("a", "Pull complete"), at: .zero)
        #expect(progress.fraction == 1)
        #expect(progress.downloadedBytes == 400)
        #expect(progress.layer("a")?.extractedBytes == 400)
    }

    @Test func layersOfUnknownSizeWeighTheMeanOfTheKnownOnes() {
        var progress = PullProgress()
        progress.apply(Self.layer("c", "Waiting"), at: .zero)
        progress.apply(Self.layer("a", "Downloading", 300, 300), at: .zero)
        progress.apply(Self.layer("b", "Downloading", 100, 100), at: .zero)
        // a and b are half done (downloaded), c weighs (300 + 100) / 2 = 200 and is at 0.
        #expect(progress.fraction == (300 * 0.5 + 100 * 0.5) / 600)
        #expect(progress.hasUnknownTotals)
    }

    @Test func speedIsMeasuredOverTheWindowAndDecaysWhenBytesStop() throws {
        var progress = PullProgress(speedWindow: .seconds(5))
        #expect(progress.bytesPerSecond(now: .seconds(1)) == nil)
        progress.apply(Self.layer("a", "Pulling fs layer"), at: .zero)
        for second in 1...5 {
            progress.apply(Self.layer("a", "Downloading", Int64(second) * 1_000_000, 10_000_000), at: .seconds(second))
        }
        #expect(progress.bytesPerSecond(now: .seconds(5)) == 1_000_000)
        let eta = try #require(progress.estimatedTimeRemaining(now: .seconds(5)))
        #expect(eta == .seconds(5))
        // Nothing more for 3 s: the window [3 s, 8 s] saw 2 MB.
        #expect(progress.bytesPerSecond(now: .seconds(8)) == 400_000)
        #expect(progress.estimatedTimeRemaining(now: .seconds(8)) == .seconds(12.5))
        // Nothing for a whole window: speed 0, no ETA.
        #expect(progress.bytesPerSecond(now: .seconds(11)) == 0)
        #expect(progress.estimatedTimeRemaining(now: .seconds(11)) == nil)
    }

    @Test func speedUsesOnlyTheLastWindowOfALongPull() {
        var progress = PullProgress(speedWindow: .seconds(2))
        progress.apply(Self.layer("a", "Pulling fs layer"), at: .zero)
        // 100 kB/s for 10 s, then 1 MB/s for 4 s, in 100 ms steps.
        var bytes: Int64 = 0
        for step in 1...140 {
            bytes += step <= 100 ? 10_000 : 100_000
            progress.apply(Self.layer("a", "Downloading", bytes, 100_000_000), at: .milliseconds(step * 100))
        }
        let speed = progress.bytesPerSecond(now: .seconds(14)) ?? 0
        #expect(abs(speed - 1_000_000) < 1)
    }

    @Test func etaIsZeroWhenCompleteAndNilWithoutSizes() {
        var progress = PullProgress()
        progress.apply(Self.layer("a", "Pulling fs layer"), at: .zero)
        #expect(progress.estimatedTimeRemaining(now: .seconds(1)) == nil)
        progress.apply(PullMessage(status: "Status: Downloaded newer image for x:1"), at: .seconds(2))
        #expect(progress.estimatedTimeRemaining(now: .seconds(3)) == .zero)
    }

    @Test func stallIsNoByteProgressForTheTimeout() {
        var progress = PullProgress()
        #expect(!progress.isStalled(now: .seconds(1000)))
        progress.apply(Self.layer("a", "Pulling fs layer"), at: .seconds(0))
        #expect(!progress.isStalled(now: .seconds(59)))
        #expect(progress.isStalled(now: .seconds(60)))
        progress.apply(Self.layer("a", "Downloading", 100, 1000), at: .seconds(10))
        #expect(progress.lastProgressAt == .seconds(10))
        #expect(!progress.isStalled(now: .seconds(69)))
        #expect(progress.isStalled(now: .seconds(70)))
        // Repeating the same byte count or retrying is not progress.
        progress.apply(Self.layer("a", "Downloading", 100, 1000), at: .seconds(20))
        progress.apply(Self.layer("a", "Retrying in 5 seconds"), at: .seconds(30))
        #expect(progress.isStalled(now: .seconds(70)))
        #expect(progress.isStalled(now: .seconds(15), after: .seconds(5)))
        // A resumed download whose bytes only catch up is not progress either.
        progress.apply(Self.layer("a", "Downloading", 0, 900), at: .seconds(40))
        #expect(progress.lastProgressAt == .seconds(10))
        progress.apply(Self.layer("a", "Downloading", 50, 900), at: .seconds(45))
        #expect(progress.lastProgressAt == .seconds(45))
        #expect(!progress.isStalled(now: .seconds(100)))
    }

    @Test func finishedOrFailedPullsAreNotStalled() {
        var done = PullProgress()
        done.apply(Self.layer("a", "Pulling fs layer"), at: .zero)
        done.apply(PullMessage(status: "Status: Downloaded newer image for x:1"), at: .seconds(1))
        #expect(!done.isStalled(now: .seconds(3600)))

        var failed = PullProgress()
        failed.apply(Self.layer("a", "Pulling fs layer"), at: .zero)
        failed.apply(PullMessage(errorMessage: "unknown blob"), at: .seconds(1))
        #expect(failed.failure == "unknown blob")
        #expect(!failed.isStalled(now: .seconds(3600)))
    }
}

/// Inputs `make fuzz` found, kept as regression tests.
struct PullProgressFuzzRegressionTests {
    /// Decodes a whole stream and applies every message, one second apart; returns each
    /// layer's extracted bytes after every message.
    static func extractedBytes(after stream: String) throws -> [[Int64]] {
        var decoder = PullStreamDecoder()
        decoder.append(Array(stream.utf8))
        decoder.finish()
        var progress = PullProgress()
        var seen: [[Int64]] = []
        var second: Int64 = 0
        while let message = try decoder.next() {
            progress.apply(message, at: .seconds(second))
            seen.append(progress.layers.map(\.extractedBytes))
            second += 1
        }
        return seen
    }

    @Test func extractedBytesDoNotFallBackToASmallerTotalWhenThePullCompletes() throws {
        // An extraction count reported before its total, then a smaller total: `Pull complete`
        // used to set the extracted bytes to the total, from 28 back to 9.
        let stream = """
            {"status":"Extracting","progressDetail":{"current":28},"id":"720a2f387e1e"}\r
            {"status":"Extracting","progressDetail":{"total":9},"id":"720a2f387e1e"}\r
            {"status":"Pull complete","id":"720a2f387e1e"}
            """
        #expect(try Self.extractedBytes(after: stream) == [[28], [28], [28]])
    }

    @Test func byteSumsOfHugeLayersStopAtInt64Max() throws {
        // Sizes past Int64.max are read as Int64.max; adding two of them used to trap.
        let sizes = """
            {"status":"Downloading","progressDetail":{"total":64922336854775807586},"id":"a"}
            {"status":"Downloading","progressDetail":{"total":7},"id":"7"}
            """
        var progress = try Self.apply(sizes)
        #expect(progress.knownTotalBytes == .max)
        #expect(progress.downloadedBytes == 0)

        let bytes = """
            {"status":"Downloading","progressDetail":{"current":9223372036854775807,"total":9223372036854775807},"id":"a"}
            {"status":"Downloading","progressDetail":{"current":9223372036854775807,"total":9223372036854775807},"id":"b"}
            """
        progress = try Self.apply(bytes)
        #expect(progress.downloadedBytes == .max)
        #expect(progress.knownTotalBytes == .max)
        #expect(progress.fraction == 0.5)
    }

    /// Decodes a whole stream and applies every message, one second apart.
    static func apply(_ stream: String) throws -> PullProgress {
        var decoder = PullStreamDecoder()
        decoder.append(Array(stream.utf8))
        decoder.finish()
        var progress = PullProgress()
        var second: Int64 = 0
        while let message = try decoder.next() {
            progress.apply(message, at: .seconds(second))
            second += 1
        }
        return progress
    }

    @Test func timeLeftTooLongForADurationIsNoEstimate() {
        // Twenty layers of Int64.max bytes at one byte a second used to trap making the Duration.
        var progress = PullProgress()
        for layer in 0..<20 {
            progress.apply(PullProgressTests.layer("l\(layer)", "Downloading", 0, .max), at: .zero)
        }
        progress.apply(PullProgressTests.layer("l0", "Downloading", 1, .max), at: .seconds(1))
        #expect(progress.bytesPerSecond(now: .seconds(1)) == 1)
        #expect(progress.estimatedTimeRemaining(now: .seconds(1)) == nil)

        var small = PullProgress()
        small.apply(PullProgressTests.layer("a", "Downloading", 0, 1_000), at: .zero)
        small.apply(PullProgressTests.layer("a", "Downloading", 100, 1_000), at: .seconds(1))
        #expect(small.estimatedTimeRemaining(now: .seconds(1)) == .seconds(9))
    }
}
