import Foundation
import Testing
import TestSupport

/// `get pods -l` with Kubernetes' selector grammar, against a real etcd.
@Suite("poddeck get -l: label selectors", .serialized)
struct LabelSelectorCommandTests {
    static func pod(_ namespace: String, _ name: String, app: String) -> String {
        #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"\#(name)","namespace":"\#(namespace)","labels":{"app":"\#(app)"}},"spec":{"containers":[{"name":"c","image":"nginx:1.25"}]},"status":{"phase":"Running"}}"#
    }

    @Test func setSelectorsListTheMatchingPodsAndBadOnesExitTwo() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        for (ns, name, app) in [("shop", "api-1", "api"), ("search", "api-2", "api"), ("shop", "web-1", "web"), ("search", "db-1", "db")] {
            try await etcd.put("/registry/pods/\(ns)/\(name)", Self.pod(ns, name, app: app))
        }
        let table = try await poddeck(etcd, ["get", "pods", "-A", "-l", "app in (api)"])
        #expect(table.status == 0, "\(table.stderr)")
        let rows = table.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: " ").prefix(2).joined(separator: "/") }
        #expect(rows.sorted() == ["search/api-2", "shop/api-1"], "\(table.stdout)")

        let notIn = try await poddeck(etcd, ["get", "pods", "-A", "-l", "app notin (api, web)", "-o", "name"])
        #expect(notIn.status == 0, "\(notIn.stderr)")
        #expect(notIn.stdout == "search/db-1\n")
        let mixed = try await poddeck(etcd, ["get", "pods", "-n", "shop", "-l", "app in (api,web),app!=web", "-o", "name"])
        #expect(mixed.stdout == "shop/api-1\n", "\(mixed.stderr)")

        let bad = try await poddeck(etcd, ["get", "pods", "-A", "-l", "a=b=c"])
        #expect(bad.status == 2)
        #expect(bad.stdout.isEmpty)
        #expect(bad.stderr.contains(#"label selector "a=b=c": unexpected '=' at column 4"#), "\(bad.stderr)")
        #expect(!bad.stderr.contains("No pods found"))
    }
}
