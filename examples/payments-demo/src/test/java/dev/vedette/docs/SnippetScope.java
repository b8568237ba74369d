package dev.vedette.docs;

import dev.vedette.Monitor;
import dev.vedette.alerting.Notifier;
import dev.vedette.rules.Rule;
import dev.vedette.store.Store;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.slf4j.Logger;

/**
 * What a code fragment in the docs may take for granted: the host application's variables and
 * the few types of its own that a snippet talks about. Every generated snippet class (see {@link
 * SnippetCompiler}) extends this class, so these fields and nested types are in scope by their
 * plain names; a snippet that declares a local of the same name ({@code Monitor monitor = ...})
 * simply shadows the field. The values are never set: snippets are compiled, not run.
 *
 * <p>To use a new name in the docs, add it here with the type a reader would have, so the page
 * stays honest about what it assumes. Keep the list short: a snippet that needs many givens is
 * better written as a whole class.
 */
@SuppressWarnings({"unused", "NullAway"})
public abstract class SnippetScope {
    /** The application's monitor. */
    protected Monitor monitor;
    /** The monitor's store. */
    protected Store store;
    /** The application's pooled data source. */
    protected DataSource dataSource;
    /** The clock the application injects. */
    protected Clock clock;
    /** The application's Micrometer registry. */
    protected MeterRegistry registry;
    /** The application's SLF4J logger. */
    protected Logger log;

    /** Configured notifiers, named after their channels. */
    protected Notifier slack, email, pagerDuty, sms;
    /** A rule of the application's own. */
    protected Rule myRule;

    /** Time ranges: {@code [from, to)} for queries, {@code [start, end)} for windows. */
    protected Instant from, to, start, end;
    /** How long a provider call or a webhook's processing took. */
    protected Duration took;
    /** Something the application caught. */
    protected Throwable exception;
    /** Where a CSV export goes. */
    protected Writer writer;

    /** The host's identifiers and customer data. */
    protected String orderId, captureId, paymentIntentId, userId, customerEmail, customerName, fingerprint;
    /** Secrets and endpoints a reader supplies from configuration. */
    protected String webhookUrl, pw, smtpPassword, secret;

    /** The documented example secrets of the channel pages. */
    protected static final String SLACK_WEBHOOK_URL = "https://hooks.slack.com/services/T000/B000/XXXX",
            SMTP_PASSWORD = "app-password",
            ROUTING_KEY = "0123456789abcdef0123456789abcdef",
            TWILIO_AUTH_TOKEN = "0123456789abcdef0123456789abcdef",
            WEBHOOK_SECRET = "0123456789abcdef0123";

    /** An incoming webhook call: the servlet request and its body exactly as received. */
    protected HttpServletRequest request;

    protected byte[] rawBodyBytes;

    /** A Redis client of the host's. */
    protected Redis redis;
    /** A provider's webhook event as the provider's SDK parsed it. */
    protected ProviderEvent event;

    /** The host's order, as the Spring Boot page's {@code Checkout} service sees it. */
    public record Order(String id, BigDecimal total, String currency, String paypalOrderId, String captureId) {}

    /** The part of a Redis client the health page uses. */
    public interface Redis {
        boolean ping();
    }

    /** The part of a provider SDK's event the rules page uses. */
    public interface ProviderEvent {
        String getId();
    }
}
