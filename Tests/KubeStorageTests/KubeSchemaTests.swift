@testable import KubeStorage
import SwiftProtobuf
import Testing

/// Field lookup by number: the dense table and the dictionary it stands in for agree.
@Suite struct KubeSchemaTests {
    @Test func everyFieldOfEveryMessageIsFoundAtItsPosition() {
        for message in KubeSchema.shared.messages {
            for (position, field) in message.fields.enumerated() {
                #expect(message.position(number: field.number) == position, "\(message.fullName).\(field.name)")
            }
            let numbers = Set(message.fields.map(\.number))
            for number in [-1, 0, 1, 2, 15, 16, 1023, 1024, 1025, 536_870_911] where !numbers.contains(number) {
                #expect(message.position(number: number) == nil, "\(message.fullName) has no field \(number)")
            }
        }
    }

    /// A message `test.Wide` with string fields 1, 7, 1024, 1025 and 536870911, and a double 5000.
    private static func wideSchema() -> KubeSchema {
        var message = Google_Protobuf_DescriptorProto()
        message.name = "Wide"
        for number: Int32 in [1, 7, 1024, 1025, 5000, 536_870_911] {
            var field = Google_Protobuf_FieldDescriptorProto()
            field.name = "f\(number)"
            field.number = number
            field.type = number == 5000 ? .double : .string
            message.field.append(field)
        }
        var file = Google_Protobuf_FileDescriptorProto()
        file.package = "test"
        file.messageType = [message]
        var set = Google_Protobuf_FileDescriptorSet()
        set.file = [file]
        return KubeSchema(set)
    }

    @Test func fieldNumbersAboveTheDenseTableAreFoundToo() throws {
        let wide = try #require(Self.wideSchema().message(named: "test.Wide"))
        #expect([1, 7, 1024, 1025, 5000, 536_870_911].map { wide.position(number: $0) } == [0, 1, 2, 3, 4, 5])
        #expect([0, 2, 1023, 1026, 4999].map { wide.position(number: $0) } == [nil, nil, nil, nil, nil])
    }

    /// The wire check finds a field past the dense table through the schema and checks it: the
    /// wrong wire type and a NaN double are refused, a finite double and an unknown field pass.
    @Test func theWireCheckChecksFieldsPastTheDenseTable() throws {
        let schema = Self.wideSchema()
        let index = try #require(schema.index["test.Wide"])
        func varint(_ value: UInt64) -> [UInt8] {
            var value = value, bytes: [UInt8] = []
            while value >= 0x80 { bytes.append(UInt8(value & 0x7F) | 0x80); value >>= 7 }
            return bytes + [UInt8(value)]
        }
        func double(_ number: UInt64, _ value: Double) -> [UInt8] {
            varint(number << 3 | 1) + (0..<8).map { UInt8(truncatingIfNeeded: value.bitPattern >> (8 * $0)) }
        }
        func passes(_ bytes: [UInt8]) -> Bool {
            bytes.withUnsafeBufferPointer { buffer in
                (try? KubeMessageCheck(schema: schema, bytes: buffer).message(0..<buffer.count, index, depth: 0)) != nil
            }
        }
        #expect(passes(double(5000, 1.5)))
        #expect(!passes(double(5000, .nan)))
        #expect(!passes(varint(5000 << 3 | 0) + [1]))
        #expect(passes(double(4999, .nan)), "an unknown field is skipped")
        #expect(!passes(varint(536_870_911 << 3 | 0) + [1]), "a string field as a varint")
    }
}
