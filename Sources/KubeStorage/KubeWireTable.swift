/// The schema as ``KubeMessageCheck`` and the protobuf pod reader walk it, in plain values held in
/// raw memory: looking up a message or a field retains nothing. The decoding threads share one schema, and retaining its
/// objects and strings for every field of every pod costs them more than the walk itself.
///
/// Made once with its ``KubeSchema`` and never changed; freed with it. Hence `@unchecked Sendable`.
final class KubeWireTable: @unchecked Sendable {
    /// One field: its wire type and what the check does with it.
    struct Field {
        /// The wire type of one value (2 for a message).
        var wireType: UInt8
        /// Checked when read: a double or a float must be finite (JSON has no other numbers).
        var finiteCheck: FiniteCheck
        var repeated: Bool
        /// The message index of a message field (-1: not in the schema); ``notMessage`` otherwise.
        var target: Int32
        /// The entry message of a map field; -1 otherwise.
        var mapEntry: Int32
        /// Whether a zero value that is present is still written to JSON.
        var emitsZero: Bool

        enum FiniteCheck: UInt8 {
            case none, double, float
        }

        var isMessage: Bool { target != Self.notMessage }
        /// `target` of a field that is not a message.
        static let notMessage: Int32 = .min

        init(_ field: FieldSchema) {
            wireType = field.type.wireType
            repeated = field.repeated
            mapEntry = field.mapEntry.map { Int32($0) } ?? -1
            emitsZero = field.emitsZero
            switch field.type {
            case .double: finiteCheck = .double
            case .float: finiteCheck = .float
            default: finiteCheck = .none
            }
            if case .message(let index) = field.type { target = Int32(index) } else { target = Self.notMessage }
        }
    }

    /// One message: where its fields and its slots by field number start.
    struct Message {
        var special: SpecialForm?
        /// The first of its fields in ``fields``, in declaration order.
        var firstField: Int32
        /// The first of its slots in ``slots`` and how many (field numbers 0 ..< count).
        var firstSlot: Int32
        var slotCount: Int32
        /// Whether a field number is beyond the slots (looked up in the schema's ``MessageSchema/byNumber`` instead).
        var hasSparseNumbers: Bool
    }

    /// A view of the table for one walk: the buffers' addresses, which retain nothing (the table
    /// lives as long as the ``KubeSchema`` the walker holds).
    struct View {
        let messages: UnsafeBufferPointer<Message>
        let fields: UnsafeBufferPointer<Field>
        /// Field position + 1 within its message by field number (0: no field).
        let slots: UnsafeBufferPointer<UInt16>
    }

    private let messages: UnsafeMutableBufferPointer<Message>
    private let fields: UnsafeMutableBufferPointer<Field>
    private let slots: UnsafeMutableBufferPointer<UInt16>

    init(_ schemas: [MessageSchema]) {
        messages = .allocate(capacity: schemas.count)
        fields = .allocate(capacity: schemas.reduce(0) { $0 + $1.fields.count })
        var slotValues: [UInt16] = []
        var fieldIndex = 0
        for (i, schema) in schemas.enumerated() {
            let firstSlot = slotValues.count
            for number in 0..<schema.denseNumbers {
                slotValues.append(schema.position(number: number).map { UInt16($0 + 1) } ?? 0)
            }
            (messages.baseAddress! + i).initialize(to: Message(
                special: schema.special, firstField: Int32(fieldIndex), firstSlot: Int32(firstSlot),
                slotCount: Int32(schema.denseNumbers), hasSparseNumbers: schema.hasSparseNumbers))
            for field in schema.fields {
                (fields.baseAddress! + fieldIndex).initialize(to: Field(field))
                fieldIndex += 1
            }
        }
        slots = .allocate(capacity: slotValues.count)
        _ = slots.initialize(from: slotValues)
    }

    deinit {
        messages.deallocate()
        fields.deallocate()
        slots.deallocate()
    }

    var view: View {
        View(messages: UnsafeBufferPointer(messages), fields: UnsafeBufferPointer(fields), slots: UnsafeBufferPointer(slots))
    }
}

extension KubeWireTable.View {
    /// The position of the field with `number` in `message` when the slots hold it; nil for no
    /// field. A message with sparse numbers may still have it (``KubeWireTable/Message/hasSparseNumbers``).
    @inline(__always)
    func slot(_ message: KubeWireTable.Message, number: Int) -> Int? {
        guard number >= 0 && number < Int(message.slotCount) else { return nil }
        let slot = slots[Int(message.firstSlot) + number]
        return slot == 0 ? nil : Int(slot) - 1
    }

    /// The field at `position` of `message`.
    @inline(__always)
    func field(_ message: KubeWireTable.Message, at position: Int) -> KubeWireTable.Field {
        fields[Int(message.firstField) + position]
    }
}
