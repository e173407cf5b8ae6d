/// What `GET /images/{name}/json` says about a local image.
public struct ImageInfo: Sendable, Equatable, Decodable {
    /// The image ID (`sha256:…` of its config).
    public var id: String
    /// Tags that name the image, e.g. `127.0.0.1:5000/demo/app:1`.
    public var repoTags: [String]
    /// Registry digests the image was pulled by, e.g. `demo/app@sha256:…`.
    public var repoDigests: [String]
    /// Size in bytes.
    public var size: Int64?
    /// CPU architecture.
    public var architecture: String?
    /// Operating system.
    public var os: String?
    /// Creation time as the daemon reports it (RFC 3339).
    public var created: String?

    /// Creates an image record.
    public init(id: String, repoTags: [String] = [], repoDigests: [String] = [], size: Int64? = nil,
                architecture: String? = nil, os: String? = nil, created: String? = nil) {
        self.id = id
        self.repoTags = repoTags
        self.repoDigests = repoDigests
        self.size = size
        self.architecture = architecture
        self.os = os
        self.created = created
    }

    enum CodingKeys: String, CodingKey {
        case id = "Id", repoTags = "RepoTags", repoDigests = "RepoDigests", size = "Size"
        case architecture = "Architecture", os = "Os", created = "Created"
    }

    /// Decodes the daemon's JSON; `RepoTags`/`RepoDigests` may be null.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        repoTags = try c.decodeIfPresent([String].self, forKey: .repoTags) ?? []
        repoDigests = try c.decodeIfPresent([String].self, forKey: .repoDigests) ?? []
        size = try c.decodeIfPresent(Int64.self, forKey: .size)
        architecture = try c.decodeIfPresent(String.self, forKey: .architecture)
        os = try c.decodeIfPresent(String.self, forKey: .os)
        created = try c.decodeIfPresent(String.self, forKey: .created)
    }
}
