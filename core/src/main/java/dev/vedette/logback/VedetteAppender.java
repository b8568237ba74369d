package dev.vedette.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import dev.vedette.Monitor;
import dev.vedette.errors.Scrubber;
import dev.vedette.internal.Validate;
import dev.vedette.model.ErrorEvent;
import dev.vedette.model.LogEntry;
import dev.vedette.model.LogLevel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A Logback appender that feeds ERROR events (and WARN with {@link #setIncludeWarn}) into a {@link
 * Monitor}: each becomes a {@link LogEntry} ({@code monitor.log}), and each that carries a throwable
 * also becomes an {@link ErrorEvent} ({@code monitor.recordError}), grouped by fingerprint.
 *
 * <p><b>Never recurses, never blocks.</b> Events of loggers under {@code dev.vedette} (and any
 * {@linkplain #setExcludedLoggers excluded prefix}) are skipped, and a thread-local guard drops any
 * event logged while the appender is already handing one to the monitor on the same thread. The
 * monitor's record path only offers to a bounded queue (see the Monitor's overflow policy), so the
 * logging thread is not held up by storage or notifiers.
 *
 * <p><b>Scrubbed.</b> Messages, MDC values and exception messages pass through a {@link Scrubber}
 * (card numbers, CVV-like fields, secrets after sensitive keys; extra patterns with {@link
 * #setScrubPatterns}). When an exception's message holds such data, the error is recorded from the
 * scrubbed type and message, with the scrubbed stack trace in its context under {@code stackTrace},
 * instead of the raw throwable; its fingerprint then uses the type and message template only.
 *
 * <p><b>Which monitor.</b> The one set with {@link #setMonitor}, else the one registered with {@link
 * #setDefaultMonitor} (for appenders that logback.xml creates before the application has a
 * monitor). Without either, events are dropped and counted ({@link #dropped()}).
 *
 * <pre>{@code
 * <appender name="VEDETTE" class="dev.vedette.logback.VedetteAppender">
 *   <includeWarn>false</includeWarn>
 *   <component>checkout</component>
 * </appender>
 * <root level="INFO"><appender-ref ref="VEDETTE"/></root>
 * }</pre>
 *
 * and in the application: {@code VedetteAppender.setDefaultMonitor(monitor);}
 */
public class VedetteAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    /** Loggers under this prefix are never recorded. */
    public static final String OWN_LOGGER_PREFIX = "dev.vedette";
    /** Default MDC key of the transaction id. */
    public static final String DEFAULT_TRANSACTION_ID_KEY = "transactionId";
    /** Default MDC key of the customer. */
    public static final String DEFAULT_CUSTOMER_KEY = "customer";
    /** Default MDC key of the component. */
    public static final String DEFAULT_COMPONENT_KEY = "component";

    private static final AtomicReference<@Nullable Monitor> DEFAULT_MONITOR = new AtomicReference<>();
    private static final ThreadLocal<Boolean> IN_APPEND = new ThreadLocal<>();
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]{0,63}");

    private volatile @Nullable Monitor monitor;
    private volatile boolean includeWarn;
    private volatile boolean recordErrors = true;
    private volatile boolean includeMdc = true;
    private volatile @Nullable String component;
    private volatile String componentKey = DEFAULT_COMPONENT_KEY;
    private volatile String transactionIdKey = DEFAULT_TRANSACTION_ID_KEY;
    private volatile String customerKey = DEFAULT_CUSTOMER_KEY;
    private volatile List<String> excludedLoggers = List.of();
    private volatile Scrubber scrubber = Scrubber.defaults();
    private final AtomicLong recorded = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    /** An appender with the defaults: ERROR only, errors recorded, MDC included, default scrubber. */
    public VedetteAppender() {}

    /** Registers the monitor that appenders without their own use; null clears it. */
    public static void setDefaultMonitor(@Nullable Monitor monitor) {
        DEFAULT_MONITOR.set(monitor);
    }

    /** The monitor registered with {@link #setDefaultMonitor}, or null. */
    public static @Nullable Monitor defaultMonitor() {
        return DEFAULT_MONITOR.get();
    }

    /** The monitor this appender records to; null (the default) means {@link #defaultMonitor()}. */
    public void setMonitor(@Nullable Monitor monitor) {
        this.monitor = monitor;
    }

    /** Also record WARN events as log entries (default false). WARN events are never recorded as errors. */
    public void setIncludeWarn(boolean includeWarn) {
        this.includeWarn = includeWarn;
    }

    /** Record events that carry a throwable as errors too (default true). */
    public void setRecordErrors(boolean recordErrors) {
        this.recordErrors = recordErrors;
    }

    /** Copy the (scrubbed) MDC into the log entry's details (default true). */
    public void setIncludeMdc(boolean includeMdc) {
        this.includeMdc = includeMdc;
    }

    /**
     * The component of every entry, e.g. {@code checkout} (default none; the MDC's component key
     * wins when present). Invalid identifiers are ignored.
     */
    public void setComponent(@Nullable String component) {
        this.component = component == null || component.isBlank() ? null : component.strip();
    }

    /** The MDC key holding the component (default {@value #DEFAULT_COMPONENT_KEY}). */
    public void setComponentKey(String key) {
        this.componentKey = requireText("componentKey", key);
    }

    /** The MDC key holding the transaction id (default {@value #DEFAULT_TRANSACTION_ID_KEY}). */
    public void setTransactionIdKey(String key) {
        this.transactionIdKey = requireText("transactionIdKey", key);
    }

    /** The MDC key holding the customer (default {@value #DEFAULT_CUSTOMER_KEY}). */
    public void setCustomerKey(String key) {
        this.customerKey = requireText("customerKey", key);
    }

    /** Comma-separated logger name prefixes to skip, besides {@value #OWN_LOGGER_PREFIX} (always skipped). */
    public void setExcludedLoggers(@Nullable String prefixes) {
        List<String> list = new ArrayList<>();
        if (prefixes != null) {
            for (String p : prefixes.split(",")) {
                if (!p.isBlank()) {
                    list.add(p.strip());
                }
            }
        }
        this.excludedLoggers = List.copyOf(list);
    }

    /**
     * Extra scrub patterns, separated by a line break or {@code ;;} (regular expressions; every
     * match becomes {@value Scrubber#REDACTED}).
     *
     * @throws IllegalArgumentException if a pattern does not compile
     */
    public void setScrubPatterns(@Nullable String patterns) {
        Scrubber s = Scrubber.defaults();
        if (patterns != null) {
            for (String p : patterns.split("\\R|;;")) {
                if (!p.isBlank()) {
                    s = s.withPattern(p.strip());
                }
            }
        }
        this.scrubber = s;
    }

    /** Replaces the scrubber (default {@link Scrubber#defaults()}). */
    public void setScrubber(Scrubber scrubber) {
        this.scrubber = Validate.notNull("scrubber", scrubber);
    }

    /** Events handed to a monitor. */
    public long recorded() {
        return recorded.get();
    }

    /** Events dropped because no monitor was set or registered. */
    public long dropped() {
        return dropped.get();
    }

    /** Events that could not be turned into records (invalid content); never thrown to the logger. */
    public long failed() {
        return failed.get();
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (IN_APPEND.get() != null) {
            return;
        }
        Level level = event.getLevel();
        boolean error = level.isGreaterOrEqual(Level.ERROR);
        if (!error && !(includeWarn && level.isGreaterOrEqual(Level.WARN))) {
            return;
        }
        String loggerName = event.getLoggerName() == null ? "" : event.getLoggerName();
        if (isExcluded(loggerName)) {
            return;
        }
        Monitor target = monitor != null ? monitor : DEFAULT_MONITOR.get();
        if (target == null) {
            dropped.incrementAndGet();
            return;
        }
        IN_APPEND.set(Boolean.TRUE);
        try {
            record(target, event, loggerName, error);
            recorded.incrementAndGet();
        } catch (RuntimeException e) {
            failed.incrementAndGet();
        } finally {
            IN_APPEND.remove();
        }
    }

    private boolean isExcluded(String loggerName) {
        if (isUnder(loggerName, OWN_LOGGER_PREFIX)) {
            return true;
        }
        for (String prefix : excludedLoggers) {
            if (isUnder(loggerName, prefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUnder(String name, String prefix) {
        return name.equals(prefix)
                || name.startsWith(prefix)
                        && (prefix.endsWith(".")
                                || name.length() > prefix.length() && name.charAt(prefix.length()) == '.');
    }

    private void record(Monitor target, ILoggingEvent event, String loggerName, boolean error) {
        Scrubber s = scrubber;
        Map<String, String> mdc = mdcOf(event);
        String comp = printableOrNull(mdc.get(componentKey), 64);
        if (comp == null) {
            comp = printableOrNull(component, 64);
        }
        String transactionId = printableOrNull(mdc.get(transactionIdKey), 128);
        String customer = mdc.get(customerKey);
        Instant at = event.getInstant() != null ? event.getInstant() : Instant.ofEpochMilli(event.getTimeStamp());

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("logger", loggerName);
        if (event.getThreadName() != null) {
            details.put("thread", event.getThreadName());
        }
        IThrowableProxy proxy = event.getThrowableProxy();
        if (proxy != null) {
            details.put("exception", proxy.getClassName());
        }
        if (includeMdc) {
            for (Map.Entry<String, String> e : mdc.entrySet()) {
                if (details.size() >= 60) {
                    break;
                }
                if (e.getValue() != null
                        && IDENTIFIER.matcher(e.getKey()).matches()
                        && !details.containsKey(e.getKey())) {
                    details.put(e.getKey(), e.getValue());
                }
            }
        }
        String message = event.getFormattedMessage() == null ? "" : event.getFormattedMessage();
        target.log(new LogEntry(
                error ? LogLevel.ERROR : LogLevel.WARN,
                comp,
                s.scrub(message),
                s.scrub(details),
                transactionId,
                customer == null ? null : s.scrub(customer),
                at));

        if (error && recordErrors && proxy instanceof ThrowableProxy tp && tp.getThrowable() != null) {
            target.recordError(errorEvent(tp.getThrowable(), s, comp, transactionId, loggerName, at));
        }
    }

    private static ErrorEvent errorEvent(
            Throwable t,
            Scrubber s,
            @Nullable String component,
            @Nullable String transactionId,
            String loggerName,
            Instant at) {
        ErrorEvent.Builder b;
        if (holdsSensitiveText(t, s)) {
            StringWriter trace = new StringWriter();
            t.printStackTrace(new PrintWriter(trace));
            b = ErrorEvent.builder(t.getClass().getName(), s.scrub(t.getMessage()))
                    .context("stackTrace", s.scrub(trace.toString()))
                    .context("scrubbed", true);
        } else {
            b = ErrorEvent.builder(t);
        }
        b.occurredAt(at).context("logger", loggerName);
        if (component != null) {
            b.component(component);
        }
        if (transactionId != null) {
            b.transactionId(transactionId);
        }
        return b.build();
    }

    /** The event's MDC; empty when the logger context has no MDC adapter (a context built by hand). */
    private static Map<String, String> mdcOf(ILoggingEvent event) {
        try {
            Map<String, String> mdc = event.getMDCPropertyMap();
            return mdc == null ? Map.of() : mdc;
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    /** True if the message of the throwable, a cause or a suppressed exception would be scrubbed. */
    static boolean holdsSensitiveText(Throwable t, Scrubber s) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> todo = new ArrayList<>();
        todo.add(t);
        while (!todo.isEmpty() && seen.size() < 32) {
            Throwable x = todo.remove(todo.size() - 1);
            if (!seen.add(x)) {
                continue;
            }
            String m = x.getMessage();
            if (m != null && !m.equals(s.scrub(m))) {
                return true;
            }
            if (x.getCause() != null) {
                todo.add(x.getCause());
            }
            Collections.addAll(todo, x.getSuppressed());
        }
        return false;
    }

    /** The value if it is a usable identifier: not blank, at most {@code max} characters, no control characters. */
    private static @Nullable String printableOrNull(@Nullable String value, int max) {
        if (value == null || value.isBlank() || value.length() > max) {
            return null;
        }
        return value.chars().anyMatch(Character::isISOControl) ? null : value;
    }

    private static String requireText(String field, @Nullable String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank, was '" + value + "'");
        }
        return value.strip();
    }
}
