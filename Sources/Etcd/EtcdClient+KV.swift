import EtcdAPI
import Foundation
import GRPCCore
import GRPCProtobuf

extension EtcdClient {
    /// Reads one key, at the current revision or at `revision` (0 = current).
    public func get(_ key: String, revision: Int64 = 0) async throws(EtcdError) -> (kv: KeyValue?, revision: Int64, endpoint: EtcdEndpoint) {
        var request = Etcdserverpb_RangeRequest()
        request.key = Data(key.utf8)
        request.revision = revision
        let (response, endpoint) = try await execute(.read, key: key) { [request] conn, options, metadata in
            try await conn.kv.range(request, metadata: metadata, options: options)
        }
        return (response.kvs.first.map(KeyValue.init), response.header.revision, endpoint)
    }

    /// The first key under `prefix` with its value (nil when there is none): one range with
    /// limit 1.
    public func first(prefix: String) async throws(EtcdError) -> KeyValue? {
        var request = Etcdserverpb_RangeRequest()
        request.key = Data(prefix.utf8)
        request.rangeEnd = Data(Self.prefixEnd(Array(prefix.utf8)))
        request.limit = 1
        let (response, _) = try await execute(.read, key: prefix) { [request] conn, options, metadata in
            try await conn.kv.range(request, metadata: metadata, options: options)
        }
        return response.kvs.first.map(KeyValue.init)
    }

    /// Lists every key under `prefix`, read in pages of `pageSize` keys, all pinned to the
    /// revision of the first page so the result is one consistent snapshot. A compaction that
    /// overtakes the pinned revision restarts the listing at the current revision.
    /// With `keysOnly`, values are not transferred (each `KeyValue.value` is empty) but the
    /// revisions are.
    public func list(prefix: String, pageSize: Int? = nil, revision: Int64 = 0, keysOnly: Bool = false) async throws(EtcdError) -> RangeResult {
        let limit = Int64(max(1, pageSize ?? configuration.pageSize))
        let end = Self.prefixEnd(Array(prefix.utf8))
        var restarts = 0
        while true {
            do {
                return try await listPages(prefix: prefix, end: end, limit: limit, revision: revision, keysOnly: keysOnly)
            } catch {
                if error.kind == .compacted && revision == 0 && restarts < 3 {
                    restarts += 1
                    continue
                }
                throw error
            }
        }
    }

    private func listPages(prefix: String, end: [UInt8], limit: Int64, revision: Int64, keysOnly: Bool) async throws(EtcdError) -> RangeResult {
        var kvs: [KeyValue] = []
        // Every page is kept: the chains read on whatever the collecting is doing.
        let collected = try await pages(prefix: prefix, end: end, limit: limit, revision: revision, keysOnly: keysOnly,
                                        pace: .transform, transform: { $0 }) { _, page in
            kvs.reserveCapacity(kvs.count + page.kvs.count)
            kvs.append(contentsOf: page.kvs)
        }
        return RangeResult(kvs: kvs, revision: collected.revision, endpoint: collected.endpoint)
    }

    /// Lists every key under `prefix` one page at a time, all pages pinned to the first page's
    /// revision, handing each page to `onPage` while the next one is being read; nothing but the
    /// page in hand is kept. Unlike ``list(prefix:pageSize:revision:keysOnly:)`` a compaction
    /// that overtakes the pinned revision is an error (pages already handed over cannot be taken
    /// back). Returns the listing's revision and the endpoint that answered.
    public func listPaged(prefix: String, pageSize: Int? = nil, revision: Int64 = 0, keysOnly: Bool = false,
                          onPage: (RangeResult) async -> Void) async throws(EtcdError) -> (revision: Int64, endpoint: EtcdEndpoint) {
        try await listPaged(prefix: prefix, pageSize: pageSize, revision: revision, keysOnly: keysOnly,
                            transform: { $0 }, onPage: { header, page in
                                var page = page
                                page.more = header.more
                                await onPage(page)
                            })
    }

    /// ``listPaged(prefix:pageSize:revision:keysOnly:onPage:)`` with work done on each page as
    /// soon as it is in (`transform`, several pages at once, on any thread); `onPage` still gets
    /// every page's result one at a time, in key order, with the page's header (a ``RangeResult``
    /// whose `kvs` are empty: only `transform` sees them, so they are freed when it is done).
    /// `pace` says whether the chains wait for `onPage` or only for their own transforms.
    public func listPaged<Work: Sendable>(prefix: String, pageSize: Int? = nil, revision: Int64 = 0, keysOnly: Bool = false,
                                          chains: Int = 8, pace: ListingPace = .consumer,
                                          transform: @escaping @Sendable (RangeResult) async -> Work,
                                          onPage: (RangeResult, Work) async -> Void) async throws(EtcdError) -> (revision: Int64, endpoint: EtcdEndpoint) {
        let limit = Int64(max(1, pageSize ?? configuration.pageSize))
        return try await pages(prefix: prefix, end: Self.prefixEnd(Array(prefix.utf8)), limit: limit, revision: revision,
                               keysOnly: keysOnly, chains: chains, pace: pace, transform: transform, onPage: onPage)
    }

    /// One page of a listing, read into ``KeyValue``s straight from the received message (``RangePage``).
    func readPage(prefix: String, from start: [UInt8], end: [UInt8], limit: Int64, revision: Int64,
                  keysOnly: Bool) async throws(EtcdError) -> (RangePage, EtcdEndpoint) {
        var request = Etcdserverpb_RangeRequest()
        request.key = Data(start)
        request.rangeEnd = Data(end)
        request.limit = limit
        request.revision = revision
        request.keysOnly = keysOnly
        return try await execute(.read, key: prefix) { [request] conn, options, metadata in
            try await conn.grpc.unary(request: ClientRequest(message: request, metadata: metadata),
                                      descriptor: Etcdserverpb_KV.Method.Range.descriptor,
                                      serializer: ProtobufSerializer<Etcdserverpb_RangeRequest>(),
                                      deserializer: RangePageDeserializer(), options: options) { try $0.message }
        }
    }

    /// Where a listing that has more than one page left splits the rest of its range: the first
    /// byte after the prefix (a namespace's or a pod's name, `[a-z0-9]` first), so up to eight
    /// chains read at once (four take every other cut). Every key still falls in exactly one
    /// part; how evenly they share the keys depends only on the names.
    static let chainSplits: [UInt8] = Array("dgjmpsv".utf8)
    /// How many pages each chain paced by its consumer reads ahead of the page being handed over.
    static let readAhead = 1
    /// A listing of values reads at most this many keys first: the first page pins the revision
    /// and counts the range, so the chains start after one short request.
    static let firstPageLimit: Int64 = 100

    /// Reads the first page (which pins the revision and counts the range). What is left is read
    /// in ``ListingChain``s: one when it fits in a page (or keys alone are read: a key listing is
    /// the poll without a watch, one request per period while it fits a page), otherwise one per
    /// part of the range cut at ``chainSplits``, read at once. Pages are handed over in key order.
    private func pages<Work: Sendable>(prefix: String, end: [UInt8], limit: Int64, revision: Int64, keysOnly: Bool,
                                       chains chainCount: Int = 8, pace: ListingPace,
                                       transform: @escaping @Sendable (RangeResult) async -> Work,
                                       onPage: (RangeResult, Work) async -> Void) async throws(EtcdError) -> (revision: Int64, endpoint: EtcdEndpoint) {
        let firstLimit = keysOnly ? limit : min(limit, Self.firstPageLimit)
        let (response, endpoint) = try await readPage(prefix: prefix, from: Array(prefix.utf8), end: end,
                                                      limit: firstLimit, revision: revision, keysOnly: keysOnly)
        let pinned = revision == 0 ? response.revision : revision
        let first = RangeResult(page: response, revision: pinned, endpoint: endpoint)
        guard response.more, let last = response.kvs.last else {
            await onPage(first.header, await transform(first))
            return (pinned, endpoint)
        }
        let after = Array(last.key) + [0]
        let left = response.count - Int64(response.kvs.count)
        let parts = keysOnly || left <= limit
            ? [(from: after, to: end)]
            : Self.chainBounds(after: after, prefix: Array(prefix.utf8), end: end, chains: chainCount)
        let chains = parts.map { range in
            ListingChain(client: self, prefix: prefix, from: range.from, to: range.to, limit: limit, revision: pinned,
                         keysOnly: keysOnly, readAhead: Self.readAhead, pace: pace, transform: transform)
        }
        defer { for chain in chains { chain.cancel() } }
        let firstHeader = first.header
        await onPage(firstHeader, await transform(first))
        // Each page is held until the next non-empty one arrives, so that `more` is false on the
        // last page with keys (a chain's last page is not the listing's, and a later chain may be empty).
        var held: (header: RangeResult, work: Task<Work, Never>)?
        for chain in chains {
            for await next in chain.pages {
                var (header, keys, work) = try next.get()
                chain.consumed()
                guard keys > 0 else { continue }
                header.more = true
                if let held { await onPage(held.header, await held.work.value) }
                held = (header, work)
            }
        }
        guard var last = held else { return (pinned, endpoint) }
        last.header.more = false
        await onPage(last.header, await last.work.value)
        return (pinned, last.header.endpoint)
    }

    /// `[start, end)` cut at the ``chainSplits`` keys that fall inside it (all for eight chains,
    /// every other one for four, the middle one for two), in key order.
    static func chainBounds(after start: [UInt8], prefix: [UInt8], end: [UInt8],
                            chains: Int = 8) -> [(from: [UInt8], to: [UInt8])] {
        // `[0]` as the end means "to the end of the key space".
        let step = chains >= 8 ? 1 : chains >= 4 ? 2 : chains >= 2 ? 4 : chainSplits.count + 1
        let splits = stride(from: step - 1, to: chainSplits.count, by: step).map { chainSplits[$0] }
        let cuts = splits.map { prefix + [$0] }.filter { cut in
            start.lexicographicallyPrecedes(cut) && (end == [0] || cut.lexicographicallyPrecedes(end))
        }
        let bounds = [start] + cuts + [end]
        return (0..<(bounds.count - 1)).map { (bounds[$0], bounds[$0 + 1]) }
    }

    /// Reads many keys at one revision (0 = current) in transactions of up to `batch` ranges.
    /// Missing keys are absent from the result.
    public func getMany(_ keys: [String], revision: Int64 = 0, batch: Int = 100) async throws(EtcdError) -> RangeResult {
        var kvs: [KeyValue] = []
        kvs.reserveCapacity(keys.count)
        var pinned = revision
        var endpoint = currentEndpoint
        var start = 0
        while start < keys.count {
            let slice = keys[start..<min(start + max(1, batch), keys.count)]
            var request = Etcdserverpb_TxnRequest()
            request.success = slice.map { key in
                var range = Etcdserverpb_RangeRequest()
                range.key = Data(key.utf8)
                range.revision = pinned
                var op = Etcdserverpb_RequestOp()
                op.requestRange = range
                return op
            }
            let (response, answered) = try await execute(.read, key: slice.first) { [request] conn, options, metadata in
                try await conn.kv.txn(request, metadata: metadata, options: options)
            }
            endpoint = answered
            if pinned == 0 { pinned = response.header.revision }
            for r in response.responses { for kv in r.responseRange.kvs { kvs.append(KeyValue(kv)) } }
            start += slice.count
        }
        return RangeResult(kvs: kvs, revision: pinned, endpoint: endpoint)
    }

    /// Writes `value` unconditionally. Returns the store revision after the write.
    @discardableResult
    public func put(_ key: String, value: [UInt8]) async throws(EtcdError) -> Int64 {
        var request = Etcdserverpb_PutRequest()
        request.key = Data(key.utf8)
        request.value = Data(value)
        let (response, _) = try await execute(.write, key: key) { [request] conn, options, metadata in
            try await conn.kv.put(request, metadata: metadata, options: options)
        }
        return response.header.revision
    }

    /// Writes `value` only if the key is still at `expectedModRevision`; otherwise returns the
    /// current key-value read in the same transaction.
    public func update(_ key: String, value: [UInt8], expectedModRevision: Int64) async throws(EtcdError) -> CASResult {
        var compare = Etcdserverpb_Compare()
        compare.key = Data(key.utf8)
        compare.target = .mod
        compare.result = .equal
        compare.modRevision = expectedModRevision
        return try await compareAndSwap(key, compare: compare, success: .put(value))
    }

    /// Creates the key only if it does not exist (`create_revision == 0`).
    public func create(_ key: String, value: [UInt8]) async throws(EtcdError) -> CASResult {
        var compare = Etcdserverpb_Compare()
        compare.key = Data(key.utf8)
        compare.target = .create
        compare.result = .equal
        compare.createRevision = 0
        return try await compareAndSwap(key, compare: compare, success: .put(value))
    }

    /// Deletes the key if it is still at `expectedModRevision` (or unconditionally when nil, in
    /// which case a missing key is reported as a conflict with `current == nil`).
    public func delete(_ key: String, expectedModRevision: Int64?) async throws(EtcdError) -> CASResult {
        var compare = Etcdserverpb_Compare()
        compare.key = Data(key.utf8)
        if let expectedModRevision {
            compare.target = .mod
            compare.result = .equal
            compare.modRevision = expectedModRevision
        } else {
            compare.target = .create
            compare.result = .greater
            compare.createRevision = 0
        }
        return try await compareAndSwap(key, compare: compare, success: .delete)
    }

    enum SwapAction { case put([UInt8]), delete }

    /// One transaction: if `compare` holds, do `success`; else range the key.
    private func compareAndSwap(_ key: String, compare: Etcdserverpb_Compare, success: SwapAction) async throws(EtcdError) -> CASResult {
        var request = Etcdserverpb_TxnRequest()
        request.compare = [compare]
        var op = Etcdserverpb_RequestOp()
        switch success {
        case .put(let value):
            var put = Etcdserverpb_PutRequest()
            put.key = Data(key.utf8)
            put.value = Data(value)
            op.requestPut = put
        case .delete:
            var del = Etcdserverpb_DeleteRangeRequest()
            del.key = Data(key.utf8)
            op.requestDeleteRange = del
        }
        request.success = [op]
        var range = Etcdserverpb_RangeRequest()
        range.key = Data(key.utf8)
        var failure = Etcdserverpb_RequestOp()
        failure.requestRange = range
        request.failure = [failure]
        let (response, _) = try await execute(.write, key: key) { [request] conn, options, metadata in
            try await conn.kv.txn(request, metadata: metadata, options: options)
        }
        if response.succeeded {
            return .succeeded(revision: response.header.revision)
        }
        let current = response.responses.first?.responseRange.kvs.first.map(KeyValue.init)
        return .conflict(current: current, revision: response.header.revision)
    }

    /// Compacts the history up to `revision` (waits for the physical compaction).
    public func compact(revision: Int64) async throws(EtcdError) {
        var request = Etcdserverpb_CompactionRequest()
        request.revision = revision
        request.physical = true
        _ = try await execute(.write, key: nil) { [request] conn, options, metadata in
            try await conn.kv.compact(request, metadata: metadata, options: options)
        }
    }

    /// The status of the member in use.
    public func status() async throws(EtcdError) -> EndpointStatus {
        let (response, endpoint) = try await execute(.read, key: nil) { conn, options, metadata in
            try await conn.maintenance.status(Etcdserverpb_StatusRequest(), metadata: metadata, options: options)
        }
        return EndpointStatus(endpoint: endpoint, version: response.version, memberID: response.header.memberID,
                              leader: response.leader, revision: response.header.revision,
                              raftTerm: response.raftTerm, dbSize: response.dbSize)
    }

    /// The smallest key greater than every key with `prefix` (etcd's `GetPrefixRangeEnd`).
    static func prefixEnd(_ prefix: [UInt8]) -> [UInt8] {
        var end = prefix
        while let last = end.last {
            if last < 0xff {
                end[end.count - 1] = last + 1
                return end
            }
            end.removeLast()
        }
        return [0]
    }
}

extension KeyValue {
    init(_ kv: Mvccpb_KeyValue) {
        self.init(key: Array(kv.key), value: Array(kv.value), createRevision: kv.createRevision,
                  modRevision: kv.modRevision, version: kv.version)
    }
}

extension EtcdClient {
    /// Writes many keys unconditionally, in transactions of at most `maxOps` puts and `maxBytes`
    /// of keys and values each (etcd refuses more than `--max-txn-ops`, default 128, and requests
    /// over `--max-request-bytes`, default 1.5 MiB), with up to `parallel` transactions in flight.
    /// A key-value larger than `maxBytes` travels alone. `progress` is told how many pairs have
    /// been written after each transaction. A transaction whose outcome is unknown is sent again
    /// (up to 5 times): unconditional puts of the same values may be repeated. Returns the highest
    /// revision written.
    @discardableResult
    public func putMany(_ pairs: [(key: String, value: [UInt8])], maxOps: Int = 100, maxBytes: Int = 1 << 20,
                        parallel: Int = 4, progress: (@Sendable (Int) -> Void)? = nil) async throws(EtcdError) -> Int64 {
        let batches = Self.batches(sizes: pairs.map { $0.key.utf8.count + $0.value.count }, maxOps: maxOps, maxBytes: maxBytes)
        let result: Result<Int64, EtcdError> = await withTaskGroup(of: Result<(Int64, Int), EtcdError>.self) { group in
            var next = 0
            var written = 0
            var revision: Int64 = 0
            var failure: EtcdError?
            func add() {
                guard next < batches.count else { return }
                let range = batches[next]
                next += 1
                let slice = Array(pairs[range])
                group.addTask {
                    // Puts without a condition may be sent again: writing the same values twice
                    // leaves the same keys (at a later revision). So a transaction whose outcome is
                    // unknown (the connection dropped after it was sent) is retried a few times.
                    var attempt = 0
                    while true {
                        do throws(EtcdError) {
                            return .success((try await self.putTransaction(slice), slice.count))
                        } catch {
                            attempt += 1
                            guard error.kind == .outcomeUnknown, attempt < 5, !Task.isCancelled else { return .failure(error) }
                            self.logger.info("etcd: retrying a transaction of \(slice.count) puts: \(error.message)")
                            try? await Task.sleep(for: self.configuration.retry.delay(forRetry: attempt))
                        }
                    }
                }
            }
            for _ in 0..<max(1, parallel) { add() }
            for await outcome in group {
                switch outcome {
                case .success(let (rev, count)):
                    revision = max(revision, rev)
                    written += count
                    progress?(written)
                    if failure == nil { add() }
                case .failure(let error):
                    if failure == nil { failure = error }
                }
            }
            if let failure { return .failure(failure) }
            return .success(revision)
        }
        return try result.get()
    }

    /// Index ranges of consecutive items, each at most `maxOps` items and `maxBytes` in total
    /// (an item larger than `maxBytes` forms a range of its own).
    static func batches(sizes: [Int], maxOps: Int, maxBytes: Int) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        var bytes = 0
        for (i, size) in sizes.enumerated() {
            if i > start && (i - start >= max(1, maxOps) || bytes + size > maxBytes) {
                ranges.append(start..<i)
                start = i
                bytes = 0
            }
            bytes += size
        }
        if start < sizes.count { ranges.append(start..<sizes.count) }
        return ranges
    }

    /// One transaction putting every pair.
    private func putTransaction(_ pairs: [(key: String, value: [UInt8])]) async throws(EtcdError) -> Int64 {
        var request = Etcdserverpb_TxnRequest()
        request.success = pairs.map { pair in
            var put = Etcdserverpb_PutRequest()
            put.key = Data(pair.key.utf8)
            put.value = Data(pair.value)
            var op = Etcdserverpb_RequestOp()
            op.requestPut = put
            return op
        }
        let (response, _) = try await execute(.write, key: pairs.first?.key) { [request] conn, options, metadata in
            try await conn.kv.txn(request, metadata: metadata, options: options)
        }
        return response.header.revision
    }
}
