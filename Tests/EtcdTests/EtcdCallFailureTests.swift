@testable import Etcd
import GRPCCore
import Testing

/// How errors from gRPC and etcd are reduced to what the call machine decides on.
@Suite("etcd call failure classification")
struct EtcdCallFailureTests {
    typealias Condition = EtcdCallFailure.Condition

    @Test("code, condition and whether the request may have reached etcd", arguments: [
        // etcd 3.4 sends these conditions as unavailable; only the message names them.
        (RPCError.Code.unavailable, "etcdserver: no leader", Condition?.some(.noLeader), true, EtcdError.Kind.unavailable),
        (.unavailable, "etcdserver: leader changed", .leaderChanged, true, .unavailable),
        (.unavailable, "etcdserver: request timed out", .requestTimedOut, true, .unavailable),
        (.unavailable, "etcdserver: request timed out, possibly due to previous leader failure", .requestTimedOut, true,
         .unavailable),
        (.unavailable, "etcdserver: not capable", .notCapable, true, .unavailable),
        (.resourceExhausted, "etcdserver: too many requests", .tooManyRequests, true, .server),
        (.unauthenticated, "etcdserver: invalid auth token", .invalidAuthToken, true, .authenticationFailed),
        (.unavailable, "SSL handshake failed: certificate verify failed", .tlsHandshake, true, .tls),
        // Transport errors raised before a request stream opened: provably never sent.
        (.unavailable, "Channel isn't ready.", nil, false, .unavailable),
        (.unavailable, "The subchannel is in a transient failure state", nil, false, .unavailable),
        (.unavailable, "Connection refused", nil, true, .unavailable),
        (.unavailable, "Stream unexpectedly closed.", nil, true, .unavailable),
        (.deadlineExceeded, "Timed out", nil, true, .timeout),
        (.invalidArgument, "etcdserver: authentication failed, invalid user ID or password", nil, true,
         .authenticationFailed),
        (.invalidArgument, "etcdserver: request is too large", nil, true, .requestTooLarge),
        (.permissionDenied, "etcdserver: permission denied", nil, true, .permissionDenied),
        (.outOfRange, "etcdserver: mvcc: required revision has been compacted", nil, true, .compacted),
    ])
    func classifies(_ row: (RPCError.Code, String, Condition?, Bool, EtcdError.Kind)) {
        let (code, message, condition, reached, kind) = row
        let f = EtcdCallFailure(RPCError(code: code, message: message), endpoint: EtcdEndpoint(host: "127.0.0.1", port: 2379),
                                key: "/k")
        #expect(f.code == code)
        #expect(f.condition == condition)
        #expect(f.mayHaveReachedEtcd == reached)
        #expect(f.error.kind == kind)
        #expect(f.error.endpoint?.port == 2379)
        #expect(f.error.key == "/k")
    }

    /// etcd giving up on the deadline the call carried is the call's deadline passing, whatever
    /// code it comes with (it can arrive before the client's own timer fires).
    @Test(arguments: [RPCError.Code.unknown, .deadlineExceeded])
    func etcdsContextDeadlineIsTheCallsDeadline(code: RPCError.Code) {
        let f = EtcdCallFailure(RPCError(code: code, message: "context deadline exceeded"),
                                endpoint: EtcdEndpoint(host: "127.0.0.1", port: 2379), key: "/f/")
        #expect(f.code == .deadlineExceeded)
        #expect(f.error.kind == .timeout)
    }

    @Test func aCancelledTaskCountsAsTheCancelledCode() {
        let f = EtcdCallFailure(CancellationError(), endpoint: EtcdEndpoint(host: "127.0.0.1", port: 2379), key: nil)
        #expect(f.code == .cancelled)
        #expect(f.error.kind == .cancelled)
    }

    @Test func errorsFromElsewhereHaveNoCode() {
        struct Odd: Error {}
        let f = EtcdCallFailure(Odd(), endpoint: EtcdEndpoint(host: "127.0.0.1", port: 2379), key: nil)
        #expect(f.code == nil)
        #expect(f.error.kind == .server)
    }

    @Test func etcdRefusingTheCredentialsIsSaidWithTheUserAndAHint() {
        let endpoint = EtcdEndpoint(host: "127.0.0.1", port: 2379)
        let refused = EtcdCallFailure(
            authenticating: RPCError(code: .invalidArgument, message: "etcdserver: authentication failed, invalid user ID or password"),
            as: "alice", endpoint: endpoint)
        #expect(refused.error.kind == .authenticationFailed)
        #expect(refused.error.message == "authentication as alice failed: authentication failed, invalid user ID or password")
        #expect(refused.error.hint == "check the user name and password")
        // An endpoint that cannot be reached stays an endpoint failure: another may answer.
        let down = EtcdCallFailure(authenticating: RPCError(code: .unavailable, message: "Connection refused"),
                                   as: "alice", endpoint: endpoint)
        #expect(down.error.kind == .unavailable)
        #expect(down.error.message == "connection refused")
    }

    @Test func writesWhoseOutcomeIsUnknownSaySoAndWhatToDo() {
        let lost = EtcdError(.unavailable, message: "connection lost").writeOutcomeUnknown(connectionLost: true)
        #expect(lost.kind == .outcomeUnknown)
        #expect(lost.message == "connection lost after the write was sent (connection lost)")
        #expect(lost.hint?.contains("poddeck get") == true)
        let busy = EtcdError(.server, message: "too many requests").writeOutcomeUnknown(connectionLost: false)
        #expect(busy.message == "too many requests")
        #expect(busy.kind == .outcomeUnknown)
        let late = EtcdError.noAnswer(within: .seconds(5), key: "/k", last: nil, write: false)
        #expect(late.kind == .timeout)
        #expect(late.description == "etcd: no answer within 5s (--timeout) (key /k); check that etcd is running and has quorum (etcdctl endpoint health)")
    }
}
