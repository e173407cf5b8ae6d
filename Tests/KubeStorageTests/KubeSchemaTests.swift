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

    @Test func fieldNumbersAboveTheDenseTableAreFoundToo() throws {
        var message = Google_Protobuf_DescriptorProto()
        message.name = "Wide"
        for number: Int32 in [1, 7, 1024, 1025, 5000, 536_870_911] {
            var field = Google_Protobuf_FieldDescriptorProto()
            field.name = "f\(number)"
            field.number = number
            field.type = .string
            message.field.append(field)
        }
        var file = Google_Protobuf_FileDescriptorProto()
        file.package = "test"
        file.messageType = [message]
        var set = Google_Protobuf_FileDescriptorSet()
        set.file = [file]
        let wide = try #require(KubeSchema(set).message(named: "test.Wide"))
        #expect([1, 7, 1024, 1025, 5000, 536_870_911].map { wide.position(number: $0) } == [0, 1, 2, 3, 4, 5])
        #expect([0, 2, 1023, 1026, 4999].map { wide.position(number: $0) } == [nil, nil, nil, nil, nil])
    }
}
