package dev.vedette.analytics;

import static dev.vedette.analytics.Fixtures.store;
import static dev.vedette.analytics.Fixtures.tx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.DelegatingStore;
import dev.vedette.model.Money;
import dev.vedette.model.StoredTransaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.Cursor;
import dev.vedette.store.InMemoryStore;
import dev.vedette.store.Page;
import dev.vedette.store.TransactionQuery;
import dev.vedette.test.TestClock;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class CsvExportTest {

    /** A strict RFC 4180 parser: CRLF row ends, quoted fields with doubled quotes. */
    static List<List<String>> parse(String csv) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        boolean quoted = false;
        boolean fieldStarted = false;
        while (i < csv.length()) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                        continue;
                    }
                    quoted = false;
                    i++;
                    continue;
                }
                field.append(c);
                i++;
                continue;
            }
            if (c == '"') {
                if (fieldStarted) {
                    throw new IllegalArgumentException("quote inside an unquoted field at " + i);
                }
                quoted = true;
                fieldStarted = true;
                i++;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
                fieldStarted = false;
                i++;
            } else if (c == '\r') {
                if (i + 1 >= csv.length() || csv.charAt(i + 1) != '\n') {
                    throw new IllegalArgumentException("bare CR outside quotes at " + i);
                }
                row.add(field.toString());
                rows.add(row);
                row = new ArrayList<>();
                field.setLength(0);
                fieldStarted = false;
                i += 2;
            } else if (c == '\n') {
                throw new IllegalArgumentException("bare LF outside quotes at " + i);
            } else {
                field.append(c);
                fieldStarted = true;
                i++;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quoted field");
        }
        if (fieldStarted || !row.isEmpty()) {
            throw new IllegalArgumentException("last row does not end with CRLF");
        }
        return rows;
    }

    static final List<String> HOSTILE = List.of(
            "plain",
            "a,b",
            "say \"hi\"",
            "line1\nline2",
            "cr\rlf\r\n",
            "=HYPERLINK(\"http://evil.example\",\"click\")",
            "@SUM(A1:A2)",
            "+1",
            "-2",
            "\tTab",
            "\rCR first",
            "",
            "  spaced  ",
            "naïve ünïcode €");

    @Test
    void hostileCellsRoundTripThroughAStrictParserWithFormulasNeutralised() {
        StringWriter out = new StringWriter();
        CsvWriter csv = new CsvWriter(out);
        csv.row(new ArrayList<Object>(HOSTILE));
        csv.row(null, new BigDecimal("-12.50"), -3L, 1.5);

        List<List<String>> rows = parse(out.toString());

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0))
                .containsExactly(
                        "plain",
                        "a,b",
                        "say \"hi\"",
                        "line1\nline2",
                        "cr\rlf\r\n",
                        "'=HYPERLINK(\"http://evil.example\",\"click\")",
                        "'@SUM(A1:A2)",
                        "'+1",
                        "'-2",
                        "'\tTab",
                        "'\rCR first",
                        "",
                        "  spaced  ",
                        "naïve ünïcode €");
        assertThat(rows.get(1)).containsExactly("", "-12.50", "-3", "1.5"); // numbers are not neutralised
        assertThat(csv.rows()).isEqualTo(2);
    }

    @Test
    void fieldsAreQuotedOnlyWhenTheyMustBe() {
        assertThat(CsvWriter.cell("abc")).isEqualTo("abc");
        assertThat(CsvWriter.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(CsvWriter.cell("a\"b")).isEqualTo("\"a\"\"b\"");
        assertThat(CsvWriter.cell("=1+1")).isEqualTo("'=1+1");
        assertThat(CsvWriter.cell("=A1,B1")).isEqualTo("\"'=A1,B1\"");
        assertThat(CsvWriter.cell(null)).isEmpty();
        assertThat(CsvWriter.cell(new BigDecimal("1E+3"))).isEqualTo("1000");
    }

    @Provide
    Arbitrary<List<String>> rows() {
        return Arbitraries.strings()
                .withChars("abc,\"\r\n\t=+-@ é")
                .ofMaxLength(12)
                .list()
                .ofMinSize(1)
                .ofMaxSize(6);
    }

    @Property(tries = 300)
    void anyRowRoundTrips(@ForAll("rows") List<String> row) {
        StringWriter out = new StringWriter();
        new CsvWriter(out).row(new ArrayList<Object>(row));

        assertThat(parse(out.toString()))
                .containsExactly(row.stream().map(CsvWriter::neutralise).toList());
    }

    @Test
    void transactionsExportHasAHeaderAndOneNeutralisedRowPerTransaction() {
        Instant t = Instant.parse("2026-03-10T10:00:00Z");
        InMemoryStore store = store(
                tx("t1", TransactionStatus.FAILED, t)
                        .amount("19.99", "USD")
                        .customer("ada@example.com", "=cmd|' /C calc'!A0")
                        .provider("paypal", "ORD,1", null)
                        .paymentMethod("card")
                        .error("INSTRUMENT_DECLINED", "Card \"declined\",\nretry later")
                        .attempt(2)
                        .latency(Duration.ofMillis(250))
                        .build(),
                tx("t2", TransactionStatus.COMPLETED, t.plusSeconds(60)).build(),
                tx("t2", TransactionStatus.COMPLETED, t.plusSeconds(61))
                        .step("email_sent")
                        .build(),
                tx("t2", TransactionStatus.COMPLETED, t.plusSeconds(62))
                        .step("user_created")
                        .build());
        Analytics analytics = new Analytics(store, new TestClock(t), ZoneOffset.UTC);
        StringWriter out = new StringWriter();

        long n = analytics.csv().transactions(TransactionQuery.all(), out);

        List<List<String>> rows = parse(out.toString());
        assertThat(n).isEqualTo(2);
        assertThat(rows.get(0)).isEqualTo(CsvExport.TRANSACTION_COLUMNS);
        assertThat(rows.get(1).get(0)).isEqualTo("t2"); // newest first
        assertThat(rows.get(1).get(17)).isEqualTo("email_sent;user_created");
        List<String> t1 = rows.get(2);
        assertThat(t1.subList(0, 8))
                .containsExactly(
                        "t1",
                        "2026-03-10T10:00:00Z",
                        "FAILED",
                        "FAILED",
                        "19.99",
                        "USD",
                        "ada@example.com",
                        "'=cmd|' /C calc'!A0");
        assertThat(t1.get(9)).isEqualTo("ORD,1");
        assertThat(t1.get(13)).isEqualTo("Card \"declined\",\nretry later");
        assertThat(t1.get(14)).isEqualTo("2");
        assertThat(t1.get(15)).isEqualTo("250");
    }

    @Test
    void transactionsExportAppliesTheQueryFilters() {
        Instant t = Instant.parse("2026-03-10T10:00:00Z");
        InMemoryStore store = store(
                tx("a", TransactionStatus.FAILED, t).build(),
                tx("b", TransactionStatus.COMPLETED, t).build());
        StringWriter out = new StringWriter();

        long n = new Analytics(store, new TestClock(t), ZoneOffset.UTC)
                .csv()
                .transactions(
                        TransactionQuery.builder()
                                .status(TransactionStatus.FAILED)
                                .limit(1)
                                .build(),
                        out);

        assertThat(n).isEqualTo(1);
        assertThat(parse(out.toString())).extracting(r -> r.get(0)).containsExactly("id", "a");
    }

    @Test
    void transactionsExportWritesEachCustomerEmailAsTheGivenFunctionTurnsIt() {
        Instant t = Instant.parse("2026-03-10T10:00:00Z");
        InMemoryStore store = store(
                tx("a", TransactionStatus.COMPLETED, t)
                        .customer("ada@example.com", "Ada")
                        .build(),
                tx("b", TransactionStatus.COMPLETED, t.plusSeconds(1)).build());
        StringWriter out = new StringWriter();

        new Analytics(store, new TestClock(t), ZoneOffset.UTC)
                .csv()
                .transactions(TransactionQuery.all(), out, e -> e == null ? "none" : e.toUpperCase(Locale.ROOT));

        int column = CsvExport.TRANSACTION_COLUMNS.indexOf("customer_email");
        assertThat(parse(out.toString()))
                .extracting(r -> r.get(column))
                .containsExactly("customer_email", "none", "ADA@EXAMPLE.COM");
    }

    /** Serves {@code total} synthetic transactions page by page without holding them. */
    static final class SyntheticStore extends DelegatingStore {
        final int total;
        int calls;
        int maxLimit;
        final Instant base = Instant.parse("2026-03-10T00:00:00Z");

        final List<StoredTransaction> templates = new ArrayList<>();

        SyntheticStore(int total) {
            super(new InMemoryStore());
            this.total = total;
            for (int i = 0; i < TransactionQuery.MAX_LIMIT; i++) {
                templates.add(row(i));
            }
        }

        @Override
        public Page<StoredTransaction> searchTransactions(TransactionQuery q) {
            calls++;
            maxLimit = Math.max(maxLimit, q.limit());
            int start = q.after() == null
                    ? 0
                    : Integer.parseInt(Cursor.decode(q.after()).key()) + 1;
            int end = Math.min(total, start + q.limit());
            List<StoredTransaction> items = new ArrayList<>(end - start);
            for (int i = start; i < end; i++) {
                items.add(templates.get(
                        i % templates.size())); // the store may share objects; the exporter must not keep them
            }
            String next = end < total ? new Cursor(base, Integer.toString(end - 1)).encode() : null;
            return new Page<>(items, next);
        }

        StoredTransaction row(int i) {
            Instant at = base.minusSeconds(i);
            return new StoredTransaction(
                    "txn-" + i,
                    TransactionStatus.COMPLETED,
                    at,
                    Money.ofMinor(1999, "EUR"),
                    "user" + i + "@example.com",
                    null,
                    "stripe",
                    null,
                    null,
                    "card",
                    null,
                    null,
                    1,
                    null,
                    Map.of(),
                    Set.of(),
                    at,
                    at,
                    at,
                    at,
                    1,
                    List.of());
        }
    }

    /** Counts characters and rows; keeps nothing. */
    static final class CountingWriter extends Writer {
        long chars;
        long lines;

        @Override
        public void write(char[] buf, int off, int len) {
            chars += len;
            for (int i = off; i < off + len; i++) {
                if (buf[i] == '\n') {
                    lines++;
                }
            }
        }

        @Override
        public void write(String s) {
            chars += s.length();
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) == '\n') {
                    lines++;
                }
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    @Test
    void exportOfAMillionRowsStreamsPageByPage() {
        SyntheticStore store = new SyntheticStore(1_000_000);
        CountingWriter out = new CountingWriter();
        Runtime rt = Runtime.getRuntime();
        long usedBefore = rt.totalMemory() - rt.freeMemory();

        long n = new Analytics(store, new TestClock(store.base), ZoneOffset.UTC)
                .csv()
                .transactions(TransactionQuery.all(), out);

        assertThat(n).isEqualTo(1_000_000);
        assertThat(out.lines).isEqualTo(1_000_001);
        assertThat(store.maxLimit).isLessThanOrEqualTo(TransactionQuery.MAX_LIMIT);
        assertThat(store.calls).isEqualTo(1_000);
        // loose: a million rows of ~100 bytes would be ~100 MB if they were kept
        long usedAfter = rt.totalMemory() - rt.freeMemory();
        assertThat(usedAfter - usedBefore).isLessThan(256L * 1024 * 1024);
        assertThat(out.chars).isGreaterThan(50_000_000L);
    }

    @Test
    void kpisPerDayHasOneRowPerDayAndCurrency() {
        Instant d1 = Instant.parse("2026-03-10T10:00:00Z");
        Instant d2 = d1.plus(Duration.ofDays(1));
        InMemoryStore store = store(
                tx("a", TransactionStatus.COMPLETED, d1).amount("10.00", "EUR").build(),
                tx("b", TransactionStatus.FAILED, d1).amount("5.00", "EUR").build(),
                tx("c", TransactionStatus.COMPLETED, d1).amount("7.00", "USD").build(),
                tx("d", TransactionStatus.COMPLETED, d2).amount("4.00", "EUR").build(),
                tx("d", TransactionStatus.REFUNDED, d2.plusSeconds(5)).build(),
                tx("e", TransactionStatus.PENDING, d2).build());
        StringWriter out = new StringWriter();

        long n = new Analytics(store, new TestClock(d2), ZoneOffset.UTC)
                .csv()
                .kpisPerDay(Instant.parse("2026-03-10T00:00:00Z"), Instant.parse("2026-03-13T00:00:00Z"), out);

        List<List<String>> rows = parse(out.toString());
        assertThat(n).isEqualTo(4);
        assertThat(rows.get(0)).isEqualTo(CsvExport.DAILY_COLUMNS);
        assertThat(rows.get(1))
                .containsExactly(
                        "2026-03-10", "EUR", "2", "1", "1", "0", "0", "0.5000", "10.00", "0.00", "10.00", "10.00");
        assertThat(rows.get(2))
                .containsExactly(
                        "2026-03-10", "USD", "1", "1", "0", "0", "0", "1.0000", "7.00", "0.00", "7.00", "7.00");
        assertThat(rows.get(3))
                .containsExactly(
                        "2026-03-11", "EUR", "1", "1", "0", "1", "0", "1.0000", "4.00", "4.00", "0.00", "4.00");
        assertThat(rows.get(4)).containsExactly("2026-03-11", "", "1", "0", "0", "0", "1", "", "", "", "", "");
    }

    @Test
    void revenueBySegmentHasProviderAndMethodRowsPerCurrency() {
        Instant d1 = Instant.parse("2026-03-10T10:00:00Z");
        InMemoryStore store = store(
                tx("a", TransactionStatus.COMPLETED, d1)
                        .amount("10.00", "EUR")
                        .provider("stripe")
                        .paymentMethod("card")
                        .latency(Duration.ofMillis(40))
                        .build(),
                tx("b", TransactionStatus.FAILED, d1)
                        .amount("5.00", "EUR")
                        .provider("stripe")
                        .build(),
                tx("c", TransactionStatus.COMPLETED, d1)
                        .amount("7.00", "USD")
                        .provider("=evil")
                        .build());
        StringWriter out = new StringWriter();

        long n = new Analytics(store, new TestClock(d1), ZoneOffset.UTC)
                .csv()
                .revenueBySegment(d1.minusSeconds(3600), d1.plusSeconds(3600), out);

        List<List<String>> rows = parse(out.toString());
        assertThat(n).isEqualTo(5);
        assertThat(rows.get(0)).isEqualTo(CsvExport.SEGMENT_COLUMNS);
        assertThat(rows.subList(1, 6))
                .containsExactly(
                        Arrays.asList("provider", "'=evil", "USD", "1", "1", "0", "1.0000", "7.00", "0.00", "7.00", ""),
                        Arrays.asList(
                                "provider", "stripe", "EUR", "2", "1", "1", "0.5000", "10.00", "0.00", "10.00", "40"),
                        Arrays.asList(
                                "payment_method",
                                Analytics.NONE,
                                "EUR",
                                "1",
                                "0",
                                "1",
                                "0.0000",
                                "0.00",
                                "0.00",
                                "0.00",
                                ""),
                        Arrays.asList(
                                "payment_method",
                                Analytics.NONE,
                                "USD",
                                "1",
                                "1",
                                "0",
                                "1.0000",
                                "7.00",
                                "0.00",
                                "7.00",
                                ""),
                        Arrays.asList(
                                "payment_method",
                                "card",
                                "EUR",
                                "1",
                                "1",
                                "0",
                                "1.0000",
                                "10.00",
                                "0.00",
                                "10.00",
                                "40"));
    }
}
