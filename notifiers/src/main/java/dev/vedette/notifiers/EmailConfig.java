package dev.vedette.notifiers;

import dev.vedette.internal.Validate;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Configuration of an {@link EmailNotifier}: the SMTP server, how the connection is protected, the
 * credentials, the sender and recipients, and the channel name and timeouts every {@link
 * ChannelConfig} has (the timeouts become {@code mail.smtp.connectiontimeout}, {@code
 * mail.smtp.timeout} and {@code mail.smtp.writetimeout}; Angus Mail has no bound on a whole
 * conversation, so {@link #sendDeadline()}, 25 seconds by default, is enforced by the notifier
 * itself). Immutable; built by {@link
 * #builder(String)}, which validates each value as it is set and checks at {@link Builder#build()}
 * that a sender and at least one recipient are present.
 *
 * <pre>{@code
 * EmailConfig config = EmailConfig.builder("smtp.example.com")
 *         .security(SmtpSecurity.STARTTLS)            // the default; port 587
 *         .credentials("alerts@example.com", System.getenv("SMTP_PASSWORD"))
 *         .from("Vedette <alerts@example.com>")
 *         .to("oncall@example.com", "payments-team@example.com")
 *         .build();
 * Notifier email = new EmailNotifier(config);
 * }</pre>
 *
 * <p>The password is a secret: {@link #toString()} and validation messages never show it.
 */
public final class EmailConfig extends ChannelConfig {
    /** Default channel name: {@value}. */
    public static final String DEFAULT_NAME = "email";
    /** Default subject prefix: {@value}. */
    public static final String DEFAULT_SUBJECT_PREFIX = "[Vedette]";
    /** Default security: {@link SmtpSecurity#STARTTLS}, required. */
    public static final SmtpSecurity DEFAULT_SECURITY = SmtpSecurity.STARTTLS;

    private final String host;
    private final int port;
    private final SmtpSecurity security;
    private final boolean checkServerIdentity;
    private final @Nullable String username;
    private final @Nullable String password;
    private final InternetAddress from;
    private final List<InternetAddress> to;
    private final List<InternetAddress> cc;
    private final String subjectPrefix;

    private EmailConfig(Builder b, InternetAddress from) {
        super(b);
        this.host = b.host;
        this.port = b.port != null ? b.port : b.security.defaultPort();
        this.security = b.security;
        this.checkServerIdentity = b.checkServerIdentity;
        this.username = b.username;
        this.password = b.password;
        this.from = from;
        this.to = List.copyOf(b.to);
        this.cc = List.copyOf(b.cc);
        this.subjectPrefix = b.subjectPrefix;
    }

    /**
     * Starts a configuration for an SMTP host.
     *
     * @throws IllegalArgumentException if the host is null or blank
     */
    public static Builder builder(String host) {
        return new Builder(host);
    }

    /** The SMTP host. */
    public String host() {
        return host;
    }

    /** The SMTP port; default the {@link SmtpSecurity#defaultPort()} of the security mode. */
    public int port() {
        return port;
    }

    /** How the connection is protected; default {@link SmtpSecurity#STARTTLS}. */
    public SmtpSecurity security() {
        return security;
    }

    /** Whether the server certificate must match the host name when TLS is used; default true. */
    public boolean checkServerIdentity() {
        return checkServerIdentity;
    }

    /** The SMTP user, or null for no authentication. */
    public @Nullable String username() {
        return username;
    }

    /** The SMTP password, or null. A secret: do not log it. */
    public @Nullable String password() {
        return password;
    }

    /** The sender. */
    public InternetAddress from() {
        return (InternetAddress) from.clone();
    }

    /** The recipients; never empty. */
    public List<InternetAddress> to() {
        return to.stream().map(a -> (InternetAddress) a.clone()).toList();
    }

    /** The copy recipients; may be empty. */
    public List<InternetAddress> cc() {
        return cc.stream().map(a -> (InternetAddress) a.clone()).toList();
    }

    /** Put before every subject; default {@value #DEFAULT_SUBJECT_PREFIX}. */
    public String subjectPrefix() {
        return subjectPrefix;
    }

    /** Shows everything but the password. */
    @Override
    URI server() {
        try {
            return new URI("smtp", null, host, port, null, null, null);
        } catch (URISyntaxException e) {
            return URI.create("smtp:unknown");
        }
    }

    @Override
    public String toString() {
        return "EmailConfig[name=" + name() + ", host=" + host + ", port=" + port + ", security=" + security
                + ", checkServerIdentity=" + checkServerIdentity + ", username=" + username + ", password="
                + (password == null ? "none" : "(hidden)") + ", from=" + from + ", to=" + to + ", cc=" + cc
                + ", timeouts=" + timeouts() + "]";
    }

    /** Builds an {@link EmailConfig}; each setter validates and throws {@link IllegalArgumentException}. */
    public static final class Builder extends ChannelConfig.Builder<Builder> {
        private final String host;
        private @Nullable Integer port;
        private SmtpSecurity security = DEFAULT_SECURITY;
        private boolean checkServerIdentity = true;
        private @Nullable String username;
        private @Nullable String password;
        private @Nullable InternetAddress from;
        private List<InternetAddress> to = List.of();
        private List<InternetAddress> cc = List.of();
        private String subjectPrefix = DEFAULT_SUBJECT_PREFIX;

        private Builder(@Nullable String host) {
            super(DEFAULT_NAME);
            this.host = Validate.notBlank("host", host).strip();
        }

        /** The SMTP port, 1 to 65535. */
        public Builder port(int port) {
            this.port = Validate.inRange("port", port, 1, 65_535);
            return this;
        }

        /** How the connection is protected. */
        public Builder security(SmtpSecurity security) {
            this.security = Validate.notNull("security", security);
            return this;
        }

        /** Whether to check that the certificate matches the host (TLS modes only); default true. */
        public Builder checkServerIdentity(boolean check) {
            this.checkServerIdentity = check;
            return this;
        }

        /**
         * Authenticates with a user name and password.
         *
         * @throws IllegalArgumentException if either is null or blank; the password is not echoed
         */
        public Builder credentials(String username, String password) {
            String user = Validate.notBlank("username", username);
            Validate.notNull("password", password);
            if (password.isEmpty()) {
                throw new IllegalArgumentException("password must not be empty");
            }
            this.username = user;
            this.password = password;
            return this;
        }

        /** The sender, e.g. {@code Vedette <alerts@example.com>}; a valid RFC 822 address. */
        public Builder from(String address) {
            this.from = address("from", address);
            return this;
        }

        /** The recipients; at least one valid address. */
        public Builder to(String... addresses) {
            return to(Arrays.asList(Validate.notNull("to", addresses)));
        }

        /** The recipients; at least one valid address. */
        public Builder to(Collection<String> addresses) {
            this.to = addresses("to", Validate.nonEmptyList("to", addresses));
            return this;
        }

        /** Copy recipients; may be empty. */
        public Builder cc(String... addresses) {
            return cc(Arrays.asList(Validate.notNull("cc", addresses)));
        }

        /** Copy recipients; may be empty. */
        public Builder cc(Collection<String> addresses) {
            this.cc = addresses("cc", List.copyOf(Validate.notNull("cc", addresses)));
            return this;
        }

        /** Put before every subject; may be empty, no line breaks. */
        public Builder subjectPrefix(String prefix) {
            Validate.notNull("subjectPrefix", prefix);
            if (prefix.indexOf('\r') >= 0 || prefix.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("subjectPrefix must not contain line breaks, but was '"
                        + prefix.replace("\r", "\\r").replace("\n", "\\n") + "'");
            }
            this.subjectPrefix = prefix;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @throws IllegalArgumentException if no sender or no recipient was set
         */
        @Override
        public EmailConfig build() {
            if (from == null) {
                throw new IllegalArgumentException("from must be set");
            }
            if (to.isEmpty()) {
                throw new IllegalArgumentException("to must contain at least one address");
            }
            return new EmailConfig(this, from);
        }

        private static List<InternetAddress> addresses(String field, List<String> values) {
            List<InternetAddress> out = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                out.add(address(field + "[" + i + "]", values.get(i)));
            }
            return out;
        }

        private static InternetAddress address(String field, @Nullable String value) {
            Validate.notBlank(field, value);
            try {
                InternetAddress address = new InternetAddress(value.strip(), true);
                if (address.getAddress() == null || !address.getAddress().contains("@")) {
                    throw new AddressException("missing @domain");
                }
                return address;
            } catch (AddressException e) {
                throw new IllegalArgumentException(
                        field + " must be a valid e-mail address, but was '" + value + "' (" + e.getMessage() + ")");
            }
        }
    }
}
