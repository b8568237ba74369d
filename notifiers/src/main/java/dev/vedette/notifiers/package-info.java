/**
 * Notifiers for Vedette alerts: {@link dev.vedette.notifiers.EmailNotifier} (SMTP through Jakarta
 * Mail), {@link dev.vedette.notifiers.SlackNotifier} (incoming webhook, Block Kit), {@link
 * dev.vedette.notifiers.PagerDutyNotifier} (Events API v2), {@link
 * dev.vedette.notifiers.TwilioSmsNotifier} (Twilio Messages API) and {@link
 * dev.vedette.notifiers.WebhookNotifier} (a versioned JSON body signed with HMAC-SHA256).
 *
 * <p>Every notifier is built from an immutable configuration whose builder validates eagerly,
 * never throws from {@code send}, maps each outcome onto a {@link dev.vedette.alerting.SendResult},
 * and keeps secrets (webhook URLs, routing keys, tokens, passwords) out of log lines, results and
 * exception messages.
 */
@NullMarked
package dev.vedette.notifiers;

import org.jspecify.annotations.NullMarked;
