package dev.hpr.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A third-party IAM policy simulator over the synthesized template: {@code iam-simulation/resolve.mjs} resolves the
 * function role's policies for one account and region, and {@code iam-simulation/simulate.mjs} runs requests through
 * {@code @cloud-copilot/iam-simulate} (pinned in package.json; it evaluates against its bundled copy of the Service
 * Authorization Reference, offline). Needs Node.js and {@code npm ci} in {@code infra/}: fails, never skips, without.
 */
final class IamSimulator {

    static final String ACCOUNT = "111122223333";
    static final String REGION = "us-east-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request: action, resource ARN, request context, the decision expected, and a documented gap if any. */
    record Request(String label, String action, String resource, Map<String, Object> context, String expect,
                   String knownGap) {
        static Request allowed(String label, String action, String resource, Map<String, Object> context) {
            return new Request(label, action, resource, context, "Allowed", null);
        }

        static Request denied(String label, String action, String resource, Map<String, Object> context) {
            return new Request(label, action, resource, context, "Denied", null);
        }

        /** Expected denied, but IAM cannot deny it: {@code why} names the gap (docs/security.md). */
        static Request gap(String label, String action, String resource, Map<String, Object> context, String why) {
            return new Request(label, action, resource, context, "Denied", why);
        }
    }

    private final Path dir;
    final JsonNode resolved;

    private IamSimulator(Path dir, JsonNode resolved) {
        this.dir = dir;
        this.resolved = resolved;
    }

    /** Resolves the function role's policies of {@code template} for {@link #ACCOUNT} in {@link #REGION}. */
    static IamSimulator of(Map<String, Object> template, Path dir) throws IOException, InterruptedException {
        return over(resolve(template, dir, ACCOUNT, REGION, AppContext.DEFAULT_STACK_NAME, null, Map.of()), dir);
    }

    /**
     * {@code iam-simulation/resolve.mjs} over {@code template}: a role's policies (the {@code role} logical ID, or
     * null for the only function's role) and the template's resource policies, resolved for the account, region and
     * stack name, with the given parameter values.
     */
    static JsonNode resolve(Map<String, Object> template, Path dir, String account, String region, String stack,
                            String role, Map<String, String> parameters) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path templateFile = dir.resolve("template.json");
        JSON.writeValue(templateFile.toFile(), template);
        Path policies = dir.resolve("resolved.json");
        var args = new ArrayList<>(List.of(templateFile.toString(), "--account", account, "--region", region,
                "--stack", stack, "--out", policies.toString(), "--parameters", JSON.writeValueAsString(parameters)));
        if (role != null) {
            args.addAll(List.of("--role", role));
        }
        node("iam-simulation/resolve.mjs", args.toArray(String[]::new));
        return JSON.readTree(policies.toFile());
    }

    /**
     * A simulator over policies as {@code resolve.mjs} writes them: {@code policies} (the principal's identity
     * policies), {@code resourcePolicies} by ARN, {@code role.sessionArn} (the principal) and {@code account} (the
     * resources' account).
     */
    static IamSimulator over(JsonNode policies, Path dir) throws IOException {
        Files.createDirectories(dir);
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("policies.json").toFile(), policies);
        return new IamSimulator(dir, policies);
    }

    /** The ARN the resolver gave the template's only resource of this CloudFormation type. */
    String arnOf(String type) {
        var arns = new ArrayList<String>();
        resolved.path("resources").forEach(r -> {
            if (type.equals(r.path("type").asText())) {
                arns.add(r.path("arn").asText());
            }
        });
        if (arns.size() != 1) {
            throw new IllegalStateException("expected one " + type + " in the template, found " + arns);
        }
        return arns.get(0);
    }

    /** Runs the requests; the simulator's JSON report (each result with its decision, "ok" and "gap"). */
    JsonNode simulate(List<Request> requests) throws IOException, InterruptedException {
        var list = JSON.createArrayNode();
        for (Request r : requests) {
            var n = list.addObject();
            n.put("label", r.label()).put("action", r.action()).put("resource", r.resource()).put("expect", r.expect());
            n.set("context", JSON.valueToTree(r.context()));
            if (r.knownGap() != null) {
                n.put("knownGap", r.knownGap());
            }
        }
        Path file = dir.resolve("requests.json");
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), list);
        String out = node("iam-simulation/simulate.mjs", dir.resolve("policies.json").toString(), file.toString(),
                "--json");
        Files.writeString(dir.resolve("results.json"), out);
        return JSON.readTree(out);
    }

    /** Runs a script of infra/ with Node; its stdout. Exit 1 of simulate.mjs (a request not as expected) is data. */
    private static String node(String script, String... args) throws IOException, InterruptedException {
        if (!Files.isDirectory(Path.of("node_modules", "@cloud-copilot", "iam-simulate"))) {
            throw new IllegalStateException("the IAM policy simulator is not installed: run `npm ci` in infra/ "
                    + "(test.sh does) to install @cloud-copilot/iam-simulate from package-lock.json");
        }
        var command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(false).start();
        } catch (IOException e) {
            throw new IllegalStateException("Node.js is required for the IAM simulation (node on the PATH): " + e, e);
        }
        var stderr = new StringBuilder();
        Thread drain = new Thread(() -> {
            try {
                stderr.append(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                stderr.append(e);
            }
        });
        drain.start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(script + " did not finish in 120 s");
        }
        drain.join();
        if (p.exitValue() > 1) {
            throw new IllegalStateException(script + " failed (exit " + p.exitValue() + "): " + stderr + stdout);
        }
        return stdout;
    }
}
