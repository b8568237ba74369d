package dev.vedette.spring;

import static dev.vedette.spring.PropertyChecks.check;
import static dev.vedette.spring.PropertyChecks.run;

import dev.vedette.Monitor;
import dev.vedette.jdbc.JdbcStore;
import dev.vedette.spring.VedetteProperties.StoreProperties;
import dev.vedette.spring.VedetteProperties.StoreType;
import dev.vedette.store.InMemoryStore;
import dev.vedette.store.Store;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.util.ClassUtils;

/**
 * Auto-configures the {@link Store}: a {@link JdbcStore} on the application's {@link DataSource}
 * when {@code vedette-jdbc-store} is on the class path and a DataSource bean exists, else an {@link
 * InMemoryStore}, which is said once at INFO with the reason. {@code vedette.store.type} forces one or
 * the other.
 *
 * <p>The JDBC store creates its tables with Flyway under its own history table ({@code
 * <prefix>schema_history}), after the application's own database initialization (Flyway,
 * Liquibase, SQL scripts) has run, so the two never see each other's migrations. The monitor owns
 * the store and closes it; the application's DataSource is never closed by Vedette.
 *
 * <p>Backs off when there is a {@link Store} or {@link Monitor} bean of your own.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
            "org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration"
        })
@ConditionalOnBooleanProperty(name = "vedette.enabled", matchIfMissing = true)
@ConditionalOnMissingBean({Store.class, Monitor.class})
@EnableConfigurationProperties(VedetteProperties.class)
@Import(VedetteStoreAutoConfiguration.Jdbc.class)
public class VedetteStoreAutoConfiguration {
    private static final Logger log = LoggerFactory.getLogger(VedetteStoreAutoConfiguration.class);

    /** Creates the auto-configuration; Spring calls it. */
    public VedetteStoreAutoConfiguration() {}

    /**
     * The in-memory store, when no other store was configured (registered after the imported JDBC
     * configuration, so that one wins).
     *
     * @throws org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException
     *     if {@code vedette.store.type=jdbc} or the bound is invalid
     */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean(Store.class)
    public InMemoryStore vedetteStore(VedetteProperties properties, ConfigurableListableBeanFactory beans) {
        StoreProperties p = properties.store();
        if (p.type() == StoreType.JDBC) {
            throw PropertyChecks.invalid(
                    "vedette.store.type",
                    "jdbc",
                    "the JDBC store needs vedette-jdbc-store on the class path and a DataSource bean");
        }
        log.info(
                "Vedette keeps its data in memory (bounded to {} transactions, lost on restart): {}",
                p.maxTransactions(),
                inMemoryReason(p, beans));
        return check(
                "vedette.store.max-transactions",
                p.maxTransactions(),
                () -> InMemoryStore.builder()
                        .maxTransactions(p.maxTransactions())
                        .build());
    }

    private static String inMemoryReason(StoreProperties p, ConfigurableListableBeanFactory beans) {
        if (p.type() == StoreType.MEMORY) {
            return "vedette.store.type=memory";
        }
        if (!ClassUtils.isPresent("dev.vedette.jdbc.JdbcStore", beans.getBeanClassLoader())) {
            return "vedette-jdbc-store is not on the class path";
        }
        if (beans.getBeanNamesForType(DataSource.class, true, false).length == 0) {
            return "the application has no DataSource bean";
        }
        return "no JDBC store was configured";
    }

    /** The JDBC store, when the library and a DataSource are there and memory is not forced. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(JdbcStore.class)
    @ConditionalOnBean(DataSource.class)
    @Conditional(NotMemory.class)
    static class Jdbc {
        @Bean(destroyMethod = "")
        @ConditionalOnMissingBean(Store.class)
        @DependsOnDatabaseInitialization
        JdbcStore vedetteStore(DataSource dataSource, VedetteProperties properties) {
            StoreProperties p = properties.store();
            JdbcStore.Builder b = JdbcStore.builder().dataSource(dataSource).migrate(p.migrate());
            run("vedette.store.table-prefix", p.tablePrefix(), () -> b.tablePrefix(p.tablePrefix()));
            return b.build();
        }
    }

    /** Matches unless {@code vedette.store.type=memory}. */
    static class NotMemory extends NoneNestedConditions {
        NotMemory() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnProperty(name = "vedette.store.type", havingValue = "memory")
        static class Memory {}
    }
}
