package dev.vedette.notifiers;

import dev.vedette.internal.Validate;
import dev.vedette.model.DeliveryKind;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Configuration of a {@link TwilioSmsNotifier}: the account and credentials, the sender, the
 * recipients, the length limit and the timeouts. Immutable; built by {@link #builder(String)},
 * which validates each value as it is set and checks at {@link Builder#build()} that credentials,
 * exactly one sender and at least one recipient are present.
 *
 * <pre>{@code
 * TwilioSmsConfig config = TwilioSmsConfig.builder("AC0123456789abcdef0123456789abcdef")
 *         .authToken(System.getenv("TWILIO_AUTH_TOKEN"))   // or .apiKey(keySid, keySecret)
 *         .from("+15005550006")                            // or .messagingServiceSid("MG...")
 *         .to("+447700900123", "+14155550100")
 *         .build();
 * Notifier sms = new TwilioSmsNotifier(config);
 * }</pre>
 *
 * <p>The auth token and API key secret are secrets: {@link #toString()} and validation messages
 * never show them.
 */
public final class TwilioSmsConfig extends HttpChannelConfig {
    /** Default channel name: {@value}. */
    public static final String DEFAULT_NAME = "sms";
    /** Default API base URL: {@value}. */
    public static final String DEFAULT_BASE_URL = "https://api.twilio.com";
    /** Default maximum number of SMS segments per message: {@value}. */
    public static final int DEFAULT_MAX_SEGMENTS = 2;
    /** Upper bound for {@link Builder#maxSegments(int)}: {@value}. */
    public static final int MAX_SEGMENTS_LIMIT = 10;
    /** Default kinds: trigger, reminder, resolve and test; no acknowledge, no digest. */
    public static final Set<DeliveryKind> DEFAULT_KINDS = Set.copyOf(
            EnumSet.of(DeliveryKind.TRIGGER, DeliveryKind.REMINDER, DeliveryKind.RESOLVE, DeliveryKind.TEST));

    /** E.164: a plus, a non-zero digit, then at most 14 more digits. */
    public static final Pattern E164 = Pattern.compile("^\\+[1-9]\\d{1,14}$");

    private static final Pattern ACCOUNT_SID = Pattern.compile("^AC[0-9a-fA-F]{32}$");
    private static final Pattern API_KEY_SID = Pattern.compile("^SK[0-9a-fA-F]{32}$");
    private static final Pattern SERVICE_SID = Pattern.compile("^MG[0-9a-fA-F]{32}$");

    private final String accountSid;
    private final String username;
    private final String password;
    private final @Nullable String from;
    private final @Nullable String messagingServiceSid;
    private final List<String> to;
    private final int maxSegments;
    private final URI baseUrl;
    private final Set<DeliveryKind> kinds;

    private TwilioSmsConfig(Builder b, String username, String password) {
        super(b);
        this.accountSid = b.accountSid;
        this.username = username;
        this.password = password;
        this.from = b.from;
        this.messagingServiceSid = b.messagingServiceSid;
        this.to = List.copyOf(b.to);
        this.maxSegments = b.maxSegments;
        this.baseUrl = b.baseUrl;
        this.kinds = b.kinds;
    }

    /**
     * Starts a configuration for an account SID ({@code AC} and 32 hex digits).
     *
     * @throws IllegalArgumentException if the SID is null or malformed
     */
    public static Builder builder(String accountSid) {
        return new Builder(accountSid);
    }

    /** The account SID. */
    public String accountSid() {
        return accountSid;
    }

    /** The basic-auth user: the account SID, or the API key SID. */
    public String username() {
        return username;
    }

    /** The sender number (E.164), or null when a messaging service sends. */
    public @Nullable String from() {
        return from;
    }

    /** The messaging service SID, or null when a number sends. */
    public @Nullable String messagingServiceSid() {
        return messagingServiceSid;
    }

    /** The recipients, E.164; never empty. */
    public List<String> to() {
        return to;
    }

    /** The most segments one message may take; default {@value #DEFAULT_MAX_SEGMENTS}. */
    public int maxSegments() {
        return maxSegments;
    }

    /** The API base URL; default {@value #DEFAULT_BASE_URL}. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** The kinds this channel sends; default {@link #DEFAULT_KINDS}. */
    public Set<DeliveryKind> supportedKinds() {
        return kinds;
    }

    String password() {
        return password;
    }

    /** Shows everything but the auth token or key secret. */
    @Override
    URI server() {
        return baseUrl;
    }

    @Override
    public String toString() {
        return "TwilioSmsConfig[name=" + name() + ", accountSid=" + accountSid + ", username=" + username
                + ", password=(hidden), from=" + from + ", messagingServiceSid=" + messagingServiceSid + ", to=" + to
                + ", maxSegments=" + maxSegments + ", baseUrl=" + baseUrl + ", kinds=" + kinds + ", timeouts="
                + timeouts() + "]";
    }

    /** Builds a {@link TwilioSmsConfig}; each setter validates and throws {@link IllegalArgumentException}. */
    public static final class Builder extends HttpChannelConfig.Builder<Builder> {
        private final String accountSid;
        private @Nullable String authToken;
        private @Nullable String apiKeySid;
        private @Nullable String apiKeySecret;
        private @Nullable String from;
        private @Nullable String messagingServiceSid;
        private List<String> to = List.of();
        private int maxSegments = DEFAULT_MAX_SEGMENTS;
        private URI baseUrl = URI.create(DEFAULT_BASE_URL);
        private Set<DeliveryKind> kinds = DEFAULT_KINDS;

        private Builder(@Nullable String accountSid) {
            super(DEFAULT_NAME);
            this.accountSid = sid("accountSid", accountSid, ACCOUNT_SID, "AC");
        }

        private static String sid(String field, @Nullable String value, Pattern pattern, String prefix) {
            Validate.notBlank(field, value);
            if (!pattern.matcher(value).matches()) {
                throw new IllegalArgumentException(
                        field + " must be '" + prefix + "' followed by 32 hexadecimal digits, but was '" + value + "'");
            }
            return value;
        }

        /** Authenticates with the account SID and its auth token. Replaces an API key. */
        public Builder authToken(String authToken) {
            this.authToken = Validate.secret("authToken", authToken);
            this.apiKeySid = null;
            this.apiKeySecret = null;
            return this;
        }

        /** Authenticates with an API key SID ({@code SK...}) and its secret. Replaces an auth token. */
        public Builder apiKey(String keySid, String keySecret) {
            String sid = sid("apiKeySid", keySid, API_KEY_SID, "SK");
            this.apiKeySecret = Validate.secret("apiKeySecret", keySecret);
            this.apiKeySid = sid;
            this.authToken = null;
            return this;
        }

        /** Sends from this number (E.164). Replaces a messaging service. */
        public Builder from(String number) {
            this.from = e164("from", number);
            this.messagingServiceSid = null;
            return this;
        }

        /** Sends through a messaging service ({@code MG...}). Replaces a sender number. */
        public Builder messagingServiceSid(String sid) {
            this.messagingServiceSid = sid("messagingServiceSid", sid, SERVICE_SID, "MG");
            this.from = null;
            return this;
        }

        /** The recipients; at least one, each E.164 ({@code +} and up to 15 digits). */
        public Builder to(String... numbers) {
            return to(Arrays.asList(Validate.notNull("to", numbers)));
        }

        /** The recipients; at least one, each E.164. Duplicates are dropped. */
        public Builder to(Collection<String> numbers) {
            List<String> checked = new ArrayList<>();
            List<String> given = Validate.nonEmptyList("to", numbers);
            for (int i = 0; i < given.size(); i++) {
                String n = e164("to[" + i + "]", given.get(i));
                if (!checked.contains(n)) {
                    checked.add(n);
                }
            }
            this.to = checked;
            return this;
        }

        /** The most segments one message may take, 1 to {@value #MAX_SEGMENTS_LIMIT}; longer text is cut. */
        public Builder maxSegments(int maxSegments) {
            this.maxSegments = Validate.inRange("maxSegments", maxSegments, 1, MAX_SEGMENTS_LIMIT);
            return this;
        }

        /** The API base URL (for a proxy or tests); an absolute http(s) URL. */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = Validate.httpUrl("baseUrl", baseUrl, false);
            return this;
        }

        /** The kinds to send; not empty; {@link DeliveryKind#DIGEST} is not allowed (too long for SMS). */
        public Builder supportedKinds(Set<DeliveryKind> kinds) {
            Validate.notNull("supportedKinds", kinds);
            if (kinds.isEmpty()) {
                throw new IllegalArgumentException("supportedKinds must not be empty");
            }
            if (kinds.contains(DeliveryKind.DIGEST)) {
                throw new IllegalArgumentException("supportedKinds must not contain DIGEST, but was " + kinds);
            }
            this.kinds = Set.copyOf(EnumSet.copyOf(kinds));
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @throws IllegalArgumentException if no credentials, no sender or no recipient was set
         */
        @Override
        public TwilioSmsConfig build() {
            String user;
            String password;
            if (authToken != null) {
                user = accountSid;
                password = authToken;
            } else if (apiKeySid != null && apiKeySecret != null) {
                user = apiKeySid;
                password = apiKeySecret;
            } else {
                throw new IllegalArgumentException("credentials must be set: authToken(...) or apiKey(...)");
            }
            if (from == null && messagingServiceSid == null) {
                throw new IllegalArgumentException("a sender must be set: from(...) or messagingServiceSid(...)");
            }
            if (to.isEmpty()) {
                throw new IllegalArgumentException("to must contain at least one number");
            }
            return new TwilioSmsConfig(this, user, password);
        }

        private static String e164(String field, @Nullable String number) {
            Validate.notBlank(field, number);
            if (!E164.matcher(number).matches()) {
                // masked like every number Vedette prints: a typo'd number is still someone's number
                String shown = number.length() <= 4
                        ? number
                        : "*".repeat(number.length() - 4) + number.substring(number.length() - 4);
                throw new IllegalArgumentException(
                        field + " must be an E.164 number like +14155550100, but was '" + shown + "'");
            }
            return number;
        }
    }
}
