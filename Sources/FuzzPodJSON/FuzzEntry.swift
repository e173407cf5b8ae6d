import FuzzSupport

/// `FuzzPodJSON`: with `-DFUZZING -sanitize=fuzzer` a libFuzzer binary over ``PodJSONFuzz/test(_:)``
/// (`FuzzPodJSON [libFuzzer options] CORPUS…`); otherwise it replays saved inputs
/// (`FuzzPodJSON FILE|DIRECTORY…`).
@main
enum FuzzPodJSONMain {
    static func main() {
        #if FUZZING
        FuzzDriver.run { data, size in
            PodJSONFuzz.test(FuzzInput.bytes(data, size))
            return 0
        }
        #else
        FuzzReplay.main(name: "FuzzPodJSON", PodJSONFuzz.test)
        #endif
    }
}
