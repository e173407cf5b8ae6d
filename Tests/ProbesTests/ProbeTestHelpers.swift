import Probes

/// Runs `body` with a fresh `HTTPProber` and shuts it down afterwards, also when `body` throws.
func withHTTPProber<T>(_ body: (HTTPProber) async throws -> T) async throws -> T {
    let prober = HTTPProber()
    do {
        let value = try await body(prober)
        await prober.shutdown()
        return value
    } catch {
        await prober.shutdown()
        throw error
    }
}

/// An `httpGet` handler for 127.0.0.1:`port` + `path`.
func httpGet(_ port: Int, _ path: String, host: String = "127.0.0.1", headers: [ProbeHTTPHeader] = []) -> ProbeHandler {
    .httpGet(HTTPGetProbe(host: host, port: port, path: path, headers: headers))
}
