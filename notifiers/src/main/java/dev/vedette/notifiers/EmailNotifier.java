package dev.vedette.notifiers;

import dev.vedette.alerting.Notification;
import dev.vedette.alerting.SendResult;
import dev.vedette.analytics.RenderedReport;
import dev.vedette.analytics.ReportChannel;
import dev.vedette.internal.Durations;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.DeliveryKind;
import dev.vedette.model.HealthReport;
import dev.vedette.model.Severity;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends alerts by e-mail over SMTP (Jakarta Mail, Angus Mail), as a {@code multipart/alternative}
 * message with a plain-text and an HTML part.
 *
 * <pre>{@code
 * Notifier email = new EmailNotifier(EmailConfig.builder("smtp.example.com")
 *         .credentials("alerts@example.com", smtpPassword)
 *         .from("alerts@example.com")
 *         .to("oncall@example.com")
 *         .build());
 * }</pre>
 *
 * <p>The subject reads {@code [Vedette] CRITICAL TRIGGERED: Card payments failing} (status word
 * TRIGGERED, REMINDER, ACKNOWLEDGED, RESOLVED or TEST; a digest reads {@code [Vedette] DIGEST: 12
 * alerts}). The body lists, for every alert of the notification, severity, status, title,
 * component, occurrences, first and last seen (ISO-8601 UTC), labels and message, then "and N
 * more" for alerts a storm cap left out, and the dashboard link if there is one. All alert text is
 * HTML-escaped in the HTML part. The headers {@code X-Vedette-Delivery-Id}, {@code X-Vedette-Kind}
 * and {@code Auto-Submitted: auto-generated} are set.
 *
 * <p>Security: {@link SmtpSecurity#STARTTLS} (required, the default), {@link SmtpSecurity#SSL} or
 * {@link SmtpSecurity#NONE}; with TLS the server's certificate is checked against the host name
 * unless turned off.
 *
 * <p>Outcomes: accepted by the server is sent (also when some recipients were rejected and others
 * accepted: the rejected ones are logged); failed authentication and 5xx replies (such as 550 for
 * an unknown recipient) fail for good; connection failures, timeouts, 4xx replies and anything
 * else are retried. The password never appears in a result or log line.
 */
public final class EmailNotifier extends ChannelNotifier implements ReportChannel {
    private static final Logger LOG = LoggerFactory.getLogger(EmailNotifier.class);
    private static final int MAX_SUBJECT = 200;
    /** How long a send interrupted at its deadline may take to say what it did. */
    private static final Duration LATE_ANSWER = Duration.ofSeconds(1);

    private final EmailConfig config;
    private final Session session;
    private final Redactor redactor;

    /** Creates a notifier; opens no connection until the first send. */
    public EmailNotifier(EmailConfig config) {
        super(config);
        this.config = config;
        this.session = Session.getInstance(properties(config));
        this.redactor = new Redactor(java.util.Collections.singletonList(config.password()));
    }

    static Properties properties(EmailConfig c) {
        Properties p = new Properties();
        p.setProperty("mail.transport.protocol", "smtp");
        p.setProperty("mail.smtp.host", c.host());
        p.setProperty("mail.smtp.port", Integer.toString(c.port()));
        p.setProperty(
                "mail.smtp.connectiontimeout", Long.toString(c.connectTimeout().toMillis()));
        p.setProperty("mail.smtp.timeout", Long.toString(c.readTimeout().toMillis()));
        p.setProperty("mail.smtp.writetimeout", Long.toString(c.writeTimeout().toMillis()));
        p.setProperty("mail.smtp.auth", Boolean.toString(c.username() != null));
        p.setProperty("mail.smtp.from", c.from().getAddress());
        // deliver to the addresses the server accepts even if it rejects some
        p.setProperty("mail.smtp.sendpartial", "true");
        switch (c.security()) {
            case STARTTLS -> {
                p.setProperty("mail.smtp.starttls.enable", "true");
                p.setProperty("mail.smtp.starttls.required", "true");
                p.setProperty("mail.smtp.ssl.checkserveridentity", Boolean.toString(c.checkServerIdentity()));
            }
            case SSL -> {
                p.setProperty("mail.smtp.ssl.enable", "true");
                p.setProperty("mail.smtp.ssl.checkserveridentity", Boolean.toString(c.checkServerIdentity()));
            }
            case NONE -> p.setProperty("mail.smtp.starttls.enable", "false");
        }
        return p;
    }

    /** The configured channel name, {@code email} by default. */
    @Override
    public String name() {
        return config.name();
    }

    /** Sends one e-mail; never throws. See the class comment for how failures map to results. */
    @Override
    public SendResult send(Notification notification) {
        SendResult result = transmit(() -> message(notification), notification.deliveryId());
        return Outcomes.log(LOG, name(), notification, result);
    }

    /**
     * Sends a rendered daily or weekly report to the configured recipients as one multipart
     * (text and HTML) e-mail; never throws. Failures map onto results as for {@link #send}.
     */
    @Override
    public SendResult sendReport(RenderedReport report) {
        SendResult result = transmit(() -> reportMessage(report), "report");
        if (!(result instanceof SendResult.Sent)) {
            LOG.warn("{}: report '{}' not sent: {}", name(), Texts.oneLine(report.subject()), result);
        }
        return result;
    }

    /** Builds a message; may throw what Jakarta Mail throws. */
    @FunctionalInterface
    private interface MessageSource {
        MimeMessage build() throws MessagingException;
    }

    /**
     * Sends on a virtual thread of its own, bounded by the configured send deadline: the SMTP
     * timeouts bound each read and write, the deadline the whole conversation (a server that
     * trickles one reply line at a time stays under every timeout). When the deadline passes the
     * thread is interrupted, which closes its socket at once; what it then reports within {@link
     * #LATE_ANSWER} is returned, so a message that did go out is not reported as failed.
     */
    private SendResult transmit(MessageSource source, String what) {
        CompletableFuture<SendResult> result = new CompletableFuture<>();
        Thread worker =
                Thread.ofVirtual().name("vedette-smtp-" + name()).start(() -> result.complete(converse(source, what)));
        Duration deadline = config.sendDeadline();
        try {
            return result.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException overdue) {
            worker.interrupt();
            SendResult late = result.completeOnTimeout(null, LATE_ANSWER.toMillis(), TimeUnit.MILLISECONDS)
                    .join();
            return late instanceof SendResult.Sent
                    ? late
                    : SendResult.retryLater("SMTP send deadline of " + Durations.human(deadline) + " passed");
        } catch (InterruptedException e) {
            worker.interrupt();
            Thread.currentThread().interrupt();
            return SendResult.retryLater("e-mail send interrupted");
        } catch (ExecutionException e) {
            return SendResult.retryLater("e-mail send failed unexpectedly: " + redactor.describe(e.getCause()));
        }
    }

    private SendResult converse(MessageSource source, String what) {
        try {
            MimeMessage message = source.build();
            try (Transport transport = session.getTransport()) {
                transport.connect(config.host(), config.port(), config.username(), config.password());
                transport.sendMessage(message, message.getAllRecipients());
            }
            return SendResult.sent();
        } catch (SendFailedException e) {
            return partial(e, what);
        } catch (MessagingException e) {
            return classify(e, redactor);
        } catch (Exception e) {
            return SendResult.retryLater("e-mail send failed unexpectedly: " + redactor.describe(e));
        }
    }

    MimeMessage reportMessage(RenderedReport report) throws MessagingException {
        MimeMessage m = envelope();
        String prefix = config.subjectPrefix().isEmpty() ? "" : config.subjectPrefix() + " ";
        m.setSubject(
                Texts.truncate(prefix + Texts.oneLine(report.subject()), MAX_SUBJECT, "..."),
                StandardCharsets.UTF_8.name());
        m.setHeader("X-Vedette-Kind", "REPORT");
        m.setContent(alternative(report.text(), report.html()));
        m.saveChanges();
        return m;
    }

    // package-private for tests
    SendResult partial(SendFailedException e, String what) {
        Address[] sent = e.getValidSentAddresses();
        if (sent != null && sent.length > 0) {
            Address[] invalid = e.getInvalidAddresses();
            LOG.warn(
                    "{}: delivery {} reached {} recipient(s) but the server rejected {}: {}",
                    name(),
                    what,
                    sent.length,
                    invalid == null ? 0 : invalid.length,
                    reply(e, redactor));
            return SendResult.sent();
        }
        return classify(e, redactor);
    }

    /** Maps a Jakarta Mail failure onto a result; package-private for tests. */
    static SendResult classify(MessagingException e, Redactor redactor) {
        if (e instanceof AuthenticationFailedException) {
            return SendResult.failed(
                    "SMTP authentication failed: the server rejected the configured user name " + "or password");
        }
        int code = replyCode(e);
        if (code >= 500) {
            return SendResult.failed("SMTP server rejected the message: " + reply(e, redactor));
        }
        if (code >= 400) {
            return SendResult.retryLater("SMTP server deferred the message: " + reply(e, redactor));
        }
        if (e instanceof MailConnectException c) {
            return SendResult.retryLater("cannot connect to SMTP server " + c.getHost() + ":" + c.getPort() + ": "
                    + redactor.describe(c.getCause() == null ? c : c.getCause()));
        }
        if (hasCause(e, SocketTimeoutException.class)) {
            return SendResult.retryLater("SMTP server timed out: " + redactor.describe(e));
        }
        return SendResult.retryLater("SMTP failure: " + redactor.describe(e));
    }

    private static int replyCode(MessagingException e) {
        for (Exception x = e; x != null; x = x instanceof MessagingException m ? m.getNextException() : null) {
            if (x instanceof SMTPAddressFailedException a) {
                return a.getReturnCode();
            }
            if (x instanceof SMTPSenderFailedException s) {
                return s.getReturnCode();
            }
            if (x instanceof SMTPSendFailedException s) {
                return s.getReturnCode();
            }
        }
        return -1;
    }

    /** The server's reply text: the deepest SMTP exception's message. */
    private static String reply(MessagingException e, Redactor redactor) {
        String text = e.getMessage();
        for (Exception x = e.getNextException();
                x != null;
                x = x instanceof MessagingException m ? m.getNextException() : null) {
            if (x instanceof SMTPAddressFailedException
                    || x instanceof SMTPSenderFailedException
                    || x instanceof SMTPSendFailedException) {
                text = x.getMessage();
            }
        }
        return HttpSupport.detail(redactor.redact(text == null ? "" : text));
    }

    /** Walks the cause chain; {@link MessagingException#getCause()} returns the next exception. */
    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        int depth = 0;
        for (Throwable c = t; c != null && depth < 20; c = c.getCause(), depth++) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Connects and, if credentials are configured, logs in, then disconnects without sending. DOWN
     * with the reason on failure; never throws.
     */
    @Override
    public Optional<HealthReport> checkHealth() {
        long start = System.nanoTime();
        String component = config.healthComponent();
        try (Transport transport = session.getTransport()) {
            transport.connect(config.host(), config.port(), config.username(), config.password());
            return Optional.of(HealthReport.up(component, Duration.ofNanos(System.nanoTime() - start)));
        } catch (Exception e) {
            String reason = e instanceof MessagingException m ? reasonOf(classify(m, redactor)) : redactor.describe(e);
            return Optional.of(HealthReport.down(component, Duration.ofNanos(System.nanoTime() - start), reason));
        }
    }

    private static String reasonOf(SendResult r) {
        return switch (r) {
            case SendResult.Failed f -> f.reason();
            case SendResult.RetryLater l -> l.reason();
            case SendResult.Sent s -> "sent";
        };
    }

    /** Nothing to release: each send opens and closes its own connection. */
    @Override
    public void close() {}

    /** The message for a notification; package-private for tests. */
    private MimeMessage envelope() throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(config.from());
        m.setRecipients(Message.RecipientType.TO, config.to().toArray(new Address[0]));
        if (!config.cc().isEmpty()) {
            m.setRecipients(Message.RecipientType.CC, config.cc().toArray(new Address[0]));
        }
        m.setHeader("Auto-Submitted", "auto-generated");
        return m;
    }

    private static MimeMultipart alternative(String plain, String htmlText) throws MessagingException {
        MimeBodyPart text = new MimeBodyPart();
        text.setText(plain, StandardCharsets.UTF_8.name(), "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(htmlText, StandardCharsets.UTF_8.name(), "html");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        return alternative;
    }

    MimeMessage message(Notification n) throws MessagingException {
        MimeMessage m = envelope();
        String prefix = config.subjectPrefix().isEmpty() ? "" : config.subjectPrefix() + " ";
        m.setSubject(Texts.truncate(prefix + Texts.headline(n), MAX_SUBJECT, "..."), StandardCharsets.UTF_8.name());
        m.setSentDate(Date.from(n.createdAt()));
        m.setHeader("X-Vedette-Delivery-Id", Texts.oneLine(n.deliveryId()));
        m.setHeader("X-Vedette-Kind", n.kind().name());
        m.setContent(alternative(text(n), html(n)));
        m.saveChanges();
        return m;
    }

    private static List<String[]> rows(DeliveryKind kind, AlertRecord a) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Severity", a.severity().name()});
        rows.add(
                new String[] {"Status", kind == DeliveryKind.DIGEST ? a.status().name() : Texts.status(kind)});
        rows.add(new String[] {"Component", Texts.orDash(a.component())});
        rows.add(new String[] {"Occurrences", Long.toString(a.occurrences())});
        rows.add(new String[] {"First seen", Texts.iso(a.firstSeen())});
        rows.add(new String[] {"Last seen", Texts.iso(a.lastSeen())});
        rows.add(new String[] {"Labels", Texts.labels(a.labels())});
        if (a.acknowledgedAt() != null) {
            rows.add(new String[] {
                "Acknowledged", Texts.iso(a.acknowledgedAt()) + " by " + Texts.orDash(a.acknowledgedBy())
            });
        }
        if (a.resolvedAt() != null) {
            rows.add(new String[] {"Resolved", Texts.iso(a.resolvedAt()) + " by " + Texts.orDash(a.resolvedBy())});
        }
        return rows;
    }

    static String text(Notification n) {
        StringBuilder b = new StringBuilder(Texts.headline(n)).append("\n\n");
        for (AlertRecord a : n.alerts()) {
            b.append(Texts.oneLine(a.title())).append('\n');
            for (String[] row : rows(n.kind(), a)) {
                b.append(String.format("%-13s%s\n", row[0] + ":", Texts.oneLine(row[1])));
            }
            if (a.message() != null && !a.message().isBlank()) {
                b.append('\n').append(a.message()).append('\n');
            }
            b.append('\n');
        }
        if (n.omitted() > 0) {
            b.append("... and ")
                    .append(n.omitted())
                    .append(" more ")
                    .append(n.omitted() == 1 ? "alert" : "alerts")
                    .append("\n\n");
        }
        URIText.link(
                n.dashboardLink(), link -> b.append("Dashboard: ").append(link).append("\n\n"));
        b.append("-- \nSent by Vedette (delivery ").append(n.deliveryId()).append(")\n");
        return b.toString();
    }

    static String html(Notification n) {
        StringBuilder b = new StringBuilder(4096);
        b.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>")
                .append(escape(Texts.headline(n)))
                .append("</title></head><body style=\"font-family:Arial,Helvetica,sans-serif;color:#222\">");
        b.append("<h2 style=\"margin:0 0 12px\">")
                .append(escape(Texts.headline(n)))
                .append("</h2>");
        for (AlertRecord a : n.alerts()) {
            b.append("<div style=\"border-left:6px solid ")
                    .append(colour(n.kind(), a.severity()))
                    .append(";padding:4px 12px;margin:0 0 16px\">");
            b.append("<h3 style=\"margin:4px 0\">").append(escape(a.title())).append("</h3>");
            b.append("<table style=\"border-collapse:collapse\">");
            for (String[] row : rows(n.kind(), a)) {
                b.append("<tr><th style=\"text-align:left;padding:2px 12px 2px 0\">")
                        .append(escape(row[0]))
                        .append("</th><td>")
                        .append(escape(row[1]))
                        .append("</td></tr>");
            }
            b.append("</table>");
            if (a.message() != null && !a.message().isBlank()) {
                b.append("<pre style=\"white-space:pre-wrap;font-family:inherit\">")
                        .append(escape(a.message()))
                        .append("</pre>");
            }
            b.append("</div>");
        }
        if (n.omitted() > 0) {
            b.append("<p>&hellip; and ")
                    .append(n.omitted())
                    .append(" more ")
                    .append(n.omitted() == 1 ? "alert" : "alerts")
                    .append("</p>");
        }
        URIText.link(
                n.dashboardLink(),
                link -> b.append("<p><a href=\"")
                        .append(escape(link))
                        .append("\">Open in the Vedette dashboard</a></p>"));
        b.append("<p style=\"color:#888;font-size:12px\">Sent by Vedette (delivery ")
                .append(escape(n.deliveryId()))
                .append(")</p></body></html>");
        return b.toString();
    }

    private static String colour(DeliveryKind kind, Severity s) {
        if (kind == DeliveryKind.RESOLVE) {
            return "#2e7d32";
        }
        return switch (s) {
            case CRITICAL -> "#c62828";
            case HIGH -> "#ef6c00";
            case MEDIUM -> "#f9a825";
            case LOW -> "#1565c0";
        };
    }

    /** HTML-escapes text and attribute values. */
    static String escape(@Nullable String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** Only http(s) dashboard links are rendered, so a link cannot be {@code javascript:}. */
    private static final class URIText {
        static void link(java.net.@Nullable URI uri, java.util.function.Consumer<String> out) {
            if (uri != null
                    && uri.getScheme() != null
                    && (uri.getScheme().equalsIgnoreCase("https")
                            || uri.getScheme().equalsIgnoreCase("http"))) {
                out.accept(uri.toString());
            }
        }
    }
}
