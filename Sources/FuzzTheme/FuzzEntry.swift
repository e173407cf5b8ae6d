import FuzzSupport

/// `FuzzTheme`: with `-DFUZZING -sanitize=fuzzer` a libFuzzer binary over ``ThemeFuzz/test(_:)``
/// (`FuzzTheme [libFuzzer options] CORPUS…`); otherwise it replays saved inputs
/// (`FuzzTheme FILE|DIRECTORY…`).
@main
enum FuzzThemeMain {
    static func main() {
        #if FUZZING
        FuzzDriver.run { data, size in
            ThemeFuzz.test(FuzzInput.bytes(data, size))
            return 0
        }
        #else
        FuzzReplay.main(name: "FuzzTheme", ThemeFuzz.test)
        #endif
    }
}
