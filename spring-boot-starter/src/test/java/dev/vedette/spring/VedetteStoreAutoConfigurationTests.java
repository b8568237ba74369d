package dev.vedette.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.Monitor;
import dev.vedette.jdbc.JdbcStore;
import dev.vedette.store.InMemoryStore;
import dev.vedette.store.Store;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class VedetteStoreAutoConfigurationTests {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(VedetteAutoConfigurationTests.ALL)
            .withPropertyValues("vedette.checks.disk-space.enabled=false");

    private ApplicationContextRunner withH2() {
        return runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withPropertyValues(
                        "spring.datasource.url=jdbc:h2:mem:vedette-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    }

    @Test
    void aDataSourceAndTheJdbcStoreLibraryGiveAJdbcStore() {
        withH2().withPropertyValues("vedette.store.table-prefix=mon_").run(context -> {
            assertThat(context).hasSingleBean(JdbcStore.class);
            JdbcStore store = context.getBean(JdbcStore.class);
            assertThat(store.tablePrefix()).isEqualTo("mon_");
            assertThat(StarterTests.writesTo(context.getBean(Monitor.class), store))
                    .isTrue();
        });
    }

    @Test
    void withoutTheJdbcStoreLibraryADataSourceStillGivesAnInMemoryStore() {
        withH2().withClassLoader(new FilteredClassLoader(JdbcStore.class))
                .run(context ->
                        assertThat(context).hasSingleBean(InMemoryStore.class).doesNotHaveBean(JdbcStore.class));
    }

    @Test
    void withoutADataSourceTheStoreIsInMemoryWithItsBound() {
        runner.withPropertyValues("vedette.store.max-transactions=10")
                .run(context -> assertThat(context).hasSingleBean(InMemoryStore.class));
    }

    @Test
    void typeMemoryWinsOverADataSource() {
        withH2().withPropertyValues("vedette.store.type=memory")
                .run(context -> assertThat(context).hasSingleBean(InMemoryStore.class));
    }

    @Test
    void typeJdbcWithoutADataSourceFailsNamingTheProperty() {
        runner.withPropertyValues("vedette.store.type=jdbc")
                .run(context ->
                        assertThat(context).getFailure().rootCause().hasMessageContaining("vedette.store.type"));
    }

    @Test
    void aBadTablePrefixFailsNamingTheProperty() {
        withH2().withPropertyValues("vedette.store.table-prefix=Drop Table;")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("vedette.store.table-prefix"));
    }

    @Test
    void aBadInMemoryBoundFailsNamingTheProperty() {
        runner.withPropertyValues("vedette.store.max-transactions=0")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("vedette.store.max-transactions"));
    }

    @Test
    void aStoreOfYourOwnWins() {
        Store own = InMemoryStore.builder().maxTransactions(5).build();
        withH2().withBean(Store.class, () -> own).run(context -> {
            assertThat(context).doesNotHaveBean(JdbcStore.class);
            assertThat(StarterTests.writesTo(context.getBean(Monitor.class), own))
                    .isTrue();
        });
    }
}
