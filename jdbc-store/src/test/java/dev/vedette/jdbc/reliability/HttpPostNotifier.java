package dev.vedette.jdbc.reliability;

import dev.vedette.alerting.Notification;
import dev.vedette.alerting.Notifier;
import dev.vedette.alerting.SendResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A minimal JSON webhook notifier on the JDK's HTTP client. The jdbc-store module's tests do not see
 * the notifiers module (nor OkHttp's MockWebServer), so the crash test uses this, speaking plain
 * HTTP/1.1: {@code {"alertId":..,"deliveryId":..,"attempt":..,"kind":..,"title":..}}.
 */
public final class HttpPostNotifier implements Notifier {
    private final String name;
    private final URI target;
    private final Duration timeout;
    private final HttpClient client;

    public HttpPostNotifier(String name, URI target, Duration timeout) {
        this.name = name;
        this.target = target;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public SendResult send(Notification n) {
        String json = "{\"alertId\":\"" + n.alert().id() + "\",\"deliveryId\":\"" + n.deliveryId() + "\",\"attempt\":"
                + n.attempt() + ",\"kind\":\"" + n.kind() + "\",\"title\":\""
                + n.alert().title().replace("\"", "'")
                + "\"}";
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        try {
            int code =
                    client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (code / 100 == 2) {
                return SendResult.sent();
            }
            return code == 429 || code >= 500
                    ? SendResult.retryLater(name + " answered HTTP " + code)
                    : SendResult.failed(name + " answered HTTP " + code);
        } catch (IOException e) {
            return SendResult.retryLater(name + " unreachable: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SendResult.retryLater(name + " interrupted");
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
