/// What came back from one exchange.
struct HTTPProbeResponse: Sendable {
    /// The status code.
    var status: Int
    /// The `Location` header, if any.
    var location: String?
    /// The body, at most `bodyLimit` bytes.
    var body: [UInt8]
}
