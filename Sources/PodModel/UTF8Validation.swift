/// Checks raw bytes before they are treated as text.
enum UTF8Validation {
    /// Whether `bytes` is well-formed UTF-8 with no NUL byte.
    static func isTextWithoutNUL(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var position = 0
        let count = bytes.count
        guard let base = UnsafeRawPointer(bytes.baseAddress) else { return true }
        while position < count {
            // Eight ASCII bytes at a time: no high bit set and no zero byte.
            while position + 8 <= count {
                let word = base.loadUnaligned(fromByteOffset: position, as: UInt64.self)
                let highBits: UInt64 = 0x8080_8080_8080_8080
                let hasZeroByte = (word &- 0x0101_0101_0101_0101) & ~word & highBits
                guard word & highBits == 0, hasZeroByte == 0 else { break }
                position += 8
            }
            guard position < count else { break }
            let lead = bytes[position]
            if lead < 0x80 {
                if lead == 0 { return false }
                position += 1
                continue
            }
            guard let length = sequenceLength(bytes, at: position) else { return false }
            position += length
        }
        return true
    }

    /// The length of the well-formed UTF-8 sequence starting with the non-ASCII byte at
    /// `position`, or nil when it is not one (overlong, surrogate, past U+10FFFF, truncated).
    static func sequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int) -> Int? {
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        let length: Int
        switch bytes[position] {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return nil
        }
        guard position + length <= bytes.count else { return nil }
        let second = bytes[position + 1]
        guard second >= low, second <= high else { return nil }
        for offset in 2..<length where bytes[position + offset] & 0xC0 != 0x80 { return nil }
        return length
    }
}
