/// The daemon's answer to `GET /version`.
public struct DockerVersion: Sendable, Equatable, Decodable {
    /// The engine release, e.g. `20.10.24`.
    public var version: String
    /// The newest API version the daemon speaks, e.g. `1.41`.
    public var apiVersion: String
    /// The oldest API version the daemon accepts.
    public var minAPIVersion: String?
    /// The daemon's operating system, e.g. `linux`.
    public var os: String?
    /// The daemon's CPU architecture, e.g. `amd64`.
    public var arch: String?
    /// The kernel the daemon runs on.
    public var kernelVersion: String?

    /// Creates a version record.
    public init(version: String, apiVersion: String, minAPIVersion: String? = nil, os: String? = nil,
                arch: String? = nil, kernelVersion: String? = nil) {
        self.version = version
        self.apiVersion = apiVersion
        self.minAPIVersion = minAPIVersion
        self.os = os
        self.arch = arch
        self.kernelVersion = kernelVersion
    }

    enum CodingKeys: String, CodingKey {
        case version = "Version", apiVersion = "ApiVersion", minAPIVersion = "MinAPIVersion"
        case os = "Os", arch = "Arch", kernelVersion = "KernelVersion"
    }
}
