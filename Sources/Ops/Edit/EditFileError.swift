import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A problem with an edit file.
public struct EditFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The path involved.
    public var path: String
    /// What was attempted (`create`, `read`, `write`...).
    public var action: String
    /// Why it failed.
    public var detail: String

    /// Creates an error from an errno value.
    public init(path: String, action: String, errno code: Int32) {
        self.init(path: path, action: action, detail: String(cString: strerror(code)))
    }

    /// Creates an error with a reason.
    public init(path: String, action: String, detail: String) {
        self.path = path
        self.action = action
        self.detail = detail
    }

    /// `cannot write /path: No space left on device`.
    public var description: String { "cannot \(action) \(path): \(detail)" }
}
