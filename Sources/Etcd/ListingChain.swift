/// When a chain of a paged listing reads its next page.
public enum ListingPace: Sendable {
    /// Once the consumer has taken the page before (``EtcdClient/readAhead`` pages ahead of it):
    /// what the pages become waits for the consumer, a page's worth at a time. For results as
    /// large as the pages (output text, the key-values themselves).
    case consumer
    /// Once the page before is transformed, whatever the consumer is doing: chains never wait for
    /// one another (a later chain does not idle while the consumer is still on an earlier one),
    /// each holds the key-values of one page at a time, and the results wait for the consumer.
    /// For small results the consumer keeps until the end anyway (table cells, collected pages).
    case transform
}

/// One contiguous part of a listing, read page by page at a pinned revision by a task of its
/// own, paced by its consumer or by its own transforms (``ListingPace``).
///
/// A listing is a chain of requests (each page starts after the last key of the one before), so
/// one chain waits for etcd to serve and send every page in turn. Several chains over disjoint
/// key ranges keep several requests in flight.
struct ListingChain<Work: Sendable>: Sendable {
    /// The pages in key order, then the end; a failed read is the last element. Each page comes
    /// as its header (``RangeResult`` without the key-values, which only its `transform` holds,
    /// so they are freed once it is done), its number of keys, and the task working on it.
    let pages: AsyncStream<Result<(header: RangeResult, keys: Int, work: Task<Work, Never>), EtcdError>>
    private let credit: AsyncStream<Void>.Continuation
    private let pace: ListingPace
    private let reader: Task<Void, Never>

    /// Reads `[start, end)` at `revision`; each page's `transform` starts as soon as the page is
    /// in, while the chain reads on (up to `readAhead` pages ahead of the consumer, or its next
    /// page once the last one is transformed, as `pace` says).
    init(client: EtcdClient, prefix: String, from start: [UInt8], to end: [UInt8], limit: Int64, revision: Int64,
         keysOnly: Bool, readAhead: Int, pace: ListingPace, transform: @escaping @Sendable (RangeResult) async -> Work) {
        let (pages, delivery) = AsyncStream.makeStream(of: Result<(header: RangeResult, keys: Int, work: Task<Work, Never>), EtcdError>.self)
        let (credits, credit) = AsyncStream.makeStream(of: Void.self)
        for _ in 0..<(pace == .consumer ? max(1, readAhead) : 1) { credit.yield() }
        self.pages = pages
        self.credit = credit
        self.pace = pace
        reader = Task {
            var start = start
            for await _ in credits {
                do throws(EtcdError) {
                    let (response, endpoint) = try await client.readPage(prefix: prefix, from: start, end: end, limit: limit,
                                                                         revision: revision, keysOnly: keysOnly)
                    let page = RangeResult(page: response, revision: revision, endpoint: endpoint)
                    let work = Task {
                        let work = await transform(page)
                        if pace == .transform { credit.yield() }
                        return work
                    }
                    delivery.yield(.success((page.header, response.kvs.count, work)))
                    guard response.more, let last = response.kvs.last else { break }
                    start = Array(last.key) + [0]
                } catch {
                    delivery.yield(.failure(error))
                    break
                }
            }
            delivery.finish()
        }
    }

    /// The consumer is done with a page: one more may be read (when paced by the consumer).
    func consumed() {
        if pace == .consumer { credit.yield() }
    }

    /// Stops reading.
    func cancel() {
        reader.cancel()
        credit.finish()
    }
}

extension RangeResult {
    /// The page without its key-values.
    var header: RangeResult {
        var header = RangeResult(kvs: [], revision: revision, endpoint: endpoint)
        header.more = more
        header.remaining = remaining
        return header
    }

    /// One page of a listing pinned to `revision`.
    init(page response: RangePage, revision: Int64, endpoint: EtcdEndpoint) {
        self.init(kvs: response.kvs, revision: revision, endpoint: endpoint)
        more = response.more
        remaining = response.count
    }
}
