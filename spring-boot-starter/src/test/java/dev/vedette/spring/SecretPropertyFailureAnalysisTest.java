package dev.vedette.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

/**
 * A real {@link SpringApplication} that fails startup on an invalid secret: the failure analysis
 * Spring Boot prints names the property and the reason, but never the value.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretPropertyFailureAnalysisTest {

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {}

    private static void failToStart(WebApplicationType type, String... args) {
        SpringApplication app = new SpringApplication(App.class);
        app.setWebApplicationType(type);
        String[] all = new String[args.length + 5];
        all[0] = "--server.port=0";
        all[1] = "--spring.datasource.url=jdbc:h2:mem:secret-analysis;DB_CLOSE_DELAY=-1";
        all[2] = "--vedette.checks.disk-space.enabled=false";
        all[3] = "--spring.main.banner-mode=off";
        all[4] = "--vedette.store.type=memory";
        System.arraycopy(args, 0, all, 5, args.length);
        assertThatThrownBy(() -> app.run(all).close()).isNotNull();
    }

    @Test
    void aShortDashboardTokenIsReportedWithoutItsValue(CapturedOutput output) {
        failToStart(WebApplicationType.SERVLET, "--vedette.dashboard.token=shorttok9");

        assertThat(output.getAll())
                .contains("APPLICATION FAILED TO START")
                .contains("vedette.dashboard.token")
                .contains("not shown")
                .doesNotContain("shorttok9");
    }

    @Test
    void aBadSlackWebhookUrlIsReportedWithoutItsValue(CapturedOutput output) {
        failToStart(
                WebApplicationType.NONE,
                "--vedette.notifiers.slack.webhook-url=ftp://hooks.slack.example/services/T0/B0/slackSekret77");

        assertThat(output.getAll())
                .contains("APPLICATION FAILED TO START")
                .contains("vedette.notifiers.slack.webhook-url")
                .doesNotContain("slackSekret77");
    }

    @Test
    void aBadWebhookUrlIsReportedWithoutItsValue(CapturedOutput output) {
        failToStart(WebApplicationType.NONE, "--vedette.notifiers.webhook.url=gopher://hooks.example/hookSekret55");

        assertThat(output.getAll())
                .contains("APPLICATION FAILED TO START")
                .contains("vedette.notifiers.webhook.url")
                .doesNotContain("hookSekret55");
    }

    @Test
    void aShortWebhookSigningSecretIsReportedWithoutItsValue(CapturedOutput output) {
        failToStart(
                WebApplicationType.NONE,
                "--vedette.notifiers.webhook.url=https://hooks.example/in",
                "--vedette.notifiers.webhook.signing-secret=signSekret3");

        assertThat(output.getAll())
                .contains("APPLICATION FAILED TO START")
                .contains("vedette.notifiers.webhook.signing-secret")
                .doesNotContain("signSekret3");
    }

    @Test
    void aNonSecretPropertyKeepsSpringBootsReportWithTheValue(CapturedOutput output) {
        failToStart(WebApplicationType.NONE, "--vedette.pipeline.queue-capacity=-7");

        assertThat(output.getAll())
                .contains("APPLICATION FAILED TO START")
                .contains("vedette.pipeline.queue-capacity")
                .contains("-7");
    }
}
