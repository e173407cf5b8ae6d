import FuzzSupport

/// `FuzzImageReference`: with `-DFUZZING -sanitize=fuzzer` a libFuzzer binary over ``ImageReferenceFuzz/test(_:)``
/// (`FuzzImageReference [libFuzzer options] CORPUS…`); otherwise it replays saved inputs
/// (`FuzzImageReference FILE|DIRECTORY…`).
@main
enum FuzzImageReferenceMain {
    static func main() {
        #if FUZZING
        FuzzDriver.run { data, size in
            ImageReferenceFuzz.test(FuzzInput.bytes(data, size))
            return 0
        }
        #else
        FuzzReplay.main(name: "FuzzImageReference", ImageReferenceFuzz.test)
        #endif
    }
}
