package dev.vedette.store;

import dev.vedette.model.AlertRecord;
import dev.vedette.model.StoredTransaction;
import dev.vedette.model.Transaction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The text rewriting behind {@link Store#erase}, for stores that erase in Java: replaces the
 * e-mail, in any case ({@code Ada@Example.COM} for {@code ada@example.com}), by the replacement in
 * free text and JSON-compatible maps, and pseudonymises the customer fields of transactions.
 */
public final class Erasure {
    private final String email;
    private final Pattern mention;
    private final String replacement;
    private final String quotedReplacement;

    /** Erases {@code email} in favour of {@code replacement}. */
    public Erasure(String email, String replacement) {
        this.email = email;
        this.mention = Pattern.compile(Pattern.quote(email), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        this.replacement = replacement;
        this.quotedReplacement = Matcher.quoteReplacement(replacement);
    }

    /** True if the address is the erased customer's (ignoring case). */
    public boolean isCustomer(@Nullable String customerEmail) {
        return customerEmail != null && customerEmail.equalsIgnoreCase(email);
    }

    /** The text with every mention replaced; null stays null. */
    public @Nullable String text(@Nullable String text) {
        if (text == null) {
            return null;
        }
        return mention.matcher(text).replaceAll(quotedReplacement);
    }

    /** A deep copy of the map with every string value's mentions replaced. */
    public Map<String, Object> map(Map<String, Object> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, value(v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private Object value(Object v) {
        if (v instanceof String s) {
            return text(s);
        }
        if (v instanceof Map<?, ?> m) {
            return map((Map<String, Object>) m);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(value(x)));
            return out;
        }
        return v;
    }

    /** The stored state with the customer pseudonymised and mentions replaced. */
    public StoredTransaction transaction(StoredTransaction t) {
        boolean customer = isCustomer(t.customerEmail());
        return new StoredTransaction(
                t.id(),
                t.status(),
                t.statusAt(),
                t.money(),
                customer ? replacement : t.customerEmail(),
                customer ? null : t.customerName(),
                t.provider(),
                t.providerOrderId(),
                t.providerPaymentId(),
                t.paymentMethod(),
                t.errorCode(),
                text(t.errorMessage()),
                t.attempt(),
                t.latency(),
                map(t.metadata()),
                t.steps(),
                t.createdAt(),
                t.lastEventAt(),
                t.completedAt(),
                t.updatedAt(),
                t.eventCount(),
                t.timeline());
    }

    /** The observation rewritten, or the same instance when nothing changes. */
    public Transaction observation(Transaction o) {
        boolean customer = isCustomer(o.customerEmail());
        String message = text(o.errorMessage());
        Map<String, Object> metadata = map(o.metadata());
        if (!customer && java.util.Objects.equals(message, o.errorMessage()) && metadata.equals(o.metadata())) {
            return o;
        }
        Transaction.Builder b = o.toBuilder().metadata(metadata).error(o.errorCode(), message);
        if (customer) {
            b.customer(replacement, null);
        }
        return b.build();
    }

    /** The alert with mentions in title, message and labels replaced. */
    public AlertRecord alert(AlertRecord a) {
        TreeMap<String, String> labels = new TreeMap<>();
        a.labels().forEach((k, v) -> labels.put(k, text(v)));
        return new AlertRecord(
                a.id(),
                a.dedupKey(),
                a.severity(),
                text(a.title()),
                text(a.message()),
                a.component(),
                labels,
                a.source(),
                a.status(),
                a.occurrences(),
                a.firstSeen(),
                a.lastSeen(),
                a.acknowledgedBy(),
                a.acknowledgedAt(),
                a.resolvedBy(),
                a.resolvedAt(),
                a.lastNotifiedAt(),
                a.suppressedBy());
    }
}
