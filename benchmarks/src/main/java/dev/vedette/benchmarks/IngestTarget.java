package dev.vedette.benchmarks;

import dev.vedette.examples.demo.PaymentsDemoApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the application {@link IngestHarness} sends to, with the ingest API on and one ingest key. */
final class IngestTarget {
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private IngestTarget() {}

    /** A fresh key of the documented shape, {@code vk_<8>_<32>}. */
    static String key() {
        SecureRandom random = new SecureRandom();
        StringBuilder b = new StringBuilder("vk_");
        for (int i = 0; i < 41; i++) {
            b.append(i == 8 ? '_' : ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    static ConfigurableApplicationContext start(String jdbcUrl, String key, int senders) throws IOException {
        return SpringApplication.run(
                PaymentsDemoApplication.class,
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.hikari.maximum-pool-size=" + Math.max(4, senders / 2),
                "--server.port=0",
                "--demo.traffic.enabled=false",
                "--vedette.dashboard.token=vbench-unused-" + key.substring(3, 11),
                "--vedette.spool.directory=" + Files.createTempDirectory("vbench-ingest-spool"),
                "--vedette.ingest.enabled=true",
                "--vedette.ingest.keys[0].name=bench",
                "--vedette.ingest.keys[0].scope=ingest",
                "--vedette.ingest.keys[0].key=" + key,
                // the harness measures the pipeline, not the per-key bound
                "--vedette.ingest.rate.requests-per-second=1000000",
                "--vedette.ingest.rate.burst=1000000",
                "--spring.main.banner-mode=off");
    }
}
