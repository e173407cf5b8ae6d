/// The request headers of an HTTP probe, built with kubelet rules.
///
/// - `User-Agent: kube-probe/1.29` and `Accept: */*` are sent unless the spec names those headers;
///   a spec header with an empty value removes the default instead of sending an empty header.
/// - Spec headers follow in spec order.
/// - A `Host` header does not go into the list: it becomes the request's host (``hostOverride``).
/// - `Connection: close` is added (the kubelet does not reuse probe connections).
struct HTTPProbeHeaders: Sendable, Equatable {
    /// Header lines to send, in order (without `Host`).
    var fields: [ProbeHTTPHeader]
    /// The `Host` to send instead of the URL's host, if the spec set one.
    var hostOverride: String?

    /// Builds the headers for `spec` with the given default user agent.
    init(spec: [ProbeHTTPHeader], userAgent: String) {
        func named(_ name: String) -> [ProbeHTTPHeader] {
            spec.filter { $0.name.caseInsensitiveEquals(name) }
        }
        var fields: [ProbeHTTPHeader] = []
        if named("User-Agent").isEmpty { fields.append(ProbeHTTPHeader("User-Agent", userAgent)) }
        if named("Accept").isEmpty { fields.append(ProbeHTTPHeader("Accept", "*/*")) }
        for header in spec {
            if header.name.caseInsensitiveEquals("Host") { continue }
            let isDefault = header.name.caseInsensitiveEquals("User-Agent")
                || header.name.caseInsensitiveEquals("Accept")
            if isDefault && header.value.isEmpty { continue }
            fields.append(header)
        }
        if named("Connection").isEmpty { fields.append(ProbeHTTPHeader("Connection", "close")) }
        self.fields = fields
        self.hostOverride = named("Host").first { !$0.value.isEmpty }?.value
    }
}

extension String {
    func caseInsensitiveEquals(_ other: String) -> Bool {
        lowercased() == other.lowercased()
    }
}
