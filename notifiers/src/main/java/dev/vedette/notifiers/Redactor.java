package dev.vedette.notifiers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Removes configured secrets from text before it reaches a log line, a {@code SendResult} reason or
 * an exception message. A second line of defence: the notifiers already build their reasons from
 * status codes and peer error texts, never from URLs or credentials.
 */
final class Redactor {
    static final String MASK = "[redacted]";
    private static final int MIN_SECRET_LENGTH = 4;

    private final List<String> secrets;

    Redactor(List<@Nullable String> secrets) {
        List<String> kept = new ArrayList<>();
        for (String s : secrets) {
            if (s != null && s.length() >= MIN_SECRET_LENGTH) {
                kept.add(s);
            }
        }
        // longest first, so a URL is masked before its path
        kept.sort(Comparator.comparingInt(String::length).reversed());
        this.secrets = List.copyOf(kept);
    }

    String redact(@Nullable String text) {
        if (text == null) {
            return "";
        }
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, MASK);
        }
        return out;
    }

    /** The simple class name and redacted message of {@code t}, for reasons and logs. */
    String describe(Throwable t) {
        String message = t.getMessage();
        String name = t.getClass().getSimpleName();
        return message == null || message.isBlank() ? name : name + ": " + redact(message);
    }
}
