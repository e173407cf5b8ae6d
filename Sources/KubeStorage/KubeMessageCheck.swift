import WireFormat
/// Walks a protobuf message against the schema the way ``KubeJSONDecoder`` decodes it, building
/// nothing, and throws ``Unsure`` wherever the decoder would fail — and in a few legal but rare
/// cases it does not follow (a singular message field written twice, an embedded JSON object,
/// a message with more than 128 fields). Readers that take a few fields straight from the bytes
/// check the rest with it, so they accept only what the full decoder accepts.
struct KubeMessageCheck {
    /// The full decoder might fail, or the check does not follow this case: decode in full.
    struct Unsure: Error {}

    let schema: KubeSchema
    let bytes: UnsafeBufferPointer<UInt8>
    /// The schema in plain values: walking it retains nothing.
    let table: KubeWireTable.View

    init(schema: KubeSchema, bytes: UnsafeBufferPointer<UInt8>) {
        self.schema = schema
        self.bytes = bytes
        table = schema.wire.view
    }

    /// Singular message fields already met in one message (a second one is merged by the
    /// decoder; the check does not follow merges).
    struct Seen {
        private var low: UInt64 = 0
        private var high: UInt64 = 0

        mutating func insert(_ position: Int) throws(Unsure) {
            guard position < 128 else { throw Unsure() }
            let bit: UInt64 = 1 << UInt64(position & 63)
            if position < 64 {
                guard low & bit == 0 else { throw Unsure() }
                low |= bit
            } else {
                guard high & bit == 0 else { throw Unsure() }
                high |= bit
            }
        }
    }

    /// The fields of the message at `range`.
    @inline(__always)
    func cursor(_ range: Range<Int>) -> WireCursor { WireCursor(bytes: bytes, range: range) }

    /// The next field of `cursor`.
    @inline(__always)
    func next(_ cursor: inout WireCursor) throws(Unsure) -> WireField? {
        do { return try cursor.next() } catch { throw Unsure() }
    }

    /// Checks the message `index` at `range`, at nesting `depth` (as ``KubeJSONDecoder``'s
    /// `object` counts it).
    func message(_ range: Range<Int>, _ index: Int, depth: Int) throws(Unsure) {
        guard depth < ProtobufLimits.maximumDepth else { throw Unsure() }
        if let special = table.messages[index].special {
            try self.special(special, range: range, index: index, depth: depth)
            return
        }
        var fields = cursor(range)
        var seen = Seen()
        while let wire = try next(&fields) {
            guard let (field, position) = known(wire.number, in: index) else { continue }
            try self.field(wire, field, position: position, depth: depth, seen: &seen)
        }
    }

    /// The field `number` of message `index` and its position, nil for an unknown field.
    @inline(__always)
    func known(_ number: Int, in index: Int) -> (KubeWireTable.Field, Int)? {
        let message = table.messages[index]
        guard let position = table.slot(message, number: number)
            ?? (message.hasSparseNumbers ? schema.messages[index].position(number: number) : nil) else { return nil }
        return (table.field(message, at: position), position)
    }

    /// Checks one occurrence of the known field at `position` of a message at `depth`.
    func field(_ wire: WireField, _ field: KubeWireTable.Field, position: Int, depth: Int, seen: inout Seen) throws(Unsure) {
        if field.repeated {
            if field.mapEntry >= 0 {
                try mapEntry(wire, entry: Int(field.mapEntry), depth: depth + 1)
            } else if field.isMessage {
                guard wire.wireType == 2 else { throw Unsure() }
                if field.target >= 0 { try message(wire.payload, Int(field.target), depth: depth + 1) }
            } else if wire.wireType == 2 && field.wireType != 2 {
                try packed(wire.payload, field)
            } else {
                guard wire.wireType == field.wireType else { throw Unsure() }
                try scalar(wire.value, field.finiteCheck)
            }
            return
        }
        guard wire.wireType == field.wireType else { throw Unsure() }
        if field.isMessage {
            try seen.insert(position)
            if field.target >= 0 { try message(wire.payload, Int(field.target), depth: depth + 1) }
        } else {
            try scalar(wire.value, field.finiteCheck)
        }
    }

    /// Doubles and floats must be finite (JSON has no other numbers); nothing else can fail.
    @inline(__always)
    func scalar(_ value: UInt64, _ check: KubeWireTable.Field.FiniteCheck) throws(Unsure) {
        switch check {
        case .double: guard Double(bitPattern: value).isFinite else { throw Unsure() }
        case .float: guard Float(bitPattern: UInt32(truncatingIfNeeded: value)).isFinite else { throw Unsure() }
        case .none: return
        }
    }

    private func packed(_ payload: Range<Int>, _ field: KubeWireTable.Field) throws(Unsure) {
        var position = payload.lowerBound
        while position < payload.upperBound {
            switch field.wireType {
            case 0:
                var values = WireCursor(bytes: bytes, range: position..<payload.upperBound)
                do { _ = try values.varint() } catch { throw Unsure() }
                position = values.position
            default:
                let width = field.wireType == 1 ? 8 : 4
                guard payload.upperBound - position >= width else { throw Unsure() }
                var value: UInt64 = 0
                for k in 0..<width { value |= UInt64(bytes[position + k]) << (8 * UInt64(k)) }
                try scalar(value, field.finiteCheck)
                position += width
            }
        }
    }

    /// One entry of a map field; `depth` is the map's (the parent's + 1).
    func mapEntry(_ wire: WireField, entry: Int, depth: Int) throws(Unsure) {
        let entryMessage = table.messages[entry]
        guard let keyPosition = table.slot(entryMessage, number: 1),
              let valuePosition = table.slot(entryMessage, number: 2) else { return }
        let keyField = table.field(entryMessage, at: keyPosition)
        let valueField = table.field(entryMessage, at: valuePosition)
        guard wire.wireType == 2 else { throw Unsure() }
        guard depth < ProtobufLimits.maximumDepth else { throw Unsure() }
        var parts = cursor(wire.payload)
        var valueRange: Range<Int>?
        var values = 0
        while let part = try next(&parts) {
            if part.number == 1 {
                guard part.wireType == keyField.wireType else { throw Unsure() }
                try scalar(part.value, keyField.finiteCheck)
            } else if part.number == 2 {
                guard part.wireType == valueField.wireType else { throw Unsure() }
                if valueField.isMessage {
                    values += 1
                    valueRange = part.payload
                } else {
                    try scalar(part.value, valueField.finiteCheck)
                }
            }
        }
        if valueField.isMessage, valueField.target >= 0 {
            guard values <= 1 else { throw Unsure() }
            if let valueRange { try message(valueRange, Int(valueField.target), depth: depth + 1) }
        }
    }

    private func special(_ form: SpecialForm, range: Range<Int>, index: Int, depth: Int) throws(Unsure) {
        var fields = cursor(range)
        switch form {
        case .time, .microTime:
            _ = try time(range)
        case .duration:
            while let f = try next(&fields) {
                guard f.number != 1 || f.wireType == 0 else { throw Unsure() }
            }
        case .intOrString:
            // The decoder checks the wire type of the string (3) or the number (2), as `type` says.
            var type: UInt64 = 0
            var stringOK = true, intOK = true
            while let f = try next(&fields) {
                switch f.number {
                case 1:
                    guard f.wireType == 0 else { throw Unsure() }
                    type = f.value
                case 2: if f.wireType != 0 { intOK = false }
                case 3: if f.wireType != 2 { stringOK = false }
                default: continue
                }
            }
            guard type == 1 ? stringOK : intOK else { throw Unsure() }
        case .quantity:
            while let f = try next(&fields) {
                guard f.number != 1 || f.wireType == 2 else { throw Unsure() }
            }
        case .rawExtension:
            // An embedded object is parsed as JSON by the decoder; not followed here.
            var raw: Range<Int>?
            while let f = try next(&fields) {
                guard f.number == 1 else { continue }
                guard f.wireType == 2 else { throw Unsure() }
                raw = f.payload
            }
            if let raw, !raw.isEmpty { throw Unsure() }
        case .fields:
            guard let mapField = schema.messages[index].field(number: 1), let entry = mapField.mapEntry else {
                while try next(&fields) != nil {}
                return
            }
            while let f = try next(&fields) {
                guard f.number == 1 else { continue }
                try mapEntry(f, entry: entry, depth: depth + 1)
            }
        }
    }

    /// The Unix seconds of the `Time` (or `MicroTime`) message in `range`, as ``time(seconds:nanos:)``
    /// gives them; a field of the wrong wire type throws.
    func time(_ range: Range<Int>) throws(Unsure) -> Int64? {
        var fields = cursor(range)
        var seconds: UInt64 = 0, nanos: UInt64 = 0
        while let f = try next(&fields) {
            if f.number == 1 {
                guard f.wireType == 0 else { throw Unsure() }
                seconds = f.value
            } else if f.number == 2 {
                guard f.wireType == 0 else { throw Unsure() }
                nanos = f.value
            }
        }
        return try Self.time(seconds: seconds, nanos: nanos)
    }

    /// The Unix seconds of a `Time` (nil for Go's zero time, which is `null`), as the decoder
    /// would write it; a time it cannot write throws.
    static func time(seconds: UInt64, nanos: UInt64) throws(Unsure) -> Int64? {
        let s = Int64(bitPattern: seconds)
        let n = Int64(Int32(truncatingIfNeeded: nanos))
        if s == KubeTime.goZeroSeconds && n == 0 { return nil }
        guard let normalized = KubeTime.normalized(seconds: s, nanos: n) else { throw Unsure() }
        return normalized.seconds
    }
}
