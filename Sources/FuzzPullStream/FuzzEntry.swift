import FuzzSupport

/// `FuzzPullStream`: with `-DFUZZING -sanitize=fuzzer` a libFuzzer binary over ``PullStreamFuzz/test(_:)``
/// (`FuzzPullStream [libFuzzer options] CORPUS…`); otherwise it replays saved inputs
/// (`FuzzPullStream FILE|DIRECTORY…`).
@main
enum FuzzPullStreamMain {
    static func main() {
        #if FUZZING
        FuzzDriver.run { data, size in
            PullStreamFuzz.test(FuzzInput.bytes(data, size))
            return 0
        }
        #else
        FuzzReplay.main(name: "FuzzPullStream", PullStreamFuzz.test)
        #endif
    }
}
