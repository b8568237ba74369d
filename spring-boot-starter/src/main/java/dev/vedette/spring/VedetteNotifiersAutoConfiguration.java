package dev.vedette.spring;

import static dev.vedette.spring.PropertyChecks.HIDDEN;
import static dev.vedette.spring.PropertyChecks.check;
import static dev.vedette.spring.PropertyChecks.run;

import dev.vedette.Monitor;
import dev.vedette.notifiers.ChannelConfig;
import dev.vedette.notifiers.EmailConfig;
import dev.vedette.notifiers.EmailNotifier;
import dev.vedette.notifiers.PagerDutyConfig;
import dev.vedette.notifiers.PagerDutyNotifier;
import dev.vedette.notifiers.SlackConfig;
import dev.vedette.notifiers.SlackNotifier;
import dev.vedette.notifiers.SmtpSecurity;
import dev.vedette.notifiers.TwilioSmsConfig;
import dev.vedette.notifiers.TwilioSmsNotifier;
import dev.vedette.notifiers.WebhookConfig;
import dev.vedette.notifiers.WebhookNotifier;
import dev.vedette.spring.VedetteProperties.ChannelProperties;
import dev.vedette.spring.VedetteProperties.EmailProperties;
import dev.vedette.spring.VedetteProperties.PagerDutyProperties;
import dev.vedette.spring.VedetteProperties.SlackProperties;
import dev.vedette.spring.VedetteProperties.TwilioProperties;
import dev.vedette.spring.VedetteProperties.WebhookProperties;
import java.util.EnumSet;
import java.util.Locale;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures a notifier for every channel whose key property is set: {@code
 * vedette.notifiers.email.host}, {@code .slack.webhook-url}, {@code .pagerduty.routing-key},
 * {@code .twilio.account-sid}, {@code .webhook.url}. Needs {@code vedette-notifiers} on the class
 * path. A notifier bean of the same type defined by the application wins; any other {@link
 * dev.vedette.alerting.Notifier} beans are added to the monitor as they are. The monitor owns the
 * notifiers and closes them.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "vedette.enabled", matchIfMissing = true)
@ConditionalOnClass(SlackNotifier.class)
@ConditionalOnMissingBean(Monitor.class)
@EnableConfigurationProperties(VedetteProperties.class)
public class VedetteNotifiersAutoConfiguration {
    private static final String P = "vedette.notifiers.";

    /** Creates the auto-configuration; Spring calls it. */
    public VedetteNotifiersAutoConfiguration() {}

    /** The e-mail notifier, when {@code vedette.notifiers.email.host} is set. */
    @Bean(destroyMethod = "")
    @ConditionalOnProperty(P + "email.host")
    @ConditionalOnMissingBean(EmailNotifier.class)
    public EmailNotifier vedetteEmailNotifier(VedetteProperties properties) {
        EmailProperties p = properties.notifiers().email();
        String q = P + "email.";
        EmailConfig.Builder b = channel(q, p, check(q + "host", p.host(), () -> EmailConfig.builder(p.host())));
        SmtpSecurity security = check(
                q + "security",
                p.security(),
                () -> SmtpSecurity.valueOf(p.security().toUpperCase(Locale.ROOT)));
        b.security(security);
        if (p.port() != null) {
            run(q + "port", p.port(), () -> b.port(p.port()));
        }
        b.checkServerIdentity(p.checkServerIdentity());
        if (p.username() != null || p.password() != null) {
            run(q + "username", p.username(), () -> b.credentials(p.username(), p.password()));
        }
        run(q + "from", p.from(), () -> b.from(p.from()));
        run(q + "to", p.to(), () -> b.to(p.to()));
        run(q + "cc", p.cc(), () -> b.cc(p.cc()));
        run(q + "subject-prefix", p.subjectPrefix(), () -> b.subjectPrefix(p.subjectPrefix()));
        return new EmailNotifier(check(q + "to", p.to(), b::build));
    }

    /** The Slack notifier, when {@code vedette.notifiers.slack.webhook-url} is set. */
    @Bean(destroyMethod = "")
    @ConditionalOnProperty(P + "slack.webhook-url")
    @ConditionalOnMissingBean(SlackNotifier.class)
    public SlackNotifier vedetteSlackNotifier(VedetteProperties properties) {
        SlackProperties p = properties.notifiers().slack();
        String q = P + "slack.";
        SlackConfig.Builder b =
                channel(q, p, check(q + "webhook-url", HIDDEN, () -> SlackConfig.builder(p.webhookUrl())));
        return new SlackNotifier(b.build());
    }

    /** The PagerDuty notifier, when {@code vedette.notifiers.pagerduty.routing-key} is set. */
    @Bean(destroyMethod = "")
    @ConditionalOnProperty(P + "pagerduty.routing-key")
    @ConditionalOnMissingBean(PagerDutyNotifier.class)
    public PagerDutyNotifier vedettePagerDutyNotifier(VedetteProperties properties) {
        PagerDutyProperties p = properties.notifiers().pagerduty();
        String q = P + "pagerduty.";
        PagerDutyConfig.Builder b =
                channel(q, p, check(q + "routing-key", HIDDEN, () -> PagerDutyConfig.builder(p.routingKey())));
        run(q + "base-url", p.baseUrl(), () -> b.baseUrl(p.baseUrl()));
        if (p.source() != null) {
            run(q + "source", p.source(), () -> b.source(p.source()));
        }
        if (p.group() != null) {
            run(q + "group", p.group(), () -> b.group(p.group()));
        }
        return new PagerDutyNotifier(b.build());
    }

    /** The Twilio SMS notifier, when {@code vedette.notifiers.twilio.account-sid} is set. */
    @Bean(destroyMethod = "")
    @ConditionalOnProperty(P + "twilio.account-sid")
    @ConditionalOnMissingBean(TwilioSmsNotifier.class)
    public TwilioSmsNotifier vedetteTwilioSmsNotifier(VedetteProperties properties) {
        TwilioProperties p = properties.notifiers().twilio();
        String q = P + "twilio.";
        TwilioSmsConfig.Builder b =
                channel(q, p, check(q + "account-sid", p.accountSid(), () -> TwilioSmsConfig.builder(p.accountSid())));
        if (p.authToken() != null) {
            run(q + "auth-token", HIDDEN, () -> b.authToken(p.authToken()));
        }
        if (p.apiKeySid() != null || p.apiKeySecret() != null) {
            run(q + "api-key-sid", p.apiKeySid(), () -> b.apiKey(p.apiKeySid(), p.apiKeySecret()));
        }
        if (p.from() != null) {
            run(q + "from", p.from(), () -> b.from(p.from()));
        }
        if (p.messagingServiceSid() != null) {
            run(
                    q + "messaging-service-sid",
                    p.messagingServiceSid(),
                    () -> b.messagingServiceSid(p.messagingServiceSid()));
        }
        run(q + "to", p.to(), () -> b.to(p.to()));
        run(q + "max-segments", p.maxSegments(), () -> b.maxSegments(p.maxSegments()));
        run(q + "base-url", p.baseUrl(), () -> b.baseUrl(p.baseUrl()));
        if (!p.kinds().isEmpty()) {
            run(q + "kinds", p.kinds(), () -> b.supportedKinds(EnumSet.copyOf(p.kinds())));
        }
        return new TwilioSmsNotifier(check(q + "account-sid", p.accountSid(), b::build));
    }

    /** The webhook notifier, when {@code vedette.notifiers.webhook.url} is set. */
    @Bean(destroyMethod = "")
    @ConditionalOnProperty(P + "webhook.url")
    @ConditionalOnMissingBean(WebhookNotifier.class)
    public WebhookNotifier vedetteWebhookNotifier(VedetteProperties properties) {
        WebhookProperties p = properties.notifiers().webhook();
        String q = P + "webhook.";
        WebhookConfig.Builder b = channel(q, p, check(q + "url", HIDDEN, () -> WebhookConfig.builder(p.url())));
        if (p.signingSecret() != null) {
            run(q + "signing-secret", HIDDEN, () -> b.signingSecret(p.signingSecret()));
        }
        p.headers().forEach((name, value) -> run(q + "headers." + name, HIDDEN, () -> b.header(name, value)));
        return new WebhookNotifier(b.build());
    }

    /**
     * Applies the name, timeouts and dependencies every channel has to its builder, naming the property whose
     * value the builder rejects.
     */
    private static <B extends ChannelConfig.Builder<B>> B channel(String prefix, ChannelProperties p, B builder) {
        run(prefix + "name", p.name(), () -> builder.name(p.name()));
        run(prefix + "connect-timeout", p.connectTimeout(), () -> builder.connectTimeout(p.connectTimeout()));
        run(prefix + "read-timeout", p.readTimeout(), () -> builder.readTimeout(p.readTimeout()));
        run(prefix + "write-timeout", p.writeTimeout(), () -> builder.writeTimeout(p.writeTimeout()));
        run(
                prefix + "depends-on",
                p.dependsOn(),
                () -> builder.dependsOn(p.dependsOn().toArray(String[]::new)));
        return builder;
    }
}
