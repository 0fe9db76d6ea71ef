package dev.hpr.testfixtures;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The local AWS's controls, {@code POST /_local_aws/<name>} with JSON in and out (test-fixtures/README.md, "Control
 * endpoints"): call counts, faults and held replies, Contributor Insights seeds and quota, key throttling, reset.
 * {@link LocalAws} is the facade tests use and documents each control.
 */
final class LocalAwsControls {

    static final int ALWAYS = -1;
    static final Duration UNTIL_RELEASED = Duration.ofSeconds(-1);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final Supplier<String> diagnostics;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** {@code diagnostics}: what to add to the message of a control call that failed (the server's exit, stderr). */
    LocalAwsControls(URI endpoint, Supplier<String> diagnostics) {
        this.endpoint = endpoint;
        this.diagnostics = diagnostics;
    }

    // ------------------------------------------------------------------------------------------ calls

    Map<String, Long> calls() {
        return counts(control("calls", null).path("calls"));
    }

    Map<String, Long> functionCalls() {
        return counts(control("calls/function", null).path("calls"));
    }

    void resetCalls() {
        control("calls/reset", null);
    }

    Map<String, Long> functionMetrics(boolean reset) {
        ObjectNode body = JSON.createObjectNode();
        body.put("reset", reset);
        return counts(control("metrics/function", body).path("metrics"));
    }

    private static Map<String, Long> counts(JsonNode fields) {
        Map<String, Long> out = new TreeMap<>();
        fields.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
        return out;
    }

    // ------------------------------------------------------------------------------------------ faults

    void failNext(String operation, int times, int status, String code, String message, Map<String, ?> extraJson) {
        ObjectNode body = fault(operation, times, status, code, message);
        body.set("extra", JSON.valueToTree(extraJson == null ? Map.of() : extraJson));
        control("faults", body);
    }

    void failNext(String operation, int times, int status, String code, String message, String bodyPattern) {
        ObjectNode body = fault(operation, times, status, code, message);
        if (bodyPattern != null) {
            body.put("match", bodyPattern);
        }
        control("faults", body);
    }

    private static ObjectNode fault(String operation, int times, int status, String code, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.put("operation", operation);
        body.put("times", times);
        body.put("status", status);
        body.put("code", code);
        body.put("message", message == null ? "" : message);
        return body;
    }

    void holdReply(String operation, int times, Duration hold, String bodyPattern) {
        ObjectNode body = JSON.createObjectNode();
        body.put("operation", operation);
        body.put("times", times);
        body.put("mode", "hold");
        if (hold != null && !hold.isNegative()) {
            body.put("seconds", hold.toMillis() / 1000.0);
        }
        if (bodyPattern != null) {
            body.put("match", bodyPattern);
        }
        control("faults", body);
    }

    /** Every ASCII character other than a letter, digit or {@code _} backslash-escaped (Python's re reads it as is). */
    static String literal(String text) {
        StringBuilder out = new StringBuilder(text.length() * 2);
        for (char c : text.toCharArray()) {
            if (c < 128 && !Character.isLetterOrDigit(c) && c != '_') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    List<HeldReply> heldReplies() {
        List<HeldReply> out = new ArrayList<>();
        control("faults/held", null).path("held").forEach(n -> out.add(HeldReply.fromControl(n)));
        return out;
    }

    HeldReply awaitHeldReply(String operation, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (HeldReply h : heldReplies()) {
                if (h.isFor(operation)) {
                    return h;
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("no reply to " + operation + " held within " + timeout
                        + "; held: " + heldReplies() + "; calls: " + calls());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a held reply to " + operation, e);
            }
        }
    }

    int releaseHeldReplies() {
        return control("faults/release", null).path("released").asInt();
    }

    void clearFaults() {
        control("faults/clear", null);
    }

    // ------------------------------------------------------------------------------------------ Contributor Insights

    void seedContributors(String table, String indexOrNull, String ruleKind, List<LocalAws.Contributor> contributors) {
        ObjectNode body = tableOrIndex(table, indexOrNull);
        body.put("ruleKind", ruleKind);
        ArrayNode list = body.putArray("contributors");
        for (LocalAws.Contributor c : contributors) {
            ObjectNode n = list.addObject();
            ArrayNode keys = n.putArray("keys");
            c.keys().forEach(keys::add);
            n.put("value", c.value());
        }
        control("contributors", body);
    }

    void insightRuleQuota(int quota) {
        ObjectNode body = JSON.createObjectNode();
        body.put("quota", quota);
        control("insight-rules/quota", body);
    }

    void failNextContributorInsightsEnable(String table, String indexOrNull) {
        control("contributor-insights/fail-next-enable", tableOrIndex(table, indexOrNull));
    }

    private static ObjectNode tableOrIndex(String table, String indexOrNull) {
        ObjectNode body = JSON.createObjectNode();
        body.put("table", table);
        if (indexOrNull != null) {
            body.put("index", indexOrNull);
        }
        return body;
    }

    // ------------------------------------------------------------------------------------------ key throttling

    void throttleKeys(KeyThrottle throttle) {
        control("throttle-keys", JSON.valueToTree(throttle.toControl()));
    }

    long keyThrottled() {
        return control("throttle-keys/list", null).path("throttled").asLong();
    }

    void clearKeyThrottling() {
        control("throttle-keys/clear", null);
    }

    // ------------------------------------------------------------------------------------------ reset

    void resetAll() {
        control("reset", null);
        post("/moto-api/reset", "", Duration.ofSeconds(30));
    }

    private JsonNode control(String name, JsonNode body) {
        return control(name, body, Duration.ofSeconds(30));
    }

    /** A {@code /_local_aws/} control call and its JSON answer; a non-200 answer fails with its body. */
    JsonNode control(String name, JsonNode body, Duration timeout) {
        String text = post("/_local_aws/" + name, body == null ? "{}" : body.toString(), timeout);
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String post(String path, String body, Duration timeout) {
        HttpRequest req = HttpRequest.newBuilder(endpoint.resolve(path))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() != 200) {
                throw new IllegalStateException("local AWS control " + path + " answered " + resp.statusCode()
                        + ": " + resp.body());
            }
            return resp.body();
        } catch (IOException e) {
            throw new UncheckedIOException("local AWS control " + path + " failed" + diagnostics.get(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
