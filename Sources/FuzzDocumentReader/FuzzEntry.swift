import FuzzSupport

/// `FuzzDocumentReader`: with `-DFUZZING -sanitize=fuzzer` a libFuzzer binary over ``DocumentReaderFuzz/test(_:)``
/// (`FuzzDocumentReader [libFuzzer options] CORPUS…`); otherwise it replays saved inputs
/// (`FuzzDocumentReader FILE|DIRECTORY…`).
@main
enum FuzzDocumentReaderMain {
    static func main() {
        #if FUZZING
        FuzzDriver.run { data, size in
            DocumentReaderFuzz.test(FuzzInput.bytes(data, size))
            return 0
        }
        #else
        FuzzReplay.main(name: "FuzzDocumentReader", DocumentReaderFuzz.test)
        #endif
    }
}
