package dev.vedette.store;

/**
 * A storage operation failed. The message never contains secrets or personal data.
 *
 * <p>A failure is either <em>transient</em> (the database could not be reached, a timeout, a
 * deadlock or serialization failure: the same call may succeed later, so the record pipeline retries
 * it with backoff) or <em>permanent for the data given</em> ({@link #isPermanent()}: the database
 * refused a value or a key, such as SQLState classes 22 and 23, so the same call fails again
 * whenever it is repeated). On a permanent failure of a batch write the pipeline splits the batch
 * until the refused records are isolated, writes the others and quarantines those. A store that
 * cannot tell says transient, the constructors' default.
 */
public class StoreException extends RuntimeException {
    /** Whether the same call fails again when repeated ({@link #isPermanent()}). */
    private final boolean permanent;

    /** With a message; transient. */
    public StoreException(String message) {
        this(message, null, false);
    }

    /** With a message and cause; transient. */
    public StoreException(String message, Throwable cause) {
        this(message, cause, false);
    }

    /**
     * With a message, a cause (may be null) and whether the failure is permanent for the data of
     * this call.
     */
    public StoreException(String message, @org.jspecify.annotations.Nullable Throwable cause, boolean permanent) {
        super(message, cause);
        this.permanent = permanent;
    }

    /**
     * True if the store refused the data of this call (a bad value or a key collision), so that
     * repeating the same call fails again; false if the call may succeed when repeated later.
     */
    public boolean isPermanent() {
        return permanent;
    }
}
