package dev.vedette.examples.plain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PlainJavaExampleTest {

    @Test
    void exampleRecordsTheWholeStreamAndPrintsRealNumbers() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PlainJavaExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), 200, new Random(7));
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertThat(out).contains("Vedette saw 601 records, dropped 0");
        assertThat(out).contains("Health: UP");
        assertThat(out).containsPattern("COMPLETED\\s+\\d+ transactions").containsPattern("gross USD \\d+\\.\\d{2}");
        assertThat(out).contains("Open alerts: 1");
        assertThat(out).contains("Notification: HIGH 'Refund rate above normal'");
    }
}
