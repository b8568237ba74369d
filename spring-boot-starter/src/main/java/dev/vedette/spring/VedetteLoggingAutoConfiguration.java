package dev.vedette.spring;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import dev.vedette.Monitor;
import dev.vedette.logback.VedetteAppender;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Attaches a {@link VedetteAppender} to Logback's root logger when {@code
 * vedette.logging.appender.enabled=true} and Logback is the SLF4J backend: the application's
 * ERROR events (and WARN with {@code include-warn}) become Vedette log entries, and those with an
 * exception become tracked errors. The appender never records Vedette's own log events and never
 * blocks the logging thread. It is detached when the context closes.
 */
@AutoConfiguration(after = VedetteAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "vedette.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "vedette.logging.appender.enabled")
@ConditionalOnClass(name = "ch.qos.logback.classic.LoggerContext")
@ConditionalOnBean(Monitor.class)
@EnableConfigurationProperties(VedetteLoggingProperties.class)
public class VedetteLoggingAutoConfiguration {

    /** Creates the auto-configuration; Spring calls it. */
    public VedetteLoggingAutoConfiguration() {}

    /** The attached appender; a bean of your own wins. */
    @Bean
    @ConditionalOnMissingBean
    public AttachedAppender vedetteLogbackAppender(Monitor monitor, VedetteLoggingProperties properties) {
        VedetteAppender appender = new VedetteAppender();
        appender.setMonitor(monitor);
        appender.setIncludeWarn(properties.appender().includeWarn());
        appender.setRecordErrors(properties.appender().recordErrors());
        return new AttachedAppender(appender);
    }

    /** A {@link VedetteAppender} attached to the root logger while the context lives. */
    public static final class AttachedAppender implements DisposableBean {
        private final VedetteAppender appender;
        private final Logger root;

        AttachedAppender(VedetteAppender appender) {
            this.appender = appender;
            ILoggerFactory factory = LoggerFactory.getILoggerFactory();
            if (!(factory instanceof LoggerContext context)) {
                this.root = null;
                LoggerFactory.getLogger(VedetteLoggingAutoConfiguration.class)
                        .warn("vedette.logging.appender.enabled is set but SLF4J is not bound to Logback; "
                                + "the appender is not attached");
                return;
            }
            appender.setContext(context);
            appender.setName("VEDETTE");
            appender.start();
            this.root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            root.addAppender(appender);
        }

        /** The appender, for its counters. */
        public VedetteAppender appender() {
            return appender;
        }

        /** True if the appender is attached to Logback's root logger. */
        public boolean attached() {
            return root != null && root.isAttached(appender);
        }

        @Override
        public void destroy() {
            if (root != null) {
                root.detachAppender(appender);
            }
            appender.stop();
        }
    }
}
