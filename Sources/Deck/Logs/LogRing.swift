/// The last `capacity` lines of a log, each with its sequence number (0 for the first line the
/// stream delivered): memory stays bounded however long the log, and lines keep their order.
public struct LogRing: Sendable, Equatable {
    /// The most lines kept.
    public let capacity: Int
    private var storage: [LogEntry] = []
    private var head = 0
    /// The sequence number of the oldest line kept.
    public private(set) var firstSequence = 0

    /// An empty ring of `capacity` lines (at least 1).
    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// How many lines it holds.
    public var count: Int { storage.count }
    /// How many lines went through it: the sequence number the next line gets.
    public var endSequence: Int { firstSequence + storage.count }
    /// Whether it holds no line.
    public var isEmpty: Bool { storage.isEmpty }

    /// The line with sequence number `sequence` (must be in `firstSequence..<endSequence`).
    public subscript(sequence sequence: Int) -> LogEntry {
        let offset = sequence - firstSequence
        return storage[(head + offset) % storage.count]
    }

    /// Appends lines, dropping the oldest when full.
    public mutating func append(contentsOf lines: [LogEntry]) {
        for line in lines { append(line) }
    }

    /// Appends a line, dropping the oldest when full.
    public mutating func append(_ line: LogEntry) {
        if storage.count < capacity {
            storage.append(line)
        } else {
            storage[head] = line
            head = (head + 1) % capacity
            firstSequence += 1
        }
    }

    /// Counts `count` lines that went by without being kept (they were older than the window
    /// when they arrived): what the ring holds is older still, so it is emptied.
    public mutating func skip(_ count: Int) {
        guard count > 0 else { return }
        firstSequence = endSequence + count
        storage.removeAll(keepingCapacity: true)
        head = 0
    }

    /// Every line kept, oldest first.
    public var lines: [LogEntry] {
        (firstSequence..<endSequence).map { self[sequence: $0] }
    }
}
