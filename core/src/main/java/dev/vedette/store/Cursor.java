package dev.vedette.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;

/**
 * An opaque keyset position: a time and a tie-breaking key. Stores encode the last item of a page
 * as a cursor; the next page holds the items strictly after it in (time desc, key desc) order.
 *
 * @param time the sort time of the last item
 * @param key the tie-breaking key of the last item (its id)
 */
public record Cursor(Instant time, String key) {

    /** Encodes to a URL-safe string. */
    public String encode() {
        String raw = time.getEpochSecond() + ":" + time.getNano() + ":" + key;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Decodes a string made by {@link #encode()}.
     *
     * @throws IllegalArgumentException if it is not a cursor
     */
    public static Cursor decode(String encoded) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
            int a = raw.indexOf(':');
            int b = raw.indexOf(':', a + 1);
            return new Cursor(
                    Instant.ofEpochSecond(Long.parseLong(raw.substring(0, a)), Long.parseLong(raw.substring(a + 1, b))),
                    raw.substring(b + 1));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("after must be a cursor from a previous page, was '"
                    + (encoded.length() > 64 ? encoded.substring(0, 61) + "..." : encoded) + "'");
        }
    }

    /**
     * The order of tie-breaking keys in every store: Unicode code-point order, which is what
     * PostgreSQL ({@code COLLATE "C"}) and MySQL/MariaDB ({@code utf8mb4_bin}) compare. It differs
     * from {@link String#compareTo}, which compares UTF-16 units and so puts a character above U+FFFF
     * (a surrogate pair, e.g. an emoji) before U+E000–U+FFFF.
     */
    public static final Comparator<String> KEY_ORDER = Cursor::compareCodePoints;

    private static int compareCodePoints(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                return Integer.compare(codePointRank(x), codePointRank(y));
            }
        }
        return Integer.compare(a.length(), b.length());
    }

    /** Moves surrogates above U+E000–U+FFFF, so that comparing UTF-16 units compares code points. */
    private static int codePointRank(char c) {
        if (c < Character.MIN_SURROGATE) {
            return c;
        }
        return c > Character.MAX_SURROGATE ? c - 0x800 : c + 0x2000;
    }

    /** True if an item at (time, key) comes after this cursor in (time desc, key desc) order. */
    public boolean precedes(Instant itemTime, String itemKey) {
        int c = itemTime.compareTo(time);
        return c < 0 || (c == 0 && KEY_ORDER.compare(itemKey, key) < 0);
    }
}
