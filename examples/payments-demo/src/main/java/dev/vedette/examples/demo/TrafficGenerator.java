package dev.vedette.examples.demo;

import java.util.List;
import java.util.Random;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Keeps the dashboard alive from the first minute: a few checkouts a second from made-up customers. */
@Component
@ConditionalOnProperty(name = "demo.traffic.enabled", havingValue = "true", matchIfMissing = true)
public class TrafficGenerator {
    private static final List<String> CURRENCIES = List.of("EUR", "EUR", "EUR", "USD", "USD", "GBP");
    private static final List<String> METHODS = List.of("card", "card", "paypal", "ideal");
    private final CheckoutService checkout;
    private final Random random = new Random();

    public TrafficGenerator(CheckoutService checkout) {
        this.checkout = checkout;
    }

    @Scheduled(fixedDelayString = "${demo.traffic.interval:700}")
    public void tick() {
        int customer = random.nextInt(400);
        String amount = (9 + random.nextInt(190)) + "." + (10 + random.nextInt(89));
        checkout.checkout(
                "customer" + customer + "@example.com",
                "Customer " + customer,
                amount,
                CURRENCIES.get(random.nextInt(CURRENCIES.size())),
                METHODS.get(random.nextInt(METHODS.size())));
    }
}
