/// Why a string is not a valid container image reference.
///
/// The reasons use the same wording as Docker's own reference parser, so a message shown to an
/// operator matches what `docker pull` would print for the same input.
public struct ImageReferenceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The human-readable reason, e.g. `invalid reference format`.
    public let reason: String

    /// The reason, exactly as Docker words it.
    public var description: String { reason }

    init(reason: String) {
        self.reason = reason
    }
}

extension ImageReferenceError {
    /// The text does not follow the reference grammar.
    static let invalidFormat = ImageReferenceError(reason: "invalid reference format")

    /// The text would be valid if it were lowercase.
    static let nameContainsUppercase = ImageReferenceError(
        reason: "repository name must be lowercase"
    )

    /// The repository name (domain and path) is longer than ``ImageReference/nameLengthLimit``.
    static let nameTooLong = ImageReferenceError(
        reason: "repository name must not be more than \(ImageReference.nameLengthLimit) characters"
    )

    /// The digest is not `algorithm:encoded` in a form the algorithm accepts.
    static let invalidDigestFormat = ImageReferenceError(reason: "invalid checksum digest format")

    /// The encoded part of the digest has the wrong length for its algorithm.
    static let invalidDigestLength = ImageReferenceError(reason: "invalid checksum digest length")

    /// The digest algorithm is well formed but not one of sha256, sha384 and sha512.
    static let unsupportedDigestAlgorithm = ImageReferenceError(
        reason: "unsupported digest algorithm"
    )

    /// The whole text is a 64-character hexadecimal string, which names an image ID, not a repository.
    static func hexadecimalIdentifier(_ text: String) -> ImageReferenceError {
        ImageReferenceError(
            reason: "invalid repository name (\(text)), cannot specify 64-byte hexadecimal strings"
        )
    }

    /// The repository path (before any tag) contains characters that change when lowercased.
    static func remoteNameNotLowercase(_ remoteName: String) -> ImageReferenceError {
        ImageReferenceError(
            reason: "invalid reference format: repository name (\(remoteName)) must be lowercase"
        )
    }
}
