/// A Docker Engine API version such as `1.41`, ordered numerically.
public struct DockerAPIVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The major number (always 1 so far).
    public var major: Int
    /// The minor number.
    public var minor: Int

    /// The oldest API version this client speaks.
    public static let minimumSupported = DockerAPIVersion(major: 1, minor: 24)
    /// The newest API version this client speaks.
    public static let maximumSupported = DockerAPIVersion(major: 1, minor: 41)

    /// Creates a version from its numbers.
    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// Parses `major.minor`; nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let major = Int(parts[0]), let minor = Int(parts[1]), major >= 0, minor >= 0 else { return nil }
        self.init(major: major, minor: minor)
    }

    /// The version to use with a server that speaks `server`: the lower of it and
    /// ``maximumSupported``.
    ///
    /// - Throws: ``DockerError/unsupportedAPIVersion(server:minimum:)`` when the server is older
    ///   than ``minimumSupported``.
    public static func negotiate(server: DockerAPIVersion) throws(DockerError) -> DockerAPIVersion {
        guard server >= minimumSupported else {
            throw .unsupportedAPIVersion(server: server.description, minimum: minimumSupported.description)
        }
        return min(server, maximumSupported)
    }

    /// `major.minor`.
    public var description: String { "\(major).\(minor)" }

    /// Orders by major, then minor.
    public static func < (lhs: DockerAPIVersion, rhs: DockerAPIVersion) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }
}
