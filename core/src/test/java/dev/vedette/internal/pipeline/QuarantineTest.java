package dev.vedette.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.model.QuarantinedRecord;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class QuarantineTest {
    private static QuarantinedRecord record(int i) {
        return new QuarantinedRecord("transaction", "t-" + i, Instant.EPOCH.plusSeconds(i), "refused");
    }

    @Test
    void keepsTheNewestEntriesNewestFirstAndCountsWhatItEvicts() {
        Quarantine quarantine = new Quarantine(3);
        for (int i = 1; i <= 5; i++) {
            quarantine.add(record(i));
        }
        assertThat(quarantine.entries()).extracting(QuarantinedRecord::id).containsExactly("t-5", "t-4", "t-3");
        assertThat(quarantine.total()).isEqualTo(5);
        assertThat(quarantine.evicted()).isEqualTo(2);
    }

    @Test
    void aCapacityBelowOneIsRefusedByName() {
        assertThatThrownBy(() -> new Quarantine(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("quarantine capacity must be at least 1, was 0");
    }
}
