/// Turns the buffer libFuzzer passes to `LLVMFuzzerTestOneInput` into bytes.
public enum FuzzInput {
    /// A copy of the `size` bytes at `data` (none when `data` is nil).
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
        guard let data, size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }
}
