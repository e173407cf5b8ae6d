import Testing
@testable import PodModel

@Suite struct PodValidatorTests {
    static let subdomainMessage = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
    static let labelMessage = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
    static let namePartMessage = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
    static let labelValueMessage = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"

    static func errors(_ json: JSONValue) throws -> [String] {
        PodValidator.validate(try Pod(json: json)).map(\.description)
    }

    /// A minimal valid pod with `spec` members replaced or added.
    static func pod(spec extra: JSONValue = [:], container: JSONValue = [:], metadata: JSONValue = [:]) -> JSONValue {
        var containerValue: JSONValue = ["name": "app", "image": "busybox"]
        for (key, value) in container.objectValue ?? [:] { containerValue.set(value, at: [key]) }
        var pod: JSONValue = ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "p"], "spec": ["containers": [containerValue]]]
        for (key, value) in metadata.objectValue ?? [:] { pod.set(value, at: ["metadata", key]) }
        for (key, value) in extra.objectValue ?? [:] { pod.set(value, at: ["spec", key]) }
        return pod
    }

    @Test func descriptionsMatchKubernetes() {
        #expect(FieldError(type: .invalid, path: "spec.containers[1].ports[0].containerPort", value: "70000", detail: "must be between 1 and 65535, inclusive").description
            == "spec.containers[1].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive")
        #expect(FieldError(type: .required, path: "metadata.name", detail: "name is required").description == "metadata.name: Required value: name is required")
        #expect(FieldError(type: .duplicate, path: "spec.containers[1].name", value: "\"web\"").description == "spec.containers[1].name: Duplicate value: \"web\"")
        #expect(FieldError(type: .tooLong, path: "metadata.annotations", value: "\"x\"", detail: "must have at most 262144 bytes").description
            == "metadata.annotations: Too long: must have at most 262144 bytes")
        #expect(FieldError.render("tab\there \"q\" \u{E9}") == "\"tab\\there \\\"q\\\" \u{E9}\"")
        #expect(FieldError.render(.number("1.5")) == "1.5")
        #expect(FieldError.render(["a": 1]) == "{\"a\":1}")
    }

    @Test func validPodsHaveNoErrors() throws {
        #expect(PodValidator.validate(try Fixtures.pod(Fixtures.canonicalPod)) == [])
        #expect(try Self.errors(Self.pod()) == [])
        #expect(try Self.errors(Self.pod(
            spec: ["restartPolicy": "OnFailure", "dnsPolicy": "None", "volumes": [["name": "data", "emptyDir": [:]]],
                   "initContainers": [["name": "sidecar", "image": "envoy", "restartPolicy": "Always", "readinessProbe": ["tcpSocket": ["port": "admin"]]]]],
            container: ["volumeMounts": [["name": "data", "mountPath": "/data"]], "imagePullPolicy": "Never",
                        "ports": [["name": "http-alt", "containerPort": 8080, "hostPort": 0, "protocol": "SCTP"]],
                        "readinessProbe": ["exec": ["command": ["true"]], "successThreshold": 3, "periodSeconds": 0]],
            metadata: ["namespace": "team-a", "labels": ["app.kubernetes.io/name": "web", "empty": ""], "annotations": ["Example.com/Note": "x"]]
        )) == [])
    }

    @Test func reportsEveryErrorInDocumentOrder() throws {
        let json = try JSONParser.parse(#"""
        {
          "apiVersion": "v2",
          "kind": "Pod",
          "metadata": {"name": "Bad_Name", "namespace": "my.ns", "labels": {"bad key!": "ok", "app": "-bad-"}},
          "spec": {
            "volumes": [{"name": "data"}, {"name": "data"}],
            "containers": [
              {"name": "web", "image": "nginx",
               "ports": [{"containerPort": 80, "name": "http"}, {"containerPort": 70000, "name": "http", "protocol": "HTTP"}]},
              {"name": "web", "image": "Nginx:Latest", "imagePullPolicy": "Sometimes",
               "volumeMounts": [{"name": "cache", "mountPath": "/c"}],
               "livenessProbe": {"httpGet": {"port": 0}, "exec": {"command": ["x"]}, "periodSeconds": -1, "successThreshold": 2}},
              {"image": "busybox", "ports": [{"containerPort": "80"}]}
            ],
            "restartPolicy": "Sometimes",
            "dnsPolicy": "Weird"
          }
        }
        """#)
        let imageDetail: String
        do {
            _ = try ImageReference.parse("Nginx:Latest")
            imageDetail = "(accepted)"
        } catch {
            imageDetail = error.description
        }
        let expected = [
            #"apiVersion: Unsupported value: "v2": supported values: "v1""#,
            #"metadata.name: Invalid value: "Bad_Name": "# + Self.subdomainMessage,
            #"metadata.namespace: Invalid value: "my.ns": must not contain dots"#,
            #"metadata.labels: Invalid value: "bad key!": "# + Self.namePartMessage,
            #"metadata.labels: Invalid value: "-bad-": "# + Self.labelValueMessage,
            #"spec.volumes[1].name: Duplicate value: "data""#,
            "spec.containers[0].ports[1].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
            #"spec.containers[0].ports[1].name: Duplicate value: "http""#,
            #"spec.containers[0].ports[1].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP""#,
            #"spec.containers[1].name: Duplicate value: "web""#,
            #"spec.containers[1].image: Invalid value: "Nginx:Latest": "# + imageDetail,
            #"spec.containers[1].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never""#,
            #"spec.containers[1].volumeMounts[0].name: Not found: "cache""#,
            "spec.containers[1].livenessProbe.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive",
            "spec.containers[1].livenessProbe.exec: Forbidden: may not specify more than 1 handler type",
            "spec.containers[1].livenessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0",
            "spec.containers[1].livenessProbe.successThreshold: Invalid value: 2: must be 1",
            #"spec.containers[2].ports[0].containerPort: Invalid value: "80": expected integer, got string"#,
            "spec.containers[2].name: Required value",
            #"spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never""#,
            #"spec.dnsPolicy: Unsupported value: "Weird": supported values: "ClusterFirst", "ClusterFirstWithHostNet", "Default", "None""#,
        ]
        #expect(imageDetail != "(accepted)")
        let errors = PodValidator.validate(try Pod(json: json))
        #expect(errors.map(\.description) == expected)
        #expect(errors.count >= 8)
        #expect(errors[6].type == .invalid)
        #expect(errors[6].path == "spec.containers[0].ports[1].containerPort")
        #expect(errors[6].value == "70000")
        #expect(errors[17].type == .typeInvalid)
    }

    @Test func apiVersionAndKind() throws {
        var json = Self.pod()
        json.set("Service", at: ["kind"])
        json.set(1, at: ["apiVersion"])
        #expect(try Self.errors(json) == [
            "apiVersion: Invalid value: 1: expected string, got number",
            #"kind: Unsupported value: "Service": supported values: "Pod""#,
        ])
        json.set(nil, at: ["kind"])
        json.set(nil, at: ["apiVersion"])
        #expect(try Self.errors(json) == [])
    }

    @Test func metadataRules() throws {
        #expect(try Self.errors(["kind": "Pod", "spec": ["containers": [["name": "a", "image": "busybox"]]]])
            == ["metadata.name: Required value: name is required"])
        #expect(try Self.errors(Self.pod(metadata: ["name": ""])) == ["metadata.name: Required value: name is required"])
        let long = String(repeating: "a", count: 254)
        #expect(try Self.errors(Self.pod(metadata: ["name": .string(long)])) == [
            "metadata.name: Invalid value: \"\(long.prefix(117))...\": must be no more than 253 characters",
        ])
        #expect(try Self.errors(Self.pod(metadata: ["name": "a.b-c", "namespace": "UPPER"])) == [
            #"metadata.namespace: Invalid value: "UPPER": "# + Self.labelMessage,
        ])
        #expect(try Self.errors(Self.pod(metadata: ["labels": "app=web"])) == [
            #"metadata.labels: Invalid value: "app=web": expected object, got string"#,
        ])
        #expect(try Self.errors(Self.pod(metadata: ["labels": ["a": 1, "example.com/": "x", "/x": "y", "a/b/c": "z"]])) == [
            "metadata.labels[a]: Invalid value: 1: expected string, got number",
            #"metadata.labels: Invalid value: "example.com/": name part must be non-empty"#,
            #"metadata.labels: Invalid value: "example.com/": "# + Self.namePartMessage,
            #"metadata.labels: Invalid value: "/x": prefix part must be non-empty"#,
            #"metadata.labels: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"#,
        ])
        let longValue = String(repeating: "v", count: 64)
        #expect(try Self.errors(Self.pod(metadata: ["labels": ["k": .string(longValue)]])) == [
            "metadata.labels: Invalid value: \"\(longValue)\": must be no more than 63 characters",
        ])
        let big = String(repeating: "x", count: PodValidator.totalAnnotationSizeLimit)
        #expect(try Self.errors(Self.pod(metadata: ["annotations": ["a": .string(big)]])) == [
            "metadata.annotations: Too long: must have at most 262144 bytes",
        ])
        #expect(try Self.errors(Self.pod(metadata: ["annotations": ["bad key": "x"]])) == [
            #"metadata.annotations: Invalid value: "bad key": "# + Self.namePartMessage,
        ])
    }

    @Test func specAndContainerRules() throws {
        #expect(try Self.errors(["metadata": ["name": "p"]]) == ["spec: Required value"])
        #expect(try Self.errors(["metadata": ["name": "p"], "spec": "x"]) == [#"spec: Invalid value: "x": expected object, got string"#])
        #expect(try Self.errors(Self.pod(spec: ["containers": []])) == ["spec.containers: Required value"])
        #expect(try Self.errors(Self.pod(spec: ["containers": [1]])) == ["spec.containers[0]: Invalid value: 1: expected object, got number"])
        #expect(try Self.errors(Self.pod(container: ["name": "App", "image": ""])) == [
            #"spec.containers[0].name: Invalid value: "App": "# + Self.labelMessage,
            "spec.containers[0].image: Required value",
        ])
        #expect(try Self.errors(Self.pod(spec: ["initContainers": [["name": "app", "image": "busybox", "livenessProbe": ["exec": ["command": ["x"]]]]]])) == [
            #"spec.initContainers[0].name: Duplicate value: "app""#,
            "spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always",
        ])
        #expect(try Self.errors(Self.pod(spec: ["initContainers": [["name": "i", "image": "busybox", "restartPolicy": "Never"]]],
                                         container: ["restartPolicy": "Always"])) == [
            "spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers",
            #"spec.initContainers[0].restartPolicy: Unsupported value: "Never": supported values: "Always""#,
        ])
        #expect(try Self.errors(Self.pod(spec: ["volumes": [["name": "Data"], [:]]], container: ["volumeMounts": [["name": "x"]]])) == [
            #"spec.containers[0].volumeMounts[0].name: Not found: "x""#,
            "spec.containers[0].volumeMounts[0].mountPath: Required value",
            #"spec.volumes[0].name: Invalid value: "Data": "# + Self.labelMessage,
            "spec.volumes[1].name: Required value",
        ])
        #expect(try Self.errors(Self.pod(spec: ["terminationGracePeriodSeconds": -5])) == [
            "spec.terminationGracePeriodSeconds: Invalid value: -5: must be greater than or equal to 0",
        ])
    }

    @Test func portRules() throws {
        let ports: JSONValue = [
            ["containerPort": 0],
            ["containerPort": 80, "hostPort": 65536],
            ["containerPort": 81, "name": "-Bad--name-too-long"],
            ["containerPort": 82, "name": "1234"],
            ["name": "x"],
            ["containerPort": .number("80.5")],
        ]
        #expect(try Self.errors(Self.pod(container: ["ports": ports])) == [
            "spec.containers[0].ports[0].containerPort: Required value",
            "spec.containers[0].ports[1].hostPort: Invalid value: 65536: must be between 1 and 65535, inclusive",
            #"spec.containers[0].ports[2].name: Invalid value: "-Bad--name-too-long": must be no more than 15 characters"#,
            #"spec.containers[0].ports[2].name: Invalid value: "-Bad--name-too-long": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"#,
            #"spec.containers[0].ports[2].name: Invalid value: "-Bad--name-too-long": must not contain consecutive hyphens"#,
            #"spec.containers[0].ports[2].name: Invalid value: "-Bad--name-too-long": must not begin or end with a hyphen"#,
            #"spec.containers[0].ports[3].name: Invalid value: "1234": must contain at least one letter (a-z)"#,
            "spec.containers[0].ports[4].containerPort: Required value",
            "spec.containers[0].ports[5].containerPort: Invalid value: 80.5: expected integer, got number",
        ])
    }

    @Test func probeRules() throws {
        #expect(try Self.errors(Self.pod(container: ["livenessProbe": ["periodSeconds": 5]])) == [
            "spec.containers[0].livenessProbe: Required value: must specify a handler type",
        ])
        #expect(try Self.errors(Self.pod(container: ["readinessProbe": ["httpGet": ["port": "web-ui", "path": "healthz", "scheme": "FTP"],
                                                                         "terminationGracePeriodSeconds": 5]])) == [
            #"spec.containers[0].readinessProbe.httpGet.path: Invalid value: "healthz": must start with '/'"#,
            #"spec.containers[0].readinessProbe.httpGet.scheme: Unsupported value: "FTP": supported values: "HTTP", "HTTPS""#,
            "spec.containers[0].readinessProbe.terminationGracePeriodSeconds: Invalid value: 5: must not be set for readinessProbes",
        ])
        #expect(try Self.errors(Self.pod(container: ["startupProbe": ["tcpSocket": [:], "initialDelaySeconds": -1, "timeoutSeconds": "1",
                                                                       "successThreshold": 3, "terminationGracePeriodSeconds": 0]])) == [
            "spec.containers[0].startupProbe.tcpSocket.port: Required value",
            "spec.containers[0].startupProbe.initialDelaySeconds: Invalid value: -1: must be greater than or equal to 0",
            #"spec.containers[0].startupProbe.timeoutSeconds: Invalid value: "1": expected integer, got string"#,
            "spec.containers[0].startupProbe.successThreshold: Invalid value: 3: must be 1",
            "spec.containers[0].startupProbe.terminationGracePeriodSeconds: Invalid value: 0: must be greater than 0",
        ])
        #expect(try Self.errors(Self.pod(container: ["livenessProbe": ["exec": ["command": []], "grpc": ["port": 1]]])) == [
            "spec.containers[0].livenessProbe.exec.command: Required value",
            "spec.containers[0].livenessProbe.grpc: Forbidden: may not specify more than 1 handler type",
        ])
        #expect(try Self.errors(Self.pod(container: ["livenessProbe": ["grpc": ["port": 70000]], "readinessProbe": ["httpGet": ["port": true]]])) == [
            "spec.containers[0].livenessProbe.grpc.port: Invalid value: 70000: must be between 1 and 65535, inclusive",
            "spec.containers[0].readinessProbe.httpGet.port: Invalid value: true: expected port number or name, got boolean",
        ])
        #expect(try Self.errors(Self.pod(container: ["livenessProbe": "yes"])) == [
            #"spec.containers[0].livenessProbe: Invalid value: "yes": expected object, got string"#,
        ])
    }
}
