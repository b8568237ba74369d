package dev.vedette.internal.runtime;

import dev.vedette.model.AuditEntry;
import dev.vedette.store.Store;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * Erases a customer's personal data from the store ({@link Store#erase}): the e-mail is replaced by
 * a pseudonym derived from it ({@code erased-<hash>@erased.invalid}, the same for the same address
 * in any case, so erased customers still count as one), and the erasure is audited under the
 * pseudonym, never the address.
 */
public final class CustomerErasure {
    private final Store store;
    private final Clock clock;

    /** Erases from {@code store}, auditing at the clock's time. */
    public CustomerErasure(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Erases the customer and audits it as done by {@code by}.
     *
     * @return the number of rows changed
     */
    public long erase(String customerEmail, String by) {
        String pseudonym = pseudonym(customerEmail);
        long changed = store.erase(customerEmail, pseudonym);
        store.appendAudit(
                new AuditEntry(0, clock.instant(), by, "customer.erase", pseudonym, Map.of("rowsChanged", changed)));
        return changed;
    }

    /** The pseudonym of an address: the first 8 bytes of the SHA-256 of its lower case, in hex. */
    private static String pseudonym(String email) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(email.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return "erased-" + HexFormat.of().formatHex(digest, 0, 8) + "@erased.invalid";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
