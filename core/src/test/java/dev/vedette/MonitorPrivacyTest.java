package dev.vedette;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.model.AuditEntry;
import dev.vedette.model.ErrorGroup;
import dev.vedette.model.LogLevel;
import dev.vedette.model.StoredTransaction;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.LogQuery;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MonitorPrivacyTest {

    @Test
    void cardNumbersAndSecretsAreMaskedBeforeAnythingIsStored() {
        try (Monitor m = Monitor.builder().backgroundJobs(false).build()) {
            m.recordTransaction(Transaction.builder("t1")
                    .status(TransactionStatus.FAILED)
                    .error("E1", "charge of card 4111 1111 1111 1111 failed")
                    .metadata("password", "hunter2")
                    .metadata("note", "card 5500-0000-0000-0004")
                    .build());
            m.log(LogLevel.ERROR, "checkout", "retrying card 4111111111111111");
            m.recordError(new IllegalStateException("declined: 4111111111111111"));
            m.flush(Duration.ofSeconds(5));

            StoredTransaction t = m.transactions().get("t1").orElseThrow();
            assertThat(t.errorMessage()).doesNotContain("4111 1111 1111 1111").contains("1111");
            assertThat(t.metadata().get("password")).isNotEqualTo("hunter2");
            assertThat(t.metadata().get("note").toString()).doesNotContain("5500-0000-0000-0004");
            assertThat(t.timeline().get(0).observation().errorMessage()).doesNotContain("4111 1111 1111 1111");
            assertThat(m.errors()
                            .logs(LogQuery.recent(10))
                            .items()
                            .get(0)
                            .entry()
                            .message())
                    .doesNotContain("4111111111111111");
            ErrorGroup group = m.errors().groups(Set.of(), 10, null).items().get(0);
            assertThat(group.lastMessage()).doesNotContain("4111111111111111");
            assertThat(group.lastStackTrace())
                    .doesNotContain("4111111111111111")
                    .contains("IllegalStateException");
        }
    }

    @Test
    void eraseReplacesTheCustomerWithAPseudonymAndAuditsWithoutTheAddress() {
        try (Monitor m = Monitor.builder().backgroundJobs(false).build()) {
            m.recordTransaction(Transaction.builder("t1")
                    .status(TransactionStatus.COMPLETED)
                    .customer("ada@example.com", "Ada")
                    .build());
            m.recordTransaction(Transaction.builder("t2")
                    .status(TransactionStatus.COMPLETED)
                    .customer("ADA@example.com", "Ada")
                    .build());

            long changed = m.erase("ada@example.com", "dpo");

            assertThat(changed).isGreaterThanOrEqualTo(4);
            String p1 = m.transactions().get("t1").orElseThrow().customerEmail();
            assertThat(p1).startsWith("erased-").endsWith("@erased.invalid");
            assertThat(m.transactions().get("t2").orElseThrow().customerEmail())
                    .as("same customer, same pseudonym")
                    .isEqualTo(p1);
            AuditEntry audit = m.audit(10, null).items().get(0);
            assertThat(audit.action()).isEqualTo("customer.erase");
            assertThat(audit.actor()).isEqualTo("dpo");
            assertThat(audit.toString()).doesNotContain("ada@example.com");
        }
    }
}
