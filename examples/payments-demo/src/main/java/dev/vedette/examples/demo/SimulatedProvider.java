package dev.vedette.examples.demo;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.stereotype.Component;

/**
 * A payment provider that behaves like a real one: mostly approves, sometimes declines a card,
 * now and then fails with a 5xx, and can be switched into a full outage from the page.
 */
@Component
public class SimulatedProvider {

    /** What the provider answered. */
    public record Answer(Outcome outcome, String code, String message, Duration took) {}

    /** The three ways a charge ends. */
    public enum Outcome {
        APPROVED,
        DECLINED,
        ERROR
    }

    private final Random random = new Random();
    private final AtomicBoolean outage = new AtomicBoolean();
    private volatile double declineRate = 0.06;
    private volatile double errorRate = 0.02;

    /** Charges a card; never throws. */
    public Answer charge(String amount, String currency) {
        if (outage.get()) {
            return new Answer(
                    Outcome.ERROR,
                    "INTERNAL_SERVER_ERROR",
                    "Provider returned HTTP 503",
                    Duration.ofMillis(2_000 + random.nextInt(3_000)));
        }
        Duration took = Duration.ofMillis(120 + (long) Math.abs(random.nextGaussian() * 180));
        double roll = random.nextDouble();
        if (roll < errorRate) {
            return new Answer(Outcome.ERROR, "TIMEOUT", "Provider timed out", took.plusSeconds(5));
        }
        if (roll < errorRate + declineRate) {
            String code = random.nextBoolean() ? "INSTRUMENT_DECLINED" : "INSUFFICIENT_FUNDS";
            return new Answer(
                    Outcome.DECLINED,
                    code,
                    "Card declined: " + code.toLowerCase().replace('_', ' '),
                    took);
        }
        return new Answer(Outcome.APPROVED, "OK", "Approved", took);
    }

    public boolean outage() {
        return outage.get();
    }

    public void outage(boolean on) {
        outage.set(on);
    }

    public double declineRate() {
        return declineRate;
    }

    public void declineRate(double rate) {
        this.declineRate = Math.max(0, Math.min(1, rate));
    }
}
