#if canImport(Glibc)
import Glibc
#endif

/// How the dashboard keeps its resident memory close to what it holds.
///
/// A listing of 100,000 pods is decoded on every core: glibc gives each thread its own malloc
/// arena, and the pages the documents used stay resident in those arenas after the rows are made.
/// Two arenas and a trim after each large listing give that memory back. (Swift's Glibc module
/// does not export `<malloc.h>`, so both functions are looked up by name.)
enum MemoryPolicy {
    /// glibc's `M_ARENA_MAX` parameter of `mallopt`.
    private static let arenaMaxParameter: Int32 = -8

    /// Caps glibc's malloc arenas at two (call before threads start allocating).
    static func limitArenas() {
        #if canImport(Glibc)
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        if let symbol = dlsym(dlopen(nil, RTLD_NOW), "mallopt") {
            _ = unsafeBitCast(symbol, to: Mallopt.self)(arenaMaxParameter, 2)
        }
        #endif
    }

    /// Returns freed heap pages to the system (after a large listing is decoded).
    static func trim() {
        #if canImport(Glibc)
        typealias MallocTrim = @convention(c) (Int) -> Int32
        if let symbol = dlsym(dlopen(nil, RTLD_NOW), "malloc_trim") {
            _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        }
        #endif
    }
}
