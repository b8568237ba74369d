package dev.vedette.notifiers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmsTextTest {
    private static final String LINK = "\nhttps://ops.example.com/vedette/alerts/a-1";

    @Test
    void gsm7CoversTheBasicSetAndTheExtensionTable() {
        assertThat(SmsText.isGsm7("CRITICAL: Zahlung fehlgeschlagen für Kundin Ärger @ 10:00 £5 ¿ñ?"))
                .isTrue();
        assertThat(SmsText.isGsm7("{[~]} ^ | € \\")).isTrue();
        assertThat(SmsText.isGsm7("Paiement refusé ç")).isFalse(); // lower-case ç is not GSM-7 (only Ç is)
        assertThat(SmsText.isGsm7("Płatność")).isFalse();
        assertThat(SmsText.isGsm7("card down 🔥")).isFalse();
        assertThat(SmsText.isGsm7("smart ’quote’")).isFalse();
    }

    @Test
    void gsm7SegmentsAre160SingleAnd153Concatenated() {
        assertThat(SmsText.segments("a".repeat(160))).isEqualTo(1);
        assertThat(SmsText.segments("a".repeat(161))).isEqualTo(2);
        assertThat(SmsText.segments("a".repeat(306))).isEqualTo(2);
        assertThat(SmsText.segments("a".repeat(307))).isEqualTo(3);
    }

    @Test
    void extensionCharactersCostTwoSeptetsAndAreNotSplit() {
        assertThat(SmsText.segments("€".repeat(80))).isEqualTo(1);
        assertThat(SmsText.segments("€".repeat(81))).isEqualTo(2);
        // 152 septets then a two-septet character: it moves whole to the second segment
        assertThat(SmsText.segments("a".repeat(152) + "€" + "a".repeat(151))).isEqualTo(2);
        assertThat(SmsText.segments("a".repeat(152) + "€" + "a".repeat(152))).isEqualTo(3);
    }

    @Test
    void ucs2SegmentsAre70SingleAnd67Concatenated() {
        assertThat(SmsText.segments("ж".repeat(70))).isEqualTo(1);
        assertThat(SmsText.segments("ж".repeat(71))).isEqualTo(2);
        assertThat(SmsText.segments("ж".repeat(134))).isEqualTo(2);
        assertThat(SmsText.segments("ж".repeat(135))).isEqualTo(3);
        // one emoji makes the whole text UCS-2 and counts two units
        assertThat(SmsText.segments("a".repeat(68) + "🔥")).isEqualTo(1);
        assertThat(SmsText.segments("a".repeat(69) + "🔥")).isEqualTo(2);
    }

    @Test
    void fitCutsTheHeadKeepsTheLinkAndStaysWithinTheSegments() {
        String text = SmsText.fit("CRITICAL TRIGGERED: " + "x".repeat(1000), LINK, 2);

        assertThat(SmsText.isGsm7(text)).isTrue();
        assertThat(text).endsWith("..." + LINK).hasSize(306);
        assertThat(SmsText.segments(text)).isEqualTo(2);
    }

    @Test
    void fitUsesUcs2LimitsWhenTheTextNeedsThem() {
        String text = SmsText.fit("Płatność " + "ż".repeat(500), LINK, 1);

        assertThat(text).startsWith("Płatność ż").endsWith("..." + LINK).hasSize(70);
    }

    @Test
    void fitNeverSplitsASurrogatePair() {
        String text = SmsText.fit("🔥".repeat(100), "", 1);

        assertThat(text).isEqualTo("🔥".repeat(33) + "...");
        assertThat(SmsText.segments(text)).isEqualTo(1);
    }

    @Test
    void fitDropsALinkThatCannotFitAndKeepsShortTextWhole() {
        assertThat(SmsText.fit("short", LINK, 1)).isEqualTo("short" + LINK);
        String hugeLink = "\nhttps://ops.example.com/" + "p".repeat(400);

        assertThat(SmsText.fit("CRITICAL TRIGGERED: title", hugeLink, 1)).isEqualTo("CRITICAL TRIGGERED: title");
    }
}
