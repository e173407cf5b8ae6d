extension DockerClient {
    /// What the daemon knows about container `id` (`GET /containers/{id}/json`); nil when it has
    /// no such container.
    ///
    /// The daemon also resolves names and unique id prefixes: callers that must act on exactly one
    /// container use the returned ``ContainerInfo/id`` from then on.
    public func containerInspect(_ id: String) async throws -> ContainerInfo? {
        guard !id.isEmpty else { throw DockerError.invalidArgument("container inspect needs a container ID") }
        return try await inspect(ContainerInfo.self, operation: "GET /containers/\(id)/json",
                                 path: "/containers/\(Self.encodePath(id))/json")
    }

    /// `GET path` decoded as `T`; nil when the daemon answers 404 (no such object).
    func inspect<T: Decodable>(_ type: T.Type, operation: String, path: String) async throws -> T? {
        let version = try await apiVersion()
        let request = makeRequest(.GET, path: path, version: version)
        let response = try await send(request, operation: operation, timeout: requestTimeout)
        if response.status == .notFound {
            _ = try? await collect(response, operation: operation, limit: 64 * 1024)
            return nil
        }
        guard response.status == .ok else { throw await apiError(response, operation: operation) }
        let body = try await collect(response, operation: operation, limit: 16 << 20)
        return try decode(T.self, from: body, operation: operation)
    }
}
