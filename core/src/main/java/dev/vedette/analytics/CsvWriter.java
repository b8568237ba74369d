package dev.vedette.analytics;

import dev.vedette.internal.Validate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A streaming RFC 4180 CSV writer with spreadsheet formula-injection neutralisation.
 *
 * <ul>
 *   <li>Rows end with CRLF. A field is quoted when it contains a comma, a double quote, CR or LF;
 *       inside quotes a double quote is doubled.
 *   <li>Text cells that start with {@code =}, {@code +}, {@code -}, {@code @}, a tab or CR get a
 *       leading apostrophe ({@code '}), so spreadsheets show them as text instead of running them as
 *       formulas (OWASP "CSV injection"). Numbers ({@link Number} values) are written as they are:
 *       a negative amount stays a number.
 *   <li>null is an empty field; {@link BigDecimal}s are written in plain notation.
 * </ul>
 *
 * <p>Writes straight to the given {@link Writer} (no buffering of rows); I/O errors surface as
 * {@link UncheckedIOException}. Not thread-safe. Does not close the writer.
 */
public final class CsvWriter {
    private final Writer out;
    private long rows;

    /**
     * A writer over {@code out}.
     *
     * @throws IllegalArgumentException if out is null
     */
    public CsvWriter(Writer out) {
        this.out = Validate.notNull("out", out);
    }

    /** Writes one row. */
    public CsvWriter row(@Nullable Object... cells) {
        return row(java.util.Arrays.asList(cells));
    }

    /** Writes one row. */
    public CsvWriter row(List<? extends @Nullable Object> cells) {
        try {
            for (int i = 0; i < cells.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.write(cell(cells.get(i)));
            }
            out.write("\r\n");
            rows++;
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rows written so far (the header included). */
    public long rows() {
        return rows;
    }

    /** Flushes the underlying writer. */
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One cell as it is written: neutralised (text only) and quoted when needed. */
    public static String cell(@Nullable Object value) {
        if (value == null) {
            return "";
        }
        String s;
        if (value instanceof BigDecimal d) {
            s = d.toPlainString();
        } else if (value instanceof Number n) {
            s = n.toString();
        } else {
            s = neutralise(value.toString());
        }
        return quote(s);
    }

    /** The text with a leading apostrophe if it starts like a formula. */
    public static String neutralise(String text) {
        if (text.isEmpty()) {
            return text;
        }
        char c = text.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + text : text;
    }

    private static String quote(String s) {
        boolean needs = false;
        for (int i = 0; i < s.length() && !needs; i++) {
            char c = s.charAt(i);
            needs = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        return needs ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
