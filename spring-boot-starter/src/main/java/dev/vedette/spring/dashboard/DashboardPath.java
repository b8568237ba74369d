package dev.vedette.spring.dashboard;

import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a request is for the dashboard, and refuses every spelling of a dashboard path
 * but the canonical one.
 *
 * <p>A request is for the dashboard if its path, as the servlet container decoded and normalised it
 * (what Spring MVC routes on), or as read from the raw request line with path parameters removed,
 * percent-decoded and with {@code .}, {@code ..} and empty segments resolved, equals the base path
 * or lies below it, compared without regard to case. Such a request is {@link Kind#REJECTED
 * rejected} unless its raw request URI is the canonical spelling, as Spring Security's {@code
 * StrictHttpFirewall} demands: no path parameters ({@code ;}), no backslash, no {@code //}, no
 * {@code .} or {@code ..} segment, no percent-encoded slash, backslash, percent, control character or
 * unreserved character (letters, digits, {@code - . _ ~}, which a browser never encodes), and the
 * base path written exactly as configured. The ingest API uses it for its own base path.
 */
public final class DashboardPath {
    /** What the guard makes of a request. */
    public enum Kind {
        /** Not for the dashboard: the guard lets it pass untouched. */
        OUTSIDE,
        /** For the dashboard, spelled canonically. */
        DASHBOARD,
        /** For the dashboard (or close to it), spelled in a way the dashboard does not accept. */
        REJECTED
    }

    /** The decision, with the path below the base path for {@link Kind#DASHBOARD}. */
    public record Target(Kind kind, String rel) {
        static final Target OUTSIDE = new Target(Kind.OUTSIDE, "");
        static final Target REJECTED = new Target(Kind.REJECTED, "");
    }

    private final String base;
    private final String baseDir;

    /** Guards {@code base}, a normalised path (leading slash, no trailing slash). */
    public DashboardPath(String base) {
        this.base = base;
        this.baseDir = base + "/";
    }

    /** The base path guarded. */
    public String base() {
        return base;
    }

    /** What the guard makes of this request. */
    public Target classify(HttpServletRequest request) {
        String raw = nonNull(request.getRequestURI());
        String context = nonNull(request.getContextPath());
        String decoded = nonNull(request.getServletPath()) + nonNull(request.getPathInfo());
        String rawInApp = !context.isEmpty() && raw.startsWith(context) ? raw.substring(context.length()) : raw;
        boolean near = under(decoded, false) || under(loose(rawInApp), false) || under(loose(raw), false);
        if (!near) {
            return Target.OUTSIDE;
        }
        if (!canonical(raw) || !under(rawInApp, true)) {
            return Target.REJECTED;
        }
        String path = decoded.isEmpty() ? loose(rawInApp) : decoded;
        if (!under(path, true)) {
            return Target.REJECTED;
        }
        return new Target(Kind.DASHBOARD, path.substring(base.length()));
    }

    private boolean under(String path, boolean exact) {
        if (exact) {
            return path.equals(base) || path.startsWith(baseDir);
        }
        return path.equalsIgnoreCase(base) || path.regionMatches(true, 0, baseDir, 0, baseDir.length());
    }

    /** True if the raw request URI is spelled the one way a browser spells a dashboard path. */
    static boolean canonical(String raw) {
        if (!raw.startsWith("/") || raw.contains("//") || raw.contains(";") || raw.contains("\\")) {
            return false;
        }
        for (String segment : raw.substring(1).split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                return false;
            }
            if (c == '%') {
                int value = i + 2 < raw.length() ? hex(raw.charAt(i + 1), raw.charAt(i + 2)) : -1;
                if (value < 0 || forbiddenEncoded(value)) {
                    return false;
                }
                i += 2;
            }
        }
        return true;
    }

    private static boolean forbiddenEncoded(int value) {
        return value < 0x20
                || value == 0x7F
                || value == '/'
                || value == '\\'
                || value == '%'
                || value == '.'
                || value == '-'
                || value == '_'
                || value == '~'
                || (value >= '0' && value <= '9')
                || (value >= 'A' && value <= 'Z')
                || (value >= 'a' && value <= 'z');
    }

    /**
     * The raw path read the lenient way any server might: path parameters cut from each segment,
     * percent-decoded once, backslashes taken as slashes, and {@code .}, {@code ..} and empty
     * segments resolved.
     */
    static String loose(String raw) {
        if (raw.indexOf('%') < 0
                && raw.indexOf(';') < 0
                && raw.indexOf('\\') < 0
                && !raw.contains("//")
                && !raw.contains("/.")) {
            return raw; // the common case, read the same way by everyone: no work on the host's own requests
        }
        StringBuilder withoutParameters = new StringBuilder();
        for (String segment : raw.split("/", -1)) {
            int semicolon = segment.indexOf(';');
            if (withoutParameters.length() > 0 || !segment.isEmpty()) {
                withoutParameters.append('/');
            }
            withoutParameters.append(semicolon < 0 ? segment : segment.substring(0, semicolon));
        }
        String decoded = decode(withoutParameters.toString()).replace('\\', '/');
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : decoded.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                segments.pollLast();
            } else {
                segments.addLast(segment);
            }
        }
        return "/" + String.join("/", segments);
    }

    private static String decode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int value = c == '%' && i + 2 < s.length() ? hex(s.charAt(i + 1), s.charAt(i + 2)) : -1;
            if (value >= 0) {
                out.write(value);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char high, char low) {
        int h = Character.digit(high, 16);
        int l = Character.digit(low, 16);
        return h < 0 || l < 0 ? -1 : h * 16 + l;
    }

    private static String nonNull(@Nullable String s) {
        return s == null ? "" : s;
    }
}
