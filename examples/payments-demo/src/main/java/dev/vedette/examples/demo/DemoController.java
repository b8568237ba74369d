package dev.vedette.examples.demo;

import dev.vedette.examples.demo.CheckoutService.Receipt;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The shop's API: check out, and the switches that make the provider misbehave. */
@RestController
public class DemoController {
    private final CheckoutService checkout;
    private final SimulatedProvider provider;

    public DemoController(CheckoutService checkout, SimulatedProvider provider) {
        this.checkout = checkout;
        this.provider = provider;
    }

    @PostMapping("/api/checkout")
    public Receipt checkout(
            @RequestParam String email,
            @RequestParam(defaultValue = "") String name,
            @RequestParam String amount,
            @RequestParam(defaultValue = "EUR") String currency,
            @RequestParam(defaultValue = "card") String method) {
        return checkout.checkout(email, name.isBlank() ? null : name, amount, currency, method);
    }

    @GetMapping("/api/provider")
    public Map<String, Object> provider() {
        return Map.of("outage", provider.outage(), "declineRate", provider.declineRate());
    }

    @PostMapping("/api/provider")
    public Map<String, Object> provider(
            @RequestParam(required = false) Boolean outage, @RequestParam(required = false) Double declineRate) {
        if (outage != null) {
            provider.outage(outage);
        }
        if (declineRate != null) {
            provider.declineRate(declineRate);
        }
        return provider();
    }
}
