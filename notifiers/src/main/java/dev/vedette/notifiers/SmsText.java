package dev.vedette.notifiers;

/**
 * SMS length arithmetic. A message whose characters are all in the GSM 03.38 default alphabet (its
 * basic set plus the extension table, whose characters cost two septets) is sent as GSM-7: 160
 * septets in a single segment, 153 per segment when concatenated. Anything else is sent as UCS-2: 70
 * UTF-16 units single, 67 per segment. A two-septet character or a surrogate pair is never split
 * across segments.
 */
final class SmsText {
    static final int GSM_SINGLE = 160;
    static final int GSM_MULTI = 153;
    static final int UCS2_SINGLE = 70;
    static final int UCS2_MULTI = 67;
    /** Appended to cut text; GSM-7, so cutting never forces UCS-2. */
    static final String MARKER = "...";

    private static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String GSM_EXTENSION = "\f^{}\\[~]|€";

    private SmsText() {}

    /** True if every character is in the GSM 03.38 basic set or extension table. */
    static boolean isGsm7(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (GSM_BASIC.indexOf(c) < 0 && GSM_EXTENSION.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** How many segments the text takes. Zero for empty text. */
    static int segments(String text) {
        if (text.isEmpty()) {
            return 0;
        }
        boolean gsm = isGsm7(text);
        int total = 0;
        for (int i = 0; i < text.length(); i++) {
            total += cost(text, i, gsm);
        }
        if (total <= (gsm ? GSM_SINGLE : UCS2_SINGLE)) {
            return 1;
        }
        int perSegment = gsm ? GSM_MULTI : UCS2_MULTI;
        int segments = 1;
        int used = 0;
        for (int i = 0; i < text.length(); i++) {
            int c = cost(text, i, gsm);
            if (!gsm && Character.isHighSurrogate(text.charAt(i)) && i + 1 < text.length()) {
                c = 2;
                i++;
            }
            if (used + c > perSegment) {
                segments++;
                used = 0;
            }
            used += c;
        }
        return segments;
    }

    private static int cost(String text, int i, boolean gsm) {
        return gsm && GSM_EXTENSION.indexOf(text.charAt(i)) >= 0 ? 2 : 1;
    }

    /**
     * {@code head + tail}, with {@code head} cut (ending in {@value #MARKER}) until the whole fits in
     * {@code maxSegments}. If even the tail alone does not fit, the tail is dropped.
     */
    static String fit(String head, String tail, int maxSegments) {
        if (segments(head + tail) <= maxSegments) {
            return head + tail;
        }
        if (!tail.isEmpty() && segments(MARKER + tail) > maxSegments) {
            return fit(head, "", maxSegments);
        }
        // no message of maxSegments holds more characters than this
        int end = Math.min(head.length(), GSM_SINGLE + GSM_MULTI * maxSegments);
        if (end > 0 && end < head.length() && Character.isHighSurrogate(head.charAt(end - 1))) {
            end--;
        }
        while (end > 0) {
            String candidate = head.substring(0, end).stripTrailing() + MARKER + tail;
            if (segments(candidate) <= maxSegments) {
                return candidate;
            }
            end--;
            if (end > 0 && Character.isHighSurrogate(head.charAt(end - 1))) {
                end--;
            }
        }
        return MARKER + tail;
    }
}
