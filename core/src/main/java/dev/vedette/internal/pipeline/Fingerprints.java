package dev.vedette.internal.pipeline;

import dev.vedette.model.ErrorEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Groups errors: a fingerprint is a digest of the exception type, the top application frames
 * (class and method, no line numbers) and the message template (the message with quoted values,
 * e-mails, UUIDs, hex ids, numbers and three-capital codes replaced, see {@link #template}). The
 * same bug thrown from another line, for another order id or another bad value from a user, gives
 * the same fingerprint.
 */
public final class Fingerprints {
    /** Frames from these packages are framework frames and are skipped. */
    public static final List<String> DEFAULT_FRAMEWORK_PREFIXES = List.of(
            "java.",
            "javax.",
            "jdk.",
            "sun.",
            "com.sun.",
            "jakarta.",
            "kotlin.",
            "scala.",
            "org.springframework.",
            "org.apache.",
            "org.hibernate.",
            "org.eclipse.",
            "io.netty.",
            "reactor.",
            "okhttp3.",
            "okio.",
            "com.zaxxer.",
            "org.jooq.",
            "org.junit.",
            "dev.vedette.");

    private static final int FRAMES = 3;
    private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+");
    private static final Pattern UUID =
            Pattern.compile("\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");
    private static final Pattern HEX =
            Pattern.compile("\\b(0x)?[0-9a-fA-F]*[0-9][0-9a-fA-F]*[a-fA-F][0-9a-fA-F]*\\b|\\b0x[0-9a-fA-F]+\\b");
    private static final Pattern ID_WITH_DIGITS = Pattern.compile("\\b[A-Za-z_-]*\\d[\\w-]*\\b");
    // a quote not inside a word (so "can't" and "customer's" are left alone), up to its partner
    private static final Pattern SINGLE_QUOTED = Pattern.compile("(?<!\\w)'[^'\\n]*'(?!\\w)");
    private static final Pattern DOUBLE_QUOTED = Pattern.compile("(?<!\\w)\"[^\"\\n]*\"(?!\\w)");
    private static final Pattern BACK_QUOTED = Pattern.compile("`[^`\\n]*`");
    // three capitals standing alone: the shape of currency (QBX) and country (DEU) codes
    private static final Pattern CODE = Pattern.compile("(?<![\\w<])[A-Z]{3}(?![\\w>])");

    private final List<String> frameworkPrefixes;

    /** Fingerprints with these framework prefixes. */
    public Fingerprints(List<String> frameworkPrefixes) {
        this.frameworkPrefixes = List.copyOf(frameworkPrefixes);
    }

    /** Fingerprints with {@link #DEFAULT_FRAMEWORK_PREFIXES}. */
    public Fingerprints() {
        this(DEFAULT_FRAMEWORK_PREFIXES);
    }

    /**
     * The message with the values a user may have supplied replaced by placeholders, so that they
     * never split a group: quoted values ({@code '<str>'}, {@code "<str>"}, {@code `<str>`}),
     * e-mails, UUIDs, hex ids, words holding digits, and codes of three capitals such as currency
     * codes ({@code <code>}).
     */
    public static String template(@Nullable String message) {
        if (message == null || message.isEmpty()) {
            return "";
        }
        String t = SINGLE_QUOTED.matcher(message).replaceAll("'<str>'");
        t = DOUBLE_QUOTED.matcher(t).replaceAll("\"<str>\"");
        t = BACK_QUOTED.matcher(t).replaceAll("`<str>`");
        t = EMAIL.matcher(t).replaceAll("<email>");
        t = UUID.matcher(t).replaceAll("<uuid>");
        t = HEX.matcher(t).replaceAll("<hex>");
        t = ID_WITH_DIGITS.matcher(t).replaceAll("<n>");
        t = CODE.matcher(t).replaceAll("<code>");
        return t.length() > 500 ? t.substring(0, 500) : t;
    }

    /** The fingerprint of an event: 32 hex characters. */
    public String fingerprint(ErrorEvent event) {
        StringBuilder key = new StringBuilder(event.type()).append('|');
        int taken = 0;
        for (StackTraceElement frame : event.frames()) {
            if (taken == FRAMES) {
                break;
            }
            if (isFramework(frame.getClassName())) {
                continue;
            }
            key.append(frame.getClassName())
                    .append('#')
                    .append(frame.getMethodName())
                    .append('|');
            taken++;
        }
        if (taken == 0 && !event.frames().isEmpty()) {
            StackTraceElement top = event.frames().get(0);
            key.append(top.getClassName())
                    .append('#')
                    .append(top.getMethodName())
                    .append('|');
        }
        key.append(template(event.message()));
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(key.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    private boolean isFramework(String className) {
        for (String prefix : frameworkPrefixes) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
