// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "poddeck",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "poddeck", targets: ["poddeck"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/grpc/grpc-swift-2.git", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport.git", from: "2.9.2"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        // Lossless pod documents, validation, merge. Foundation + collections + YAML only.
        .target(
            name: "PodModel",
            dependencies: [
                .product(name: "Collections", package: "swift-collections"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),
        // What text does on a terminal: sanitising untrusted strings, display widths. No dependencies.
        .target(name: "TerminalText", swiftSettings: strict),
        // Cells, styles, buffers, diffs, layout, widgets, input events, backends.
        .target(name: "Screen", dependencies: ["TerminalText"], swiftSettings: strict),
        // The C shim over ncursesw (wide-character ncurses).
        .systemLibrary(name: "CNCurses", path: "Sources/CNCurses"),
        // The only module that talks to ncurses: a TerminalBackend that flushes buffer diffs.
        .target(name: "Curses", dependencies: ["Screen", "CNCurses"], swiftSettings: strict),
        // Generated etcd v3 API (scripts/generate-etcd-api.sh). Never edited by hand.
        .target(
            name: "EtcdAPI",
            dependencies: [
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // Generated Kubernetes core/v1 + apimachinery protos and their descriptor set
        // (scripts/generate-kube-api.sh from PyPI k8s-proto). Never edited by hand.
        .target(
            name: "KubeAPI",
            dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // Kubernetes storage codec: detects JSON / protobuf envelope / encrypted values, decodes
        // protobuf objects to the apiserver's JSON form and encodes JSON back losslessly.
        .target(
            name: "KubeStorage",
            dependencies: [
                "KubeAPI", "PodModel", "WireFormat",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Collections", package: "swift-collections"),
            ],
            swiftSettings: strict
        ),
        // Protobuf wire format read field by field (Kubernetes storage, etcd Range responses).
        .target(name: "WireFormat", swiftSettings: strict),
        // etcd client: endpoints, failover, retries, deadlines, TLS, auth, paging, watch, txn.
        .target(
            name: "Etcd",
            dependencies: [
                "EtcdAPI", "WireFormat",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict
        ),
        // Docker Engine API client: hosts, version negotiation, pulls with progress, exec, registry auth.
        .target(
            name: "Docker",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Liveness/readiness/startup probers (HTTP, TCP, exec through a seam) and their scheduler.
        .target(
            name: "Probes",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict
        ),
        // Small HTTP/TCP servers that answer probes (healthy, failing, slow, redirects...), used by
        // the sandbox, the tests and the benchmarks.
        .target(
            name: "ProbeTargets",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // The operations every front end uses, no UI: the store, edits, bulk changes, history, pod
        // sync, probe planning, pulls, container access, seeding, settings.
        .target(
            name: "Ops",
            dependencies: [
                "PodModel", "KubeStorage", "Etcd", "Docker", "Probes", "TerminalText",
                .product(name: "Collections", package: "swift-collections"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),
        // The headless commands: each runner maps an Ops outcome to text and an exit status.
        .target(
            name: "CLI",
            dependencies: [
                "Ops", "PodModel", "KubeStorage", "Etcd", "Docker", "Probes", "TerminalText",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The dashboard: state, update, effects, views, themes, the runtime. Never imports Curses:
        // the executable hands it a terminal host.
        .target(
            name: "Deck",
            dependencies: [
                "Ops", "PodModel", "Etcd", "Docker", "Screen", "TerminalText", "Probes",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),
        // Wiring only: argument parsing, settings, the terminal backend (curses).
        .executableTarget(
            name: "poddeck",
            dependencies: [
                "Deck", "CLI", "Ops", "Curses", "Screen", "KubeStorage", "ProbeTargets",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // In-process benchmarks (`make bench`): frame render, filter, sync merge, pull decoding, probes.
        .executableTarget(
            name: "poddeck-bench",
            dependencies: ["Deck", "Ops", "PodModel", "KubeStorage", "Screen", "Docker", "Probes", "ProbeTargets", "Etcd"],
            swiftSettings: strict
        ),
        // Fuzz targets (`make fuzz`, scripts/fuzz). Built with `-DFUZZING -sanitize=fuzzer` each is a
        // libFuzzer binary; in a normal build each replays saved inputs given as arguments.
        .target(name: "CLibFuzzer"),
        .target(name: "FuzzSupport", dependencies: ["CLibFuzzer"], swiftSettings: strict),
        .executableTarget(name: "FuzzImageReference", dependencies: ["FuzzSupport", "PodModel"], swiftSettings: strict),
        .executableTarget(name: "FuzzPodJSON", dependencies: ["FuzzSupport", "PodModel"], swiftSettings: strict),
        .executableTarget(name: "FuzzDocumentReader", dependencies: ["FuzzSupport", "PodModel"], swiftSettings: strict),
        .executableTarget(name: "FuzzPullStream", dependencies: ["FuzzSupport", "Docker"], swiftSettings: strict),
        .executableTarget(name: "FuzzKubeProtobuf", dependencies: ["FuzzSupport", "KubeStorage", "PodModel"], swiftSettings: strict),
        .executableTarget(name: "FuzzTheme", dependencies: ["FuzzSupport", "Deck"], swiftSettings: strict),
        // Test support: real servers (etcd, dockerd, registry, tmux) on loopback, by PID.
        .target(
            name: "TestSupport",
            dependencies: [
                "ProbeTargets",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // A real etcd with a pod store on it, for the tests of Ops and the front ends.
        .target(name: "OpsTestSupport", dependencies: ["Ops", "PodModel", "KubeStorage", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "PodModelTests", dependencies: ["PodModel"], swiftSettings: strict),
        .testTarget(name: "KubeStorageTests", dependencies: ["KubeStorage", "KubeAPI", "PodModel", "TestSupport", .product(name: "SwiftProtobuf", package: "swift-protobuf")], swiftSettings: strict),
        .testTarget(name: "TerminalTextTests", dependencies: ["TerminalText"], swiftSettings: strict),
        .testTarget(name: "ScreenTests", dependencies: ["Screen"], swiftSettings: strict),
        .testTarget(
            name: "EtcdTests",
            dependencies: ["Etcd", "EtcdAPI", "TestSupport", .product(name: "GRPCCore", package: "grpc-swift-2"),
                           .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            swiftSettings: strict
        ),
        .testTarget(name: "DockerTests", dependencies: ["Docker", "TestSupport", .product(name: "NIOCore", package: "swift-nio")], swiftSettings: strict),
        .testTarget(name: "ProbesTests", dependencies: ["Probes", "ProbeTargets", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "OpsTests", dependencies: ["Ops", "OpsTestSupport", "PodModel", "KubeStorage", "Etcd", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "CLITests", dependencies: ["CLI", "Ops", "OpsTestSupport", "TerminalText", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "DeckTests", dependencies: ["Deck", "Ops", "OpsTestSupport", "Screen", "TerminalText", "TestSupport"], exclude: ["__Snapshots__"], swiftSettings: strict),
        .testTarget(name: "CommandTests", dependencies: ["TestSupport"], swiftSettings: strict),
        // Reliability and security drills against the real binary and real servers (`make drills`).
        .testTarget(name: "DrillTests", dependencies: ["TestSupport"], swiftSettings: strict),
    ]
)
