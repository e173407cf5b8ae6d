import KubeStorage
import PodModel
import Testing

/// Time, MicroTime, Duration, IntOrString and Quantity through the codec.
@Suite("Kubernetes JSON forms")
struct KubeFormsTests {
    let codec = KubeObjectCodec.shared

    func roundTrip(_ text: String) throws -> JSONValue {
        try codec.decode(try codec.encode(try JSONParser.parse(text), as: .protobuf)).json
    }

    @Test func timesKeepTheirForm() throws {
        let json = try roundTrip(#"{"kind":"Event","apiVersion":"v1","metadata":{"name":"e","creationTimestamp":"1999-12-31T23:59:59+01:00"},"eventTime":"2024-02-29T12:00:00.1234567Z","firstTimestamp":"0001-01-01T00:00:00Z"}"#)
        #expect(json[["metadata", "creationTimestamp"]] == .string("1999-12-31T22:59:59Z"))
        #expect(json["eventTime"] == .string("2024-02-29T12:00:00.123456Z"))
        #expect(json["firstTimestamp"] == .null, "Go's zero time is null")
    }

    @Test func intOrStringAndQuantity() throws {
        let json = try roundTrip(#"{"kind":"Service","apiVersion":"v1","metadata":{"name":"s"},"spec":{"ports":[{"port":80,"targetPort":"http"},{"port":81,"targetPort":0}]}}"#)
        #expect(json[["spec", "ports"]] == (try JSONParser.parse(#"[{"port":80,"targetPort":"http"},{"port":81,"targetPort":0}]"#)))
        #expect(throws: ProtobufError.self) {
            try codec.encode(try JSONParser.parse(#"{"kind":"Service","apiVersion":"v1","spec":{"ports":[{"port":"eighty"}]}}"#), as: .protobuf)
        }
    }

    @Test func fieldsTheSchemaLacksAreRefusedByName() throws {
        do {
            _ = try codec.encode(try JSONParser.parse(#"{"kind":"Pod","apiVersion":"v1","spec":{"ephemeralContainers":[]}}"#), as: .protobuf)
            Issue.record("encoded")
        } catch {
            #expect("\(error)".hasPrefix("spec.ephemeralContainers: field not in the Kubernetes v1 protobuf schema"))
        }
    }
}
