package dev.vedette.internal;

import org.jspecify.annotations.Nullable;

/** HTML escaping for the reports and digests Vedette renders itself. */
public final class Html {
    private Html() {}

    /** Escapes text for HTML element content and quoted attribute values; null gives "". */
    public static String escape(@Nullable String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }
}
