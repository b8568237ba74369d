package dev.vedette.analytics;

import dev.vedette.internal.Validate;

/**
 * A report ready to send as a multipart e-mail: a one-line subject (no CR or LF), a plain-text part
 * and an HTML part with inline CSS and no script.
 *
 * @param subject the subject line
 * @param text the plain-text part
 * @param html the HTML part, every value escaped
 */
public record RenderedReport(String subject, String text, String html) {
    /** Validates. */
    public RenderedReport {
        Validate.notNull("subject", subject);
        Validate.notNull("text", text);
        Validate.notNull("html", html);
        if (subject.indexOf('\r') >= 0 || subject.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("subject must be one line");
        }
    }
}
