import Probes
import ProbeTargets
import TestSupport
import Testing

@Suite struct HTTPProberTests {
    @Test(arguments: [
        (200, ProbeOutcome.success), (204, .success), (301, .warning), (399, .warning),
        (400, .failure), (404, .failure), (500, .failure), (503, .failure),
    ])
    func statusCodesDecideTheOutcome(status: Int, outcome: ProbeOutcome) async throws {
        try await withHTTPProber { prober in
            try await withProbeTarget { server in
                let result = await prober.probe(httpGet(server.port, "/status/\(status)"), timeout: .seconds(20))
                #expect(result.outcome == outcome, "\(result.message)")
                if outcome == .failure {
                    #expect(result.message == "HTTP probe failed with statuscode: \(status)")
                }
                if outcome == .warning {
                    #expect(result.message.hasPrefix("probe terminated redirects"))
                }
                #expect(result.latency > .zero)
            }
        }
    }

    @Test func successKeepsTheBodyAsOutput() async throws {
        try await withHTTPProber { prober in
            try await withProbeTarget { server in
                let result = await prober.probe(httpGet(server.port, "/healthz"), timeout: .seconds(20))
                #expect(result.outcome == .success)
                #expect(result.output == "ok\n")
                #expect(result.message == "HTTP 200")
            }
        }
    }

    @Test func followsARelativeRedirectOnTheSameHost() async throws {
        try await withHTTPProber { prober in
            try await withProbeTarget { server in
                let result = await prober.probe(httpGet(server.port, "/redirect?to=/status/204"), timeout: .seconds(20))
                #expect(result.outcome == .success, "\(result.message)")
                #expect(result.message == "HTTP 204")
                #expect(server.requestCount(path: "/status/204") == 1)
            }
        }
    }

    @Test func followsARedirectToAnotherPortOfTheSameHost() async throws {
        try await withHTTPProber { prober in
            try await withProbeTarget { first in
                try await withProbeTarget(profile: .failing) { second in
                    let target = "http://127.0.0.1:\(second.port)/healthz"
                    let result = await prober.probe(httpGet(first.port, "/redirect?to=\(target)"), timeout: .seconds(20))
                    #expect(result.outcome == .failure)
                    #expect(result.message == "HTTP probe failed with statuscode: 503")
                    #expect(second.requestCount(path: "/healthz") == 1)
                }
            }
        }
    }

    @Test func doesNotFollowARedirectToAnotherHost() async throws {
        try await withHTTPProber { prober in
            try await withProbeTarget { server in
                let target = "http://localhost:\(server.port)/fail"
                let result = await prober.probe(httpGet(server.port, "/redirect?to=\(target)&code=301"), timeout: .seconds(20))
                #expect(result.outcome == .warning)
                #expect(result.message.hasPrefix("probe terminated redirects"))
                #expect(result.message.contains("localhost"))
                #expect(result.output == "redirecting\n")
                #expect(server.requestCount(path: "/fail") == 0)
            }
        }
    }

    @Test func aRedirectLoopFailsAfterTenRedirects() async throws {
        try await withHTTPProber { prober in
            try await withProbeTarget { server in
                let result = await prober.probe(httpGet(server.port, "/loop"), timeout: .seconds(10))
                #expect(result.outcome == .failure)
                #expect(result.message.hasSuffix("stopped after 10 redirects"), "\(result.message)")
                #expect(server.requestCount(path: "/loop") == HTTPProber.maxRedirects + 1)
            }
        }
    }

    @Test func tenRedirectsAreFollowedAndTheEleventhIsNot() async throws {
        try await withHTTPProber { prober in
            try await withProbeTarget { server in
                let ten = await prober.probe(httpGet(server.port, "/chain/10"), timeout: .seconds(10))
                #expect(ten.outcome == .success, "\(ten.message)")
                let eleven = await prober.probe(httpGet(server.port, "/chain/11"), timeout: .seconds(10))
                #expect(eleven.outcome == .failure)
                #expect(eleven.message.hasSuffix("stopped after 10 redirects"))
                #expect(server.requestCount(path: "/chain/0") == 1)
            }
        }
    }

    @Test func aFinalRedirectStatusWithoutFollowIsAWarning() async throws {
        try await withHTTPProber { prober in
            try await withProbeTarget { server in
                // 300 is not one of the statuses a client follows, even with a Location.
                let result = await prober.probe(httpGet(server.port, "/redirect?to=/healthz&code=300"), timeout: .seconds(20))
                #expect(result.outcome == .warning)
                #expect(result.message == "probe terminated redirects (HTTP 300)")
                #expect(server.requestCount(path: "/healthz") == 0)
            }
        }
    }

    @Test func sendsKubeletDefaultHeaders() async throws {
        try await withHTTPProber { prober in
            try await withProbeTarget { server in
                let result = await prober.probe(httpGet(server.port, "/headers"), timeout: .seconds(20))
                let lines = result.output.lowercased().split(separator: "\n").map(String.init)
                #expect(lines.contains("user-agent: kube-probe/1.29"))
                #expect(lines.contains("accept: */*"))
                #expect(lines.contains("host: 127.0.0.1:\(server.port)"))
                #expect(lines.contains("connection: close"))
            }
        }
    }

    @Test func addsCustomHeadersInOrderAndOverridesDefaults() async throws {
        try await withHTTPProber { prober in
            try await withProbeTarget { server in
                let headers = [
                    ProbeHTTPHeader("X-Second", "2"), ProbeHTTPHeader("X-First", "1"),
                    ProbeHTTPHeader("User-Agent", "custom-agent"), ProbeHTTPHeader("Host", "example.test"),
                ]
                let result = await prober.probe(httpGet(server.port, "/headers", headers: headers), timeout: .seconds(20))
                let lines = result.output.lowercased().split(separator: "\n").map(String.init)
                let second = try #require(lines.firstIndex(of: "x-second: 2"))
                let first = try #require(lines.firstIndex(of: "x-first: 1"))
                #expect(second < first)
                #expect(lines.contains("user-agent: custom-agent"))
                #expect(!lines.contains("user-agent: kube-probe/1.29"))
                #expect(lines.contains("host: example.test"))
                #expect(lines.filter { $0.hasPrefix("host:") }.count == 1)
            }
        }
    }

    @Test func anEmptyValueRemovesADefaultHeader() async throws {
        try await withHTTPProber { prober in
            try await withProbeTarget { server in
                let headers = [ProbeHTTPHeader("User-Agent", ""), ProbeHTTPHeader("Accept", "")]
                let result = await prober.probe(httpGet(server.port, "/headers", headers: headers), timeout: .seconds(20))
                #expect(result.outcome == .success)
                let lines = result.output.lowercased().split(separator: "\n").map(String.init)
                #expect(!lines.contains { $0.hasPrefix("user-agent:") })
                #expect(!lines.contains { $0.hasPrefix("accept:") })
            }
        }
    }

    /// Headers come from pod specs in etcd: one that would change the request's framing is
    /// refused before any connection is made.
    @Test(arguments: [ProbeHTTPHeader("X-Evil", "1\r\nX-Injected: yes"), ProbeHTTPHeader("Bad Name", "1"),
                      ProbeHTTPHeader("X-Nul", "a\u{0}b")])
    func aHeaderThatMayNotBeSentFailsWithoutARequest(header: ProbeHTTPHeader) async throws {
        try await withHTTPProber { prober in
            try await withProbeTarget { server in
                let result = await prober.probe(httpGet(server.port, "/headers", headers: [header]), timeout: .seconds(20))
                #expect(result.outcome == .failure)
                #expect(result.message == "Get \"http://127.0.0.1:\(server.port)/headers\": the header "
                        + "\(String(reflecting: header.name)) cannot be sent (HTTP forbids a line break, NUL or, in names, "
                        + "spaces and separators)")
                #expect(server.requestCount(path: "/headers") == 0)
            }
        }
    }

    @Test func theBodyIsCappedAtTenKiB() async throws {
        try await withHTTPProber { prober in
            try await withProbeTarget { server in
                let result = await prober.probe(httpGet(server.port, "/big?bytes=1000000"), timeout: .seconds(10))
                #expect(result.outcome == .success)
                #expect(result.output.utf8.count == ProbeResult.maxOutputBytes)
                #expect(result.output.hasPrefix("0123456789abcdef"))
            }
        }
    }

    @Test func aResponseSlowerThanTheTimeoutFails() async throws {
        try await withHTTPProber { prober in
            try await withProbeTarget { server in
                let result = await prober.probe(httpGet(server.port, "/slow?ms=20000"), timeout: .seconds(1))
                #expect(result.outcome == .failure)
                #expect(result.message.hasSuffix("timeout after 1s"), "\(result.message)")
                // A deadline, not a timing assertion: the run must not wait for the 20s answer.
                #expect(result.latency < .seconds(10))
            }
        }
    }

    @Test func aHangingTargetFailsWithinTheTimeout() async throws {
        try await withHTTPProber { prober in
            try await withProbeTarget { server in
                let result = await prober.probe(httpGet(server.port, "/hang"), timeout: .milliseconds(500))
                #expect(result.outcome == .failure)
                #expect(result.message == "Get \"http://127.0.0.1:\(server.port)/hang\": timeout after 500ms")
                #expect(result.latency < .seconds(10))
            }
        }
    }

    @Test func aDroppedConnectionFails() async throws {
        try await withHTTPProber { prober in
            try await withProbeTarget { server in
                let result = await prober.probe(httpGet(server.port, "/drop"), timeout: .seconds(20))
                #expect(result.outcome == .failure)
                #expect(result.message.hasSuffix("connection closed before a response"), "\(result.message)")
            }
        }
    }

    @Test func aResetConnectionFails() async throws {
        try await withHTTPProber { prober in
            try await withProbeTarget { server in
                let result = await prober.probe(httpGet(server.port, "/reset"), timeout: .seconds(20))
                #expect(result.outcome == .failure)
                #expect(result.message.hasSuffix(": connection reset"),
                        "\(result.message)")
            }
        }
    }

    @Test func aClosedPortIsRefused() async throws {
        let port = try closedProbePort()
        try await withHTTPProber { prober in
            let result = await prober.probe(httpGet(port, "/healthz"), timeout: .seconds(20))
            #expect(result.outcome == .failure)
            #expect(result.message == "Get \"http://127.0.0.1:\(port)/healthz\": connection refused")
        }
    }

    @Test func aPathWithSpacesIsEscaped() async throws {
        try await withHTTPProber { prober in
            try await withProbeTarget { server in
                let result = await prober.probe(httpGet(server.port, "no such page?x=a b"), timeout: .seconds(20))
                #expect(result.message == "HTTP probe failed with statuscode: 404")
                #expect(server.requestCount(path: "/no%20such%20page") == 1)
            }
        }
    }

    @Test func httpsSkipsCertificateVerification() async throws {
        let target = try await ProbeTLSTarget.start(expired: true)
        defer { target.stop() }
        try await withHTTPProber { prober in
            let probe = HTTPGetProbe(scheme: .https, host: "127.0.0.1", port: target.port, path: "/")
            let result = await prober.probe(.httpGet(probe), timeout: .seconds(10))
            #expect(result.outcome == .success, "\(result.message)")
            #expect(result.message == "HTTP 200")
        }
    }

    @Test func otherHandlersAreUnknown() async throws {
        try await withHTTPProber { prober in
            let result = await prober.probe(.tcp(host: "127.0.0.1", port: 1), timeout: .seconds(1))
            #expect(result.outcome == .unknown)
            #expect(result.message == "unsupported probe handler: tcpSocket")
        }
    }
}
