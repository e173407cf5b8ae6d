/// A parsed, normalised container image reference (Docker's reference grammar).
///
/// Parsing follows Docker's `ParseNormalizedNamed`: a familiar name such as `nginx` becomes
/// `docker.io/library/nginx`, `index.docker.io` becomes `docker.io`, and a first path component
/// is a registry domain only when it contains `.` or `:`, is `localhost`, or has uppercase letters.
/// A tag and a digest may both be present; both are kept.
///
/// ```swift
/// let ref = try ImageReference.parse("nginx:1.25")
/// ref.name        // "docker.io/library/nginx"
/// ref.normalized  // "docker.io/library/nginx:1.25"
/// ref.familiar    // "nginx:1.25"
/// ```
public struct ImageReference: Sendable, Hashable, CustomStringConvertible {
    /// The registry domain, with its port if one was given: `docker.io`, `127.0.0.1:5000`,
    /// `[::1]:5000`, `localhost`.
    ///
    /// It is empty only in one corner of Docker's grammar: when the first component looks like a
    /// domain (it contains a `.`) but is not a valid host name, yet is a valid path component
    /// (`foo_bar.com/app`). Docker then treats the whole name as a path without a domain, and so
    /// does this type.
    public let domain: String

    /// The repository path within the registry: `library/nginx`, `demo/app`.
    public let path: String

    /// The tag that was written explicitly, or `nil` when there was none.
    public let tag: String?

    /// The digest that was written explicitly (`sha256:<64 hex>` and so on), or `nil`.
    public let digest: String?

    /// The fully qualified repository name: domain, `/`, path (`docker.io/library/nginx`).
    public var name: String {
        domain.isEmpty ? path : domain + "/" + path
    }

    /// The repository name as Docker shows it: without `docker.io/`, and without `library/` for
    /// official images (`nginx`, `user/app`, `127.0.0.1:5000/demo/app`).
    ///
    /// `docker.io/` stays when the path's first component would be read as a registry
    /// (`docker.io/foo.bar/app`: `foo.bar/app` would name an image on `foo.bar`), so the familiar
    /// name always names the same image.
    public var familiarName: String {
        guard domain == Self.defaultDomain else { return name }
        if path.hasPrefix(Self.officialRepositoryPrefix) {
            let remainder = path.dropFirst(Self.officialRepositoryPrefix.count)
            if !remainder.contains("/") {
                return String(remainder)
            }
        }
        let first = Array(path.utf8.prefix { $0 != Grammar.slash })
        if first.count < path.utf8.count, Self.looksLikeDomain(first[...]) {
            return name
        }
        return path
    }

    /// The tag a pull resolves: the explicit tag, else `latest` when there is no digest either.
    public var effectiveTag: String? {
        tag ?? (digest == nil ? Self.defaultTag : nil)
    }

    /// The fully qualified reference with its effective tag: `docker.io/library/nginx:latest`,
    /// or `name:tag@digest` when both are present.
    public var normalized: String {
        name + suffix
    }

    /// The shortest form that denotes the same image, with its effective tag: `nginx:latest`.
    public var familiar: String {
        familiarName + suffix
    }

    /// The normalised form; see ``normalized``.
    public var description: String {
        normalized
    }

    /// What to send to Docker's `POST /images/create`.
    ///
    /// `fromImage` is the fully qualified ``name``; `tag` is the digest when there is one (a digest
    /// pins the content, so it wins over a tag, as in Docker's own client), else the effective tag.
    public var pullParameters: (fromImage: String, tag: String) {
        (fromImage: name, tag: digest ?? effectiveTag ?? Self.defaultTag)
    }

    /// The `:tag` and `@digest` parts shared by ``normalized`` and ``familiar``.
    private var suffix: String {
        var text = ""
        if let effectiveTag {
            text += ":" + effectiveTag
        }
        if let digest {
            text += "@" + digest
        }
        return text
    }

    init(domain: String, path: String, tag: String?, digest: String?) {
        self.domain = domain
        self.path = path
        self.tag = tag
        self.digest = digest
    }
}

extension ImageReference {
    /// The longest repository name (domain, `/` and path, in bytes) that Docker accepts.
    public static let nameLengthLimit = 255

    /// The registry used when a reference names none.
    static let defaultDomain = "docker.io"

    /// The historical name of the default registry, rewritten to ``defaultDomain``.
    static let legacyDefaultDomain = "index.docker.io"

    /// The namespace of official images on the default registry.
    static let officialRepositoryPrefix = "library/"

    /// The tag pulled when a reference has neither tag nor digest.
    static let defaultTag = "latest"

    /// Parses and normalises an image reference, as `docker pull` does.
    ///
    /// - Parameter text: A reference such as `nginx`, `nginx:1.25`,
    ///   `registry.example.com:5000/team/app@sha256:…` or `app:1@sha256:…`.
    /// - Throws: ``ImageReferenceError`` with Docker's wording when `text` is not a valid
    ///   reference. Never traps, whatever the input.
    public static func parse(_ text: String) throws(ImageReferenceError) -> ImageReference {
        let bytes = Array(text.utf8)
        if Grammar.isIdentifier(bytes[...]) {
            throw .hexadecimalIdentifier(text)
        }

        let (domain, remainder) = splitDomain(bytes)
        let remoteName = remainder[..<(remainder.firstIndex(of: Grammar.colon) ?? remainder.endIndex)]
        if Grammar.changesWhenLowercased(remoteName) {
            throw .remoteNameNotLowercase(String(decoding: remoteName, as: UTF8.self))
        }

        var qualified = domain
        qualified.append(Grammar.slash)
        qualified.append(contentsOf: remainder)
        return try parseQualified(qualified)
    }

    /// Splits `bytes` into a registry domain and the rest, supplying `docker.io` and `library/`
    /// where a familiar name leaves them out.
    private static func splitDomain(_ bytes: [UInt8]) -> (domain: [UInt8], remainder: ArraySlice<UInt8>) {
        let defaultDomain = Array(Self.defaultDomain.utf8)
        guard let slash = bytes.firstIndex(of: Grammar.slash) else {
            // A single component is never a domain: `localhost:5000` is `localhost` tagged `5000`.
            return (defaultDomain, (Array(officialRepositoryPrefix.utf8) + bytes)[...])
        }
        let first = bytes[..<slash]
        let rest = bytes[(slash + 1)...]

        var domain: [UInt8]
        var remainder: ArraySlice<UInt8>
        if first.elementsEqual(legacyDefaultDomain.utf8) {
            (domain, remainder) = (defaultDomain, rest)
        } else if looksLikeDomain(first) {
            (domain, remainder) = (Array(first), rest)
        } else {
            (domain, remainder) = (defaultDomain, bytes[...])
        }

        if domain == defaultDomain && !remainder.contains(Grammar.slash) {
            remainder = (Array(officialRepositoryPrefix.utf8) + remainder)[...]
        }
        return (domain, remainder)
    }

    /// Whether Docker reads `first`, the component before the first `/`, as a registry domain:
    /// it is `localhost`, contains `.` or `:`, or has uppercase letters (repository paths are
    /// lowercase, so an uppercase first component must be a host).
    private static func looksLikeDomain(_ first: ArraySlice<UInt8>) -> Bool {
        first.elementsEqual("localhost".utf8) || first.contains(Grammar.dot) || first.contains(Grammar.colon)
            || Grammar.changesWhenLowercased(first)
    }

    /// Parses a reference whose domain has already been made explicit.
    private static func parseQualified(_ bytes: [UInt8]) throws(ImageReferenceError) -> ImageReference {
        guard let match = Grammar.matchReference(bytes) else {
            if Grammar.matchReference(Grammar.lowercasedForRetry(bytes)) != nil {
                throw .nameContainsUppercase
            }
            throw .invalidFormat
        }
        if match.name.count > nameLengthLimit {
            throw .nameTooLong
        }
        if let digest = match.digest {
            try Grammar.validateDigest(bytes[digest])
        }

        func text(_ range: Range<Int>?) -> String? {
            range.map { String(decoding: bytes[$0], as: UTF8.self) }
        }
        return ImageReference(
            domain: text(match.domain) ?? "",
            path: text(match.path) ?? "",
            tag: text(match.tag),
            digest: text(match.digest)
        )
    }
}
