package dev.vedette.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.model.DeliveryKind;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class RecordingNotifierTest {

    @Test
    void recordsEveryKindByDefaultAcknowledgeIncluded() {
        assertThat(new RecordingNotifier("slack").supportedKinds())
                .containsExactlyInAnyOrder(DeliveryKind.values())
                .contains(DeliveryKind.ACKNOWLEDGE);
    }

    @Test
    void standsInForAChannelThatSupportsFewerKinds() {
        RecordingNotifier sms = new RecordingNotifier("sms", EnumSet.of(DeliveryKind.TRIGGER, DeliveryKind.REMINDER));

        assertThat(sms.supportedKinds()).containsExactlyInAnyOrder(DeliveryKind.TRIGGER, DeliveryKind.REMINDER);
    }
}
