import Foundation

/// The parts of a docker CLI config file (`config.json`) that hold registry credentials.
///
/// Reads the `auths` entries (`auth` = base64 `user:password`, or `username`/`password`, and
/// `identitytoken`). Credential helpers (`credsStore`, `credHelpers`) are not run: asking for a
/// registry whose credentials live in a helper throws
/// ``DockerError/credentialHelperUnsupported(registry:helper:)``. Printing a config never shows
/// the secrets.
public struct DockerConfigFile: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// One `auths` entry.
    struct Entry: Sendable {
        var key: String
        var auth: String?
        var username: String?
        var password: String?
        var identityToken: String?
    }

    /// Where the file was read from.
    public let path: String
    /// The default credential helper (`credsStore`), if any.
    public let credentialsStore: String?
    /// Per-registry credential helpers (`credHelpers`), keyed by normalized registry.
    public let credentialHelpers: [String: String]
    private let entries: [String: Entry]

    /// The registries with `auths` entries (normalized, sorted).
    public var registries: [String] { entries.keys.sorted() }

    /// The config file location: `$DOCKER_CONFIG/config.json`, else `$HOME/.docker/config.json`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let dir = environment["DOCKER_CONFIG"], !dir.isEmpty { return dir + "/config.json" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.docker/config.json"
    }

    /// Loads the config from ``defaultPath(environment:)``; nil when there is no such file.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws(DockerError) -> DockerConfigFile? {
        let path = defaultPath(environment: environment)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .invalidConfig(path: path, reason: "cannot read it: \(error.localizedDescription)")
        }
        return try DockerConfigFile(path: path, data: data)
    }

    /// Parses config JSON read from `path`.
    public init(path: String, data: Data) throws(DockerError) {
        self.path = path
        let root: [String: Any]
        do {
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw DockerError.invalidConfig(path: path, reason: "not a JSON object")
            }
            root = object
        } catch let error as DockerError {
            throw error
        } catch {
            throw .invalidConfig(path: path, reason: "not valid JSON")
        }
        credentialsStore = (root["credsStore"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        var helpers: [String: String] = [:]
        if let raw = root["credHelpers"] as? [String: Any] {
            for (key, value) in raw {
                if let helper = value as? String, !helper.isEmpty { helpers[RegistryAuth.normalizeRegistry(key)] = helper }
            }
        }
        credentialHelpers = helpers
        var entries: [String: Entry] = [:]
        if let auths = root["auths"] {
            guard let auths = auths as? [String: Any] else {
                throw .invalidConfig(path: path, reason: "\"auths\" is not an object")
            }
            // Sorted so that, when two keys name the same registry, the choice is stable.
            for key in auths.keys.sorted() {
                guard let value = auths[key] as? [String: Any] else {
                    throw .invalidConfig(path: path, reason: "auths[\"\(key)\"] is not an object")
                }
                let entry = Entry(key: key, auth: Self.string(value["auth"]), username: Self.string(value["username"]),
                                  password: Self.string(value["password"]), identityToken: Self.string(value["identitytoken"]))
                let registry = RegistryAuth.normalizeRegistry(key)
                if let existing = entries[registry], existing.hasCredentials, !entry.hasCredentials { continue }
                entries[registry] = entry
            }
        }
        self.entries = entries
    }

    /// Credentials for the registry of `fromImage` (see ``RegistryAuth/registryHost(ofImage:)``).
    public func auth(forImage fromImage: String) throws(DockerError) -> RegistryAuth? {
        try auth(forRegistry: RegistryAuth.registryHost(ofImage: fromImage))
    }

    /// Credentials for `registry` (any alias or URL form); nil when the config has none.
    public func auth(forRegistry registry: String) throws(DockerError) -> RegistryAuth? {
        let host = RegistryAuth.normalizeRegistry(registry)
        if let helper = credentialHelpers[host] {
            throw .credentialHelperUnsupported(registry: host, helper: helper)
        }
        guard let entry = entries[host] else { return nil }
        let serverAddress = host == RegistryAuth.dockerHub ? RegistryAuth.dockerHubServerAddress : host
        var username = entry.username ?? ""
        var password = entry.password ?? ""
        if let encoded = entry.auth {
            guard let data = Data(base64Encoded: encoded.trimmingCharacters(in: .whitespacesAndNewlines)),
                  let text = String(data: data, encoding: .utf8) else {
                throw .invalidConfig(path: path, reason: "auths[\"\(entry.key)\"].auth is not base64 of user:password")
            }
            guard let colon = text.firstIndex(of: ":") else {
                throw .invalidConfig(path: path, reason: "auths[\"\(entry.key)\"].auth does not decode to user:password")
            }
            username = String(text[..<colon])
            password = String(text[text.index(after: colon)...])
        }
        if !entry.hasCredentials {
            if let store = credentialsStore {
                throw .credentialHelperUnsupported(registry: host, helper: store)
            }
            return nil
        }
        return RegistryAuth(username: username, password: password, identityToken: entry.identityToken, serverAddress: serverAddress)
    }

    /// `DockerConfigFile(path: …, registries: […])` — never the secrets.
    public var description: String {
        "DockerConfigFile(path: \(path), registries: \(registries))"
    }

    /// Same as ``description``.
    public var debugDescription: String { description }

    /// A mirror without the secrets.
    public var customMirror: Mirror {
        Mirror(self, children: ["path": path, "registries": registries,
                                "credentialsStore": credentialsStore as Any,
                                "credentialHelpers": credentialHelpers], displayStyle: .struct)
    }

    private static func string(_ value: Any?) -> String? {
        guard let text = value as? String, !text.isEmpty else { return nil }
        return text
    }
}

extension DockerConfigFile.Entry {
    var hasCredentials: Bool {
        auth != nil || username != nil || password != nil || identityToken != nil
    }
}
