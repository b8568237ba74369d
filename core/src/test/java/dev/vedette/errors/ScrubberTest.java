package dev.vedette.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ScrubberTest {
    private final Scrubber scrubber = Scrubber.defaults();

    @Test
    void masksLuhnValidCardNumbersWithSpacesOrDashesKeepingTheLastFour() {
        assertThat(scrubber.scrub("card 4111 1111 1111 1111 declined")).isEqualTo("card **** **** **** 1111 declined");
        assertThat(scrubber.scrub("pan=5500-0000-0000-0004;")).isEqualTo("pan=****-****-****-0004;");
        assertThat(scrubber.scrub("4111111111111111")).isEqualTo("************1111");
        assertThat(scrubber.scrub("amex 378282246310005")).isEqualTo("amex ***********0005");
    }

    @Test
    void leavesNonLuhnRunsAndShortNumbersAlone() {
        String order = "order 4111111111111112 at 20260701120000 ref 1234-5678";
        assertThat(scrubber.scrub(order)).isSameAs(order);
        String tooLong = "trace 41111111111111111111111";
        assertThat(scrubber.scrub(tooLong)).isSameAs(tooLong);
    }

    @Test
    void masksSecretsAfterSensitiveKeysInTextKeepingQuotes() {
        assertThat(scrubber.scrub("login failed password=hunter2 user=ada"))
                .isEqualTo("login failed password=[REDACTED] user=ada");
        assertThat(scrubber.scrub("{\"api_key\": \"sk_live_abc\", \"amount\": 12}"))
                .isEqualTo("{\"api_key\": \"[REDACTED]\", \"amount\": 12}");
        assertThat(scrubber.scrub("Authorization: Bearer eyJhbGciOi.payload.sig"))
                .isEqualTo("Authorization: [REDACTED]");
        assertThat(scrubber.scrub("client_secret='s3cr3t' X-Api-Key: k123 access_token=tok"))
                .isEqualTo("client_secret='[REDACTED]' X-Api-Key: [REDACTED] access_token=[REDACTED]");
        assertThat(scrubber.scrub("PASSWORD : pw")).isEqualTo("PASSWORD : [REDACTED]");
    }

    @Test
    void masksCvvLikeFields() {
        assertThat(scrubber.scrub("cvv=123")).isEqualTo("cvv=[REDACTED]");
        assertThat(scrubber.scrub("CVC2 4567 rejected")).isEqualTo("CVC2 [REDACTED] rejected");
        assertThat(scrubber.scrub("\"cvc\":\"999\"")).isEqualTo("\"cvc\":\"[REDACTED]\"");
    }

    @Test
    void scrubsMapsRecursivelyBySensitiveKeyAndByValue() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("Authorization", "Basic dXNlcjpwYXNz");
        nested.put("note", "paid with 4111-1111-1111-1111");
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("orderId", "ORD-123");
        map.put("db_password", "pw");
        map.put("headers", nested);
        map.put("cards", List.of("5500 0000 0000 0004", 42));
        map.put("attempt", 2);

        Map<String, Object> out = scrubber.scrub(map);
        assertThat(out)
                .containsEntry("orderId", "ORD-123")
                .containsEntry("db_password", "[REDACTED]")
                .containsEntry("attempt", 2);
        assertThat(out.get("headers"))
                .isEqualTo(Map.of("Authorization", "[REDACTED]", "note", "paid with ****-****-****-1111"));
        assertThat(out.get("cards")).isEqualTo(List.of("**** **** **** 0004", 42));
        assertThat(map.get("db_password")).as("the input is not changed").isEqualTo("pw");
    }

    @Test
    void extraPatternsAndKeysAreAddedWithoutChangingTheDefaults() {
        Scrubber custom = scrubber.withPattern("ssn \\d{3}-\\d{2}-\\d{4}").withSensitiveKey("iban");
        assertThat(custom.scrub("ssn 123-45-6789 iban=DE89370400440532013000")).isEqualTo("[REDACTED] iban=[REDACTED]");
        assertThat(scrubber.scrub("iban=DE89")).isEqualTo("iban=DE89");
        assertThatThrownBy(() -> scrubber.withPattern("(")).hasMessageStartingWith("pattern '(' does not compile");
        assertThatThrownBy(() -> scrubber.withSensitiveKey("--"))
                .hasMessage("sensitive key must hold a letter or digit, was '--'");
    }

    @Test
    void masksEmails() {
        assertThat(Scrubber.maskEmail("ada@example.com")).isEqualTo("a***@example.com");
        assertThat(Scrubber.maskEmail("@example.com")).isEqualTo("***@example.com");
        assertThat(Scrubber.maskEmail("not-an-email")).isEqualTo("***");
        assertThat(Scrubber.maskEmail(null)).isNull();
    }

    @Test
    void nullAndEmptyPassThrough() {
        assertThat(scrubber.scrub((String) null)).isNull();
        assertThat(scrubber.scrub("")).isEmpty();
    }

    @Property(tries = 300)
    void everyLuhnValidCardNumberLosesAllButItsLastFourDigits(@ForAll("pans") String pan) {
        String out = scrubber.scrub("paid with " + pan + " today");
        String digits = out.replaceAll("[^0-9]", "");
        assertThat(digits).isEqualTo(pan.substring(pan.length() - 4));
    }

    @Property(tries = 300)
    void digitRunsFailingTheLuhnCheckAreLeftAlone(@ForAll("pans") String pan) {
        char last = pan.charAt(pan.length() - 1);
        String broken = pan.substring(0, pan.length() - 1) + (char) ('0' + (last - '0' + 1) % 10);
        String text = "ref " + broken;
        assertThat(scrubber.scrub(text)).isEqualTo(text);
    }

    @Provide
    Arbitrary<String> pans() {
        return Arbitraries.integers()
                .between(12, 18)
                .flatMap(len -> Arbitraries.strings().numeric().ofLength(len).map(ScrubberTest::withCheckDigit));
    }

    static String withCheckDigit(String payload) {
        for (int d = 0; d <= 9; d++) {
            String candidate = payload + d;
            if (Scrubber.luhnValid(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("no check digit for " + payload);
    }
}
