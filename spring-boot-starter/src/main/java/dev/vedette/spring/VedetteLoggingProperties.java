package dev.vedette.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Logback appender that feeds the application's ERROR (and optionally WARN) log events into
 * Vedette's system log and error tracking.
 *
 * @param appender the appender's settings
 */
@ConfigurationProperties("vedette.logging")
public record VedetteLoggingProperties(@DefaultValue AppenderProperties appender) {

    /**
     * The appender.
     *
     * @param enabled whether the appender is attached to Logback's root logger
     * @param includeWarn whether WARN events are recorded too (ERROR always is)
     * @param recordErrors whether events that carry an exception are also recorded as errors
     */
    public record AppenderProperties(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("false") boolean includeWarn,
            @DefaultValue("true") boolean recordErrors) {}
}
