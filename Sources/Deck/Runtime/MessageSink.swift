/// A message on its way to `update`, with the cluster it is about (nil: none, such as a key or
/// a clock tick).
struct Envelope: Sendable {
    /// The cluster epoch of the component that sent it.
    var epoch: Int?
    /// The message.
    var msg: Msg
}

/// Where a part of the runtime sends its messages. Each part bound to one etcd cluster (the pod
/// sync, probes, pulls, the editing engine, logs and shells) gets a sink stamped with the
/// cluster's epoch; after a context switch the runtime drops whatever arrives stamped with an
/// older one, so nothing from the cluster left behind reaches the screen.
struct MessageSink: Sendable {
    let continuation: AsyncStream<Envelope>.Continuation
    /// The cluster epoch stamped on every message (nil: not bound to a cluster).
    let epoch: Int?

    /// Sends `msg`.
    func yield(_ msg: Msg) { continuation.yield(Envelope(epoch: epoch, msg: msg)) }
}
