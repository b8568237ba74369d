package dev.vedette.notifiers;

/** How the {@link EmailNotifier} protects the SMTP connection. */
public enum SmtpSecurity {
    /** Plain connection upgraded with STARTTLS; sending fails if the server does not offer it. Default port 587. */
    STARTTLS(587),
    /** TLS from the first byte ("implicit TLS", SMTPS). Default port 465. */
    SSL(465),
    /** No encryption: for tests and local relays only; credentials travel in clear. Default port 25. */
    NONE(25);

    private final int defaultPort;

    SmtpSecurity(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    /** The usual port for this mode. */
    public int defaultPort() {
        return defaultPort;
    }
}
