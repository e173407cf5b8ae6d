@testable import Etcd
import Testing

@Suite("endpoint pool")
struct EndpointPoolTests {
    @Test func thePreferredEndpointGoesFirstAndSetAsideOnesLast() {
        let now = ContinuousClock.now
        var pool = EndpointPool(count: 4)
        #expect(pool.attemptOrder(at: now) == [0, 1, 2, 3])
        let switched = pool.markHealthy(2)
        let switchedAgain = pool.markHealthy(2)
        #expect(switched)
        #expect(!switchedAgain, "already preferred")
        #expect(pool.attemptOrder(at: now) == [2, 3, 0, 1])
        pool.setAside(3, reason: "b", until: now + .seconds(2))
        pool.setAside(0, reason: "a", until: now + .seconds(1))
        #expect(pool.attemptOrder(at: now) == [2, 1, 0, 3], "set aside last, the one back soonest first")
        #expect(pool.attemptOrder(at: now + .seconds(1)) == [2, 0, 1, 3], "back in line when its time is up")
    }

    @Test func settingThePreferredEndpointAsidePrefersTheNext() {
        let now = ContinuousClock.now
        var pool = EndpointPool(count: 3)
        pool.markHealthy(2)
        #expect(pool.isProven(2))
        pool.setAside(2, reason: "connection refused", until: now + .seconds(3))
        #expect(pool.preferred == 0, "wraps around")
        #expect(!pool.isProven(2))
        #expect(!pool.isHealthy(2, at: now + .seconds(4)), "unhealthy until it answers again")
        #expect(pool.lastError[2] == "connection refused")
        pool.markHealthy(2)
        #expect(pool.isHealthy(2, at: now))
        #expect(pool.lastError[2] == nil)
    }
}
