extension DockerClient {
    /// Follows container `containerID`'s logs until the daemon ends the stream, then makes sure
    /// the last lines arrived: a followed stream can end when the container stops, before the
    /// daemon has handed over everything it wrote. When the container has stopped by then, its
    /// logs are read once more, without following, from the last time stamp delivered, and the
    /// lines already delivered are skipped (see ``LogReplayFilter``).
    ///
    /// Takes the place of ``logs(containerID:options:tty:payload:)`` with
    /// ``LogOptions/follow`` (which is implied here): `payload` gets the same pieces of output in
    /// the same order, each line once. Time stamps are always asked for, to know where to read
    /// again; they are left out of the pieces unless `options` asks for them.
    ///
    /// Returns how the container was found when the stream ended (nil when it no longer exists
    /// or could not be looked at; then no second read was made).
    @discardableResult
    public func followLogsToTheEnd(containerID: String, options: LogOptions, tty: Bool,
                                   payload: (LogLine.Stream, ArraySlice<UInt8>) async throws -> Void) async throws -> ContainerInfo? {
        var stripper = LogStampStripper(keepStamps: options.timestamps)
        var filter = LogReplayFilter()
        var followed = options
        followed.follow = true
        followed.timestamps = true
        try await logs(containerID: containerID, options: followed, tty: tty) { stream, bytes in
            let kept = stripper.feed(stream, bytes, filter: &filter)
            if !kept.isEmpty { try await payload(stream, kept) }
        }
        let info = try? await containerInspect(containerID)
        guard let info, !info.running else { return info }
        var again = followed
        again.follow = false
        if let since = Self.sinceValue(forTimestamp: filter.lastStamp) {
            again.since = since
            again.tail = nil
        }
        filter.reread()
        // The second read starts at a line's beginning on both streams.
        stripper = LogStampStripper(keepStamps: options.timestamps)
        try await logs(containerID: containerID, options: again, tty: tty) { stream, bytes in
            let kept = stripper.feed(stream, bytes, filter: &filter)
            if !kept.isEmpty { try await payload(stream, kept) }
        }
        return info
    }
}
