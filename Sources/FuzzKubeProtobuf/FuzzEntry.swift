import FuzzSupport

/// `FuzzKubeProtobuf`: with `-DFUZZING -sanitize=fuzzer` a libFuzzer binary over
/// ``KubeProtobufFuzz/test(_:)`` (`FuzzKubeProtobuf [libFuzzer options] CORPUS…`); otherwise it
/// replays saved inputs (`FuzzKubeProtobuf FILE|DIRECTORY…`).
@main
enum FuzzKubeProtobufMain {
    static func main() {
        #if FUZZING
        FuzzDriver.run { data, size in
            KubeProtobufFuzz.test(FuzzInput.bytes(data, size))
            return 0
        }
        #else
        FuzzReplay.main(name: "FuzzKubeProtobuf", KubeProtobufFuzz.test)
        #endif
    }
}
