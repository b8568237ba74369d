package dev.vedette.errors;

import dev.vedette.internal.Validate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * Masks payment and secret data in text and maps before it is stored or sent anywhere.
 *
 * <ul>
 *   <li><b>Card numbers</b>: runs of 13 to 19 digits, optionally grouped by single spaces or dashes,
 *       that pass the Luhn check, keep their last four digits and separators: {@code 4111 1111 1111
 *       1111} becomes {@code **** **** **** 1111}. Runs that fail the Luhn check (order numbers,
 *       timestamps) are left alone.
 *   <li><b>Secrets in text</b>: the value after a key whose name contains one of {@link
 *       #DEFAULT_SENSITIVE_KEYS} (case-insensitive, ignoring {@code _ - .}) followed by {@code :} or
 *       {@code =} becomes {@link #REDACTED}: {@code password=hunter2}, {@code "api_key": "sk_live_x"},
 *       {@code Authorization: Bearer eyJ...}; quoted values keep their quotes.
 *   <li><b>CVV-like fields</b>: {@code cvv 123}, {@code CVC2: 4567} and the like.
 *   <li><b>Maps</b> ({@link #scrub(Map)}): values under sensitive keys become {@link #REDACTED};
 *       strings are scrubbed as text; nested maps and lists are scrubbed recursively.
 *   <li><b>Extra patterns</b> added with {@link #withPattern}: every match becomes {@link #REDACTED}.
 * </ul>
 *
 * Immutable, thread-safe and pure; {@link #scrub(String)} returns the same instance when nothing
 * was masked. Luhn-valid digit runs that are not card numbers are masked too (about one run in ten
 * passes the check by chance): a monitoring log loses a digit run rather than keep a card number.
 *
 * <pre>{@code
 * Scrubber scrubber = Scrubber.defaults().withSensitiveKey("iban").withPattern("ssn=\\d{3}-\\d{2}-\\d{4}");
 * String safe = scrubber.scrub("card 4111-1111-1111-1111 declined, password=hunter2");
 * // "card ****-****-****-1111 declined, password=[REDACTED]"
 * }</pre>
 */
public final class Scrubber {
    /** What a masked secret is replaced with. */
    public static final String REDACTED = "[REDACTED]";

    /** Key names (or parts of names) whose values are secrets. */
    public static final List<String> DEFAULT_SENSITIVE_KEYS = List.of(
            "authorization",
            "password",
            "passwd",
            "secret",
            "token",
            "api_key",
            "apikey",
            "cvv",
            "cvc",
            "security_code",
            "cookie");

    private static final Pattern EMAIL_IN_TEXT =
            Pattern.compile("[\\p{L}\\p{N}._%+'\\-]+@[\\p{L}\\p{N}\\-]+(?:\\.[\\p{L}\\p{N}\\-]+)+");
    private static final Pattern PAN = Pattern.compile("(?<!\\d)\\d(?:[ \\-]?\\d){12,18}(?!\\d)");
    private static final Pattern CVV_WORD = Pattern.compile("(?i)\\b(cvv2?|cvc2?|csc)(\\s*[:=#]?\\s*)(\\d{3,4})\\b");
    private static final Scrubber DEFAULTS = new Scrubber(DEFAULT_SENSITIVE_KEYS, List.of());

    private final List<String> sensitiveKeys;
    private final List<Pattern> extraPatterns;
    private final Pattern keyValue;

    private Scrubber(List<String> sensitiveKeys, List<Pattern> extraPatterns) {
        this.sensitiveKeys = List.copyOf(sensitiveKeys);
        this.extraPatterns = List.copyOf(extraPatterns);
        StringBuilder alternatives = new StringBuilder();
        for (String key : sensitiveKeys) {
            if (!alternatives.isEmpty()) {
                alternatives.append('|');
            }
            StringBuilder k = new StringBuilder();
            for (char c : normalise(key).toCharArray()) {
                if (!k.isEmpty()) {
                    k.append("[_.\\-]?");
                }
                k.append(Pattern.quote(String.valueOf(c)));
            }
            alternatives.append(k);
        }
        this.keyValue = Pattern.compile("(?i)(?<![\\w.\\-])([\\w.\\-]*?(?:" + alternatives + ")[\\w.\\-]*)"
                + "(\\s*[\"']?\\s*[:=]\\s*)"
                + "(\"[^\"]*\"|'[^']*'|(?:(?:bearer|basic|digest|token)\\s+)?[^\\s\"'&,;}<>]+)");
    }

    /** The default rules: card numbers, CVV-like fields and {@link #DEFAULT_SENSITIVE_KEYS}. */
    public static Scrubber defaults() {
        return DEFAULTS;
    }

    /**
     * This scrubber with one more sensitive key name (matched case-insensitively, ignoring {@code _
     * - .}, anywhere inside a key).
     *
     * @throws IllegalArgumentException if the name is null or has no letter or digit
     */
    public Scrubber withSensitiveKey(String name) {
        if (name == null || normalise(name).isEmpty()) {
            throw new IllegalArgumentException("sensitive key must hold a letter or digit, was '" + name + "'");
        }
        List<String> keys = new ArrayList<>(sensitiveKeys);
        keys.add(name);
        return new Scrubber(keys, extraPatterns);
    }

    /**
     * This scrubber with one more pattern: every match in text is replaced by {@link #REDACTED}.
     *
     * @throws IllegalArgumentException if the regex is null, empty or does not compile
     */
    public Scrubber withPattern(String regex) {
        if (regex == null || regex.isEmpty()) {
            throw new IllegalArgumentException("pattern must not be empty, was '" + regex + "'");
        }
        try {
            return withPattern(Pattern.compile(regex));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("pattern '" + regex + "' does not compile: " + e.getDescription(), e);
        }
    }

    /** This scrubber with one more pattern; see {@link #withPattern(String)}. */
    public Scrubber withPattern(Pattern pattern) {
        Validate.notNull("pattern", pattern);
        List<Pattern> patterns = new ArrayList<>(extraPatterns);
        patterns.add(pattern);
        return new Scrubber(sensitiveKeys, patterns);
    }

    /** Masks card numbers, CVV-like fields, secrets after sensitive keys and extra patterns; null stays null. */
    public @Nullable String scrub(@Nullable String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = maskCardNumbers(text);
        out = maskKeyValues(out);
        out = maskCvv(out);
        for (Pattern p : extraPatterns) {
            Matcher m = p.matcher(out);
            if (m.find()) {
                out = m.replaceAll(Matcher.quoteReplacement(REDACTED));
            }
        }
        return out.equals(text) ? text : out;
    }

    /**
     * A scrubbed copy of a JSON-like map: values under sensitive keys become {@link #REDACTED},
     * strings are scrubbed as text, maps and lists are scrubbed recursively, other values are kept.
     * The copy is unmodifiable and keeps the iteration order.
     */
    public Map<String, Object> scrub(Map<String, ?> map) {
        Validate.notNull("map", map);
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, isSensitiveKey(k) && v != null ? REDACTED : scrubValue(v)));
        return Collections.unmodifiableMap(out);
    }

    /** True if values under this key are masked. */
    public boolean isSensitiveKey(@Nullable String key) {
        if (key == null) {
            return false;
        }
        String n = normalise(key);
        for (String s : sensitiveKeys) {
            if (n.contains(normalise(s))) {
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private @Nullable Object scrubValue(@Nullable Object v) {
        if (v instanceof String s) {
            return scrub(s);
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> nested = new LinkedHashMap<>();
            m.forEach((k, val) -> nested.put(String.valueOf(k), val));
            return scrub(nested);
        }
        if (v instanceof List<?> l) {
            List<Object> copy = new ArrayList<>(l.size());
            for (Object item : l) {
                copy.add(scrubValue(item));
            }
            return Collections.unmodifiableList(copy);
        }
        return v;
    }

    /**
     * Masks an e-mail address for display: {@code ada@example.com} becomes {@code a***@example.com}.
     * A value without {@code @} becomes {@code ***}; null stays null.
     */
    public static @Nullable String maskEmail(@Nullable String email) {
        if (email == null) {
            return null;
        }
        int at = email.lastIndexOf('@');
        if (at < 0) {
            return "***";
        }
        String local = email.substring(0, at);
        String first = local.isEmpty() ? "" : local.substring(0, Character.charCount(local.codePointAt(0)));
        return first + "***" + email.substring(at);
    }

    /**
     * Masks every e-mail address in free text as {@link #maskEmail} does: {@code "failed for
     * ada@example.com"} becomes {@code "failed for a***@example.com"}. Null stays null; text without
     * an address is returned as is.
     */
    public static @Nullable String maskEmails(@Nullable String text) {
        if (text == null || text.indexOf('@') < 0) {
            return text;
        }
        return EMAIL_IN_TEXT.matcher(text).replaceAll(m -> Matcher.quoteReplacement(maskEmail(m.group())));
    }

    /** True if the digits (other characters ignored) pass the Luhn check. */
    public static boolean luhnValid(CharSequence number) {
        int sum = 0;
        int digits = 0;
        boolean doubleIt = false;
        for (int i = number.length() - 1; i >= 0; i--) {
            char c = number.charAt(i);
            if (c < '0' || c > '9') {
                continue;
            }
            int d = c - '0';
            if (doubleIt) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            digits++;
            doubleIt = !doubleIt;
        }
        return digits > 0 && sum % 10 == 0;
    }

    private static String maskCardNumbers(String text) {
        int digits = 0;
        for (int i = 0; i < text.length() && digits < 13; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            }
        }
        if (digits < 13) {
            return text;
        }
        Matcher m = PAN.matcher(text);
        StringBuilder out = null;
        int last = 0;
        while (m.find()) {
            String run = m.group();
            if (!luhnValid(run)) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, last, m.start());
            int total = 0;
            for (int i = 0; i < run.length(); i++) {
                if (Character.isDigit(run.charAt(i))) {
                    total++;
                }
            }
            int seen = 0;
            for (int i = 0; i < run.length(); i++) {
                char c = run.charAt(i);
                if (c >= '0' && c <= '9') {
                    seen++;
                    out.append(seen > total - 4 ? c : '*');
                } else {
                    out.append(c);
                }
            }
            last = m.end();
        }
        if (out == null) {
            return text;
        }
        return out.append(text, last, text.length()).toString();
    }

    private String maskKeyValues(String text) {
        Matcher m = keyValue.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        do {
            String value = m.group(3);
            String masked = value.startsWith("\"")
                    ? "\"" + REDACTED + "\""
                    : value.startsWith("'") ? "'" + REDACTED + "'" : REDACTED;
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + m.group(2) + masked));
        } while (m.find());
        m.appendTail(out);
        return out.toString();
    }

    private static String maskCvv(String text) {
        Matcher m = CVV_WORD.matcher(text);
        if (!m.find()) {
            return text;
        }
        return m.replaceAll(r -> Matcher.quoteReplacement(r.group(1) + r.group(2) + REDACTED));
    }

    private static String normalise(String key) {
        StringBuilder b = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                b.append(Character.toLowerCase(c));
            }
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "Scrubber[keys=" + sensitiveKeys + ", extraPatterns=" + extraPatterns.size() + "]";
    }
}
