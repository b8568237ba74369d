package dev.vedette.spring.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slows down guessing of the dashboard token at the login form without locking out everyone else.
 *
 * <p>Per client address: the first {@value #FREE_FAILURES} failed logins cost nothing; each further
 * one locks that address out for a wait that starts at {@link #FIRST_LOCKOUT} and doubles with every
 * failure, up to {@link #MAX_LOCKOUT}. Attempts during a lockout are refused without looking at the
 * token. A successful login clears the address; an address without a failure for {@link
 * #FORGET_AFTER} starts afresh. Across all addresses, at most {@value #GLOBAL_FAILURES_PER_MINUTE}
 * failed logins are taken in one minute; after that every address waits for the next minute. Each
 * lockout is logged at WARN with the address and the wait, never the submitted token.
 *
 * <p>The address is the servlet's remote address: behind a reverse proxy, let the server take the
 * client's address from the proxy's headers (Spring Boot: {@code server.forward-headers-strategy}),
 * else every client shares the proxy's address.
 */
final class LoginThrottle {
    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

    /** Failed logins from one address before the first lockout. */
    static final int FREE_FAILURES = 5;
    /** The first lockout of an address; each further failure doubles it. */
    static final Duration FIRST_LOCKOUT = Duration.ofSeconds(1);
    /** The longest lockout of an address. */
    static final Duration MAX_LOCKOUT = Duration.ofMinutes(15);
    /** How long an address's failures are remembered after its last failure. */
    static final Duration FORGET_AFTER = Duration.ofHours(1);
    /** Failed logins per minute across all addresses before the form refuses everyone until the next minute. */
    static final int GLOBAL_FAILURES_PER_MINUTE = 1_000;
    /** Most addresses remembered at once; the least recently failed are forgotten first. */
    static final int MAX_ADDRESSES = 100_000;

    private record Failures(int count, Instant lockedUntil, Instant last) {}

    private final Clock clock;
    private final Map<String, Failures> byAddress = new HashMap<>(); // guarded by this
    private long globalMinute = Long.MIN_VALUE; // guarded by this
    private int globalFailures; // guarded by this

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long this address must wait before it may try again; zero if it may try now. */
    synchronized Duration retryAfter(String address) {
        Instant now = clock.instant();
        long minute = Math.floorDiv(now.getEpochSecond(), 60);
        if (minute == globalMinute && globalFailures >= GLOBAL_FAILURES_PER_MINUTE) {
            return Duration.between(now, Instant.ofEpochSecond((minute + 1) * 60));
        }
        Failures f = byAddress.get(address);
        if (f != null && now.isBefore(f.lockedUntil())) {
            return Duration.between(now, f.lockedUntil());
        }
        return Duration.ZERO;
    }

    /** Counts a wrong token from this address; may lock the address, or all addresses, out. */
    synchronized void failed(String address) {
        Instant now = clock.instant();
        long minute = Math.floorDiv(now.getEpochSecond(), 60);
        if (minute != globalMinute) {
            globalMinute = minute;
            globalFailures = 0;
        }
        globalFailures++;
        if (globalFailures == GLOBAL_FAILURES_PER_MINUTE) {
            log.warn(
                    "Vedette dashboard login locked for every address until {}: {} failed logins within a minute",
                    Instant.ofEpochSecond((minute + 1) * 60),
                    globalFailures);
        }
        Failures previous = byAddress.get(address);
        if (previous != null && !now.isBefore(previous.last().plus(FORGET_AFTER))) {
            previous = null;
        }
        int count = previous == null ? 1 : previous.count() + 1;
        Instant lockedUntil = now;
        if (count > FREE_FAILURES) {
            Duration lockout = lockout(count - FREE_FAILURES);
            lockedUntil = now.plus(lockout);
            log.warn(
                    "Vedette dashboard login locked for {} s for address {} after {} failed logins",
                    lockout.toSeconds(),
                    address,
                    count);
        }
        if (previous == null && byAddress.size() >= MAX_ADDRESSES) {
            forgetOldest(now);
        }
        byAddress.put(address, new Failures(count, lockedUntil, now));
    }

    /** Clears this address after a successful login. */
    synchronized void succeeded(String address) {
        byAddress.remove(address);
    }

    /** The lockout after the given number of failures beyond the free ones (1, 2, …). */
    static Duration lockout(int beyondFree) {
        int doublings = Math.min(beyondFree - 1, 30);
        Duration d = FIRST_LOCKOUT.multipliedBy(1L << doublings);
        return d.compareTo(MAX_LOCKOUT) > 0 ? MAX_LOCKOUT : d;
    }

    private void forgetOldest(Instant now) {
        byAddress.values().removeIf(f -> !now.isBefore(f.last().plus(FORGET_AFTER)) && !now.isBefore(f.lockedUntil()));
        if (byAddress.size() < MAX_ADDRESSES) {
            return;
        }
        String oldest = null;
        Instant oldestAt = Instant.MAX;
        for (Iterator<Map.Entry<String, Failures>> it = byAddress.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Failures> e = it.next();
            if (e.getValue().last().isBefore(oldestAt)) {
                oldest = e.getKey();
                oldestAt = e.getValue().last();
            }
        }
        byAddress.remove(oldest);
    }

    /** Addresses remembered now (for tests). */
    synchronized int addresses() {
        return byAddress.size();
    }
}
