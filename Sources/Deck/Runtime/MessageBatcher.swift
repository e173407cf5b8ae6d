import Synchronization

/// Collects items from a busy stream (probe results, pull progress) and hands them over in
/// batches, so thousands of results a second become a few messages a second.
final class MessageBatcher<Item: Sendable>: Sendable {
    private let buffer = Mutex<[Item]>([])

    /// Adds one item.
    func add(_ item: Item) { buffer.withLock { $0.append(item) } }

    /// Adds several items, in order.
    func add(contentsOf items: [Item]) { buffer.withLock { $0.append(contentsOf: items) } }

    /// Takes everything collected so far.
    func drain() -> [Item] { buffer.withLock { items in defer { items = [] }; return items } }
}
