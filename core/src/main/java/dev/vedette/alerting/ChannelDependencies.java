package dev.vedette.alerting;

import dev.vedette.internal.Validate;
import java.net.URI;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Which components each notification channel depends on, so that an alert about a component is not
 * sent only on the channel that component's outage has taken down. A channel depends on:
 *
 * <ul>
 *   <li>the components it declares: {@link Notifier#dependsOn()} (the notifiers' {@code
 *       dependsOn(...)} config option) and {@link AlertingSettings.Builder#channelDependsOn};
 *   <li>inferred: every health check whose {@code target()} is the same server as the channel's
 *       {@link Notifier#endpoint()}. The same server means the same host, ignoring case and port,
 *       and the same protocol family: an {@code smtp}/{@code smtps} channel (e-mail) matches an
 *       {@code smtp} check ({@code HealthChecks.smtp}); an {@code http}/{@code https} channel
 *       (Slack, webhook, PagerDuty, Twilio) matches an {@code http}/{@code https} check ({@code
 *       HealthChecks.http}). Nothing else is inferred: a TCP or JDBC check never is.
 * </ul>
 *
 * <p>The router applies it per raise: of the channels an alert about component {@code c} routes to,
 * those that depend on {@code c} are dropped when at least one other remains; when none remains the
 * alert goes to the fallback channel instead, unless that depends on {@code c} too or there is none,
 * in which case the routed channels are kept (a channel that may come back beats no notice at all).
 */
public final class ChannelDependencies {
    private ChannelDependencies() {}

    /**
     * The inferred dependencies: for each channel with an endpoint, the names of the checks whose
     * target is the same server (see the class comment). Channels with none are left out.
     *
     * @param notifiers the channels
     * @param checkTargets each check's name and target
     * @throws IllegalArgumentException if an argument is null
     */
    public static Map<String, Set<String>> infer(Collection<Notifier> notifiers, Map<String, URI> checkTargets) {
        Validate.notNull("notifiers", notifiers);
        Validate.notNull("checkTargets", checkTargets);
        Map<String, Set<String>> inferred = new TreeMap<>();
        for (Notifier n : notifiers) {
            Optional<URI> endpoint = n.endpoint();
            if (endpoint.isEmpty()) {
                continue;
            }
            checkTargets.forEach((check, target) -> {
                if (sameServer(endpoint.get(), target)) {
                    inferred.computeIfAbsent(n.name(), k -> new TreeSet<>()).add(check);
                }
            });
        }
        return inferred;
    }

    /** True if both URIs name the same host (ignoring case and port) in the same protocol family. */
    static boolean sameServer(URI channel, URI check) {
        String a = family(channel.getScheme());
        return a != null
                && a.equals(family(check.getScheme()))
                && channel.getHost() != null
                && channel.getHost().equalsIgnoreCase(check.getHost());
    }

    private static @Nullable String family(@Nullable String scheme) {
        if (scheme == null) {
            return null;
        }
        return switch (scheme.toLowerCase(Locale.ROOT)) {
            case "smtp", "smtps" -> "smtp";
            case "http", "https" -> "http";
            default -> null;
        };
    }
}
