import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// RFC 3339 timestamps as Kubernetes writes them (UTC, seconds).
public enum RFC3339Text {
    /// `2026-11-23T14:00:00Z` (UTC, whole seconds; no formatter object is created).
    public static func format(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}
