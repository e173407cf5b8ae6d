import Foundation

/// Credentials for one registry, sent to the daemon as the `X-Registry-Auth` header of a pull.
///
/// Its `description`, `debugDescription` and reflection (`dump`) redact the password and the
/// identity token, so printing or logging it never leaks them.
public struct RegistryAuth: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The registry user name.
    public var username: String
    /// The password (or access token used as a password).
    public var password: String
    /// An OAuth identity token, used instead of the password when present.
    public var identityToken: String?
    /// The registry the credentials are for, as the daemon expects it (`https://index.docker.io/v1/`
    /// for Docker Hub, else `host[:port]`).
    public var serverAddress: String

    /// Creates credentials.
    public init(username: String, password: String, identityToken: String? = nil, serverAddress: String) {
        self.username = username
        self.password = password
        self.identityToken = identityToken
        self.serverAddress = serverAddress
    }

    /// The `X-Registry-Auth` value: base64url (padded) of
    /// `{"username","password","serveraddress"}` (plus `identitytoken` when set).
    public var headerValue: String {
        var object: [String: String] = ["username": username, "password": password, "serveraddress": serverAddress]
        if let identityToken { object["identitytoken"] = identityToken }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
    }

    /// Credentials for the registry of `fromImage` from the docker config
    /// (`$DOCKER_CONFIG/config.json`, default `~/.docker/config.json`); nil when the file or an
    /// entry for that registry is absent.
    ///
    /// - Throws: ``DockerError/invalidConfig(path:reason:)`` for an unreadable or malformed file,
    ///   ``DockerError/credentialHelperUnsupported(registry:helper:)`` when the config keeps the
    ///   registry's credentials in a helper.
    public static func fromDockerConfig(forImage fromImage: String,
                                        environment: [String: String] = ProcessInfo.processInfo.environment) throws(DockerError) -> RegistryAuth? {
        guard let config = try DockerConfigFile.load(environment: environment) else { return nil }
        return try config.auth(forImage: fromImage)
    }

    /// The registry host of an image name as the daemon resolves it: the first path component
    /// when it looks like a host (has a `.` or `:`, or is `localhost`), else `docker.io`.
    public static func registryHost(ofImage fromImage: String) -> String {
        guard let slash = fromImage.firstIndex(of: "/") else { return dockerHub }
        let first = fromImage[..<slash]
        if first.contains(".") || first.contains(":") || first == "localhost" {
            return normalizeRegistry(String(first))
        }
        return dockerHub
    }

    /// Docker Hub's canonical registry name.
    public static let dockerHub = "docker.io"
    /// The server address the daemon expects in Docker Hub credentials.
    public static let dockerHubServerAddress = "https://index.docker.io/v1/"

    /// Reduces a config key or host to a comparable registry name: no scheme, no path,
    /// lower case, Docker Hub aliases mapped to `docker.io`.
    public static func normalizeRegistry(_ key: String) -> String {
        var text = Substring(key.trimmingCharacters(in: .whitespaces))
        for scheme in ["https://", "http://"] where text.lowercased().hasPrefix(scheme) {
            text = text.dropFirst(scheme.count)
        }
        if let slash = text.firstIndex(of: "/") { text = text[..<slash] }
        let host = text.lowercased()
        switch host {
        case "docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com":
            return dockerHub
        default:
            return host
        }
    }

    /// `RegistryAuth(username: …, password: <redacted>, serverAddress: …)`.
    public var description: String {
        "RegistryAuth(username: \(username), password: <redacted>\(identityToken == nil ? "" : ", identityToken: <redacted>"), serverAddress: \(serverAddress))"
    }

    /// Same as ``description``: secrets redacted.
    public var debugDescription: String { description }

    /// A mirror without the secrets.
    public var customMirror: Mirror {
        Mirror(self, children: ["username": username, "password": "<redacted>",
                                "identityToken": identityToken == nil ? "nil" : "<redacted>",
                                "serverAddress": serverAddress], displayStyle: .struct)
    }
}
