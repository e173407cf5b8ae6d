#if FUZZING
import CLibFuzzer
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Hands a fuzz target to libFuzzer (builds with `-DFUZZING -sanitize=fuzzer` only).
public enum FuzzDriver {
    /// Runs libFuzzer with the process's arguments (its options, corpus directories) and
    /// `callback` as the test of one input; exits with libFuzzer's status.
    public static func run(_ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Never {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, callback))
    }
}
#endif
