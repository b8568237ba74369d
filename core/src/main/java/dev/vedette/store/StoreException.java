package dev.vedette.store;

/** A storage operation failed. The message never contains secrets or personal data. */
public class StoreException extends RuntimeException {
    /** With a message. */
    public StoreException(String message) {
        super(message);
    }

    /** With a message and cause. */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
