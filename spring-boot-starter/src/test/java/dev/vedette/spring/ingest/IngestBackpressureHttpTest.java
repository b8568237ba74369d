package dev.vedette.spring.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.Monitor;
import dev.vedette.store.InMemoryStore;
import dev.vedette.store.Store;
import dev.vedette.test.TestClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * A full record queue answers 429 with Retry-After and takes nothing of the request (never
 * 200-then-drop), with a queue of 4 and a writer held back inside the store; and each key's token
 * bucket answers 429 once used up, on a hand-moved clock.
 */
@SpringBootTest(
        classes = {IngestTestApp.class, IngestBackpressureHttpTest.Gate.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "vedette.ingest.enabled=true",
            "vedette.dashboard.enabled=false",
            "vedette.pipeline.queue-capacity=4",
            "vedette.ingest.rate.burst=3",
            "vedette.ingest.rate.requests-per-second=1",
            "vedette.ingest.keys[0].name=queue",
            "vedette.ingest.keys[0].key=" + IngestTestApp.INGEST_KEY,
            "vedette.ingest.keys[1].name=queue-2",
            "vedette.ingest.keys[1].key=" + IngestBackpressureHttpTest.SECOND_KEY,
            "vedette.ingest.keys[2].name=rate",
            "vedette.ingest.keys[2].key=" + IngestBackpressureHttpTest.RATE_KEY
        })
class IngestBackpressureHttpTest {
    static final String SECOND_KEY = "vk_Second01_abcdefghijklmnopqrstuvwxyz012345";
    static final String RATE_KEY = "vk_RateKey1_abcdefghijklmnopqrstuvwxyz012345";

    /** A store whose writes wait at a gate the test opens. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Gate {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch open = new CountDownLatch(1);

        @Bean
        Gate gate() {
            return this;
        }

        @Bean
        Store gatedStore(Gate gate) {
            InMemoryStore store = new InMemoryStore();
            return (Store) Proxy.newProxyInstance(
                    Store.class.getClassLoader(), new Class<?>[] {Store.class}, (p, m, a) -> {
                        if (m.getName().equals("write")) {
                            gate.entered.countDown();
                            gate.open.await(30, TimeUnit.SECONDS);
                        }
                        try {
                            return m.invoke(store, a);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    Monitor monitor;

    @Autowired
    Gate gate;

    @Autowired
    TestClock clock;

    @Test
    void aFullQueueAnswers429AndTakesNothingOfTheRequestThenTheRetryIsStored() throws Exception {
        IngestClient client = new IngestClient(port);
        String key = IngestTestApp.INGEST_KEY;
        assertThat(client.post("/transactions", key, tx("bp-0")).status()).isEqualTo(202);
        assertThat(gate.entered.await(10, TimeUnit.SECONDS))
                .as("the writer holds bp-0")
                .isTrue();

        // fill what is left of the queue (background health reports may hold some of it) one record at a time
        int taken = 1;
        IngestClient.Reply reply;
        do {
            clock.advance(Duration.ofSeconds(2)); // keeps the key's token bucket full
            reply = client.post("/transactions", key, tx("bp-" + taken));
            if (reply.status() == 202) {
                assertThat(reply.json().get("accepted").intValue()).isEqualTo(1);
                taken++;
            }
        } while (reply.status() == 202 && taken < 10);
        assertThat(reply.status()).isEqualTo(429);
        assertThat(reply.json().get("type").stringValue()).isEqualTo("https://vedette.dev/problems/queue-full");
        assertThat(reply.json().get("detail").stringValue()).contains("none was taken");
        String refused = "bp-" + taken;

        String overflow = "[" + tx("bp-x1") + "," + tx("bp-x2") + "]";
        IngestClient.Reply full = client.post("/transactions", SECOND_KEY, overflow);
        assertThat(full.status()).isEqualTo(429);
        assertThat(full.header("Retry-After")).hasValue("1");
        assertThat(full.json().get("type").stringValue()).isEqualTo("https://vedette.dev/problems/queue-full");
        IngestClient.Reply single = client.post("/health", SECOND_KEY, "{\"component\": \"bp\", \"status\": \"UP\"}");
        assertThat(single.status()).isEqualTo(429);
        IngestClient.Reply checkIn = client.post("/checkins/bp-job", SECOND_KEY, "{\"status\": \"success\"}");
        assertThat(checkIn.status()).isEqualTo(429);

        gate.open.countDown();
        assertThat(monitor.flush(Duration.ofSeconds(10))).isTrue();
        for (int i = 0; i < taken; i++) {
            assertThat(monitor.transactions().get("bp-" + i)).as("bp-" + i).isPresent();
        }
        assertThat(monitor.transactions().get(refused)).isEmpty();
        assertThat(monitor.transactions().get("bp-x1")).isEmpty();
        assertThat(monitor.transactions().get("bp-x2")).isEmpty();
        assertThat(monitor.stats().dropped()).as("nothing was dropped").isZero();

        clock.advance(Duration.ofSeconds(5)); // refills SECOND_KEY's bucket (burst 3, used up above)
        assertThat(client.post("/transactions", SECOND_KEY, overflow).status()).isEqualTo(202);
        assertThat(monitor.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(monitor.transactions().get("bp-x1")).isPresent();
        assertThat(monitor.transactions().get("bp-x2")).isPresent();
    }

    @Test
    void aKeyOverItsRateBoundGets429WithRetryAfterUntilTheBucketRefills() {
        IngestClient client = new IngestClient(port);
        for (int i = 0; i < 3; i++) {
            assertThat(client.post("/activity", RATE_KEY, "{\"userKey\": \"r" + i + "\"}")
                            .status())
                    .isEqualTo(202);
        }
        IngestClient.Reply limited = client.post("/activity", RATE_KEY, "{\"userKey\": \"r3\"}");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).hasValue("1");
        assertThat(limited.json().get("type").stringValue()).endsWith("/rate-limited");
        assertThat(limited.json().get("detail").stringValue())
                .contains("vk_RateKey1")
                .doesNotContain("abcdefghijklmnop");

        clock.advance(Duration.ofSeconds(1));
        assertThat(client.post("/activity", RATE_KEY, "{\"userKey\": \"r4\"}").status())
                .isEqualTo(202);
        assertThat(client.post("/activity", RATE_KEY, "{\"userKey\": \"r5\"}").status())
                .isEqualTo(429);
    }

    private static String tx(String id) {
        return "{\"id\": \"" + id + "\", \"status\": \"PENDING\", \"amount\": \"1.00\", \"currency\": \"USD\"}";
    }
}
