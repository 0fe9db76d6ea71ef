package dev.hpr.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * The app as {@code cdk synth} builds it, synthesized ONCE for all tests: jsii starts a Node process and a synth
 * costs seconds. The context is cdk.json's (feature flags) plus the keys a user passes with {@code -c}.
 */
final class SynthesizedApp {

    /**
     * What a user passes on the command line, plus Slack and a GSI alarm so that every resource is there, and a
     * revert-check interval of its own (the sweep keeps the default) so that both a context key and a default reach
     * the schedules.
     */
    static final Map<String, Object> USER_CONTEXT = Map.of(
            "tables", "orders,sessions",
            "email", "oncall@example.com",
            "mode", "dry-run",
            "slackWorkspaceId", "T0123ABCD",
            "slackChannelId", "C0123ABCD",
            "indexAlarms", "orders/byCustomer",
            "revertCheckIntervalMinutes", "10");

    /** Tagged mode as {@code cdk synth -c protection=tagged -c email=... -c mode=apply} builds it. */
    static final Map<String, Object> TAGGED_CONTEXT = Map.of(
            "protection", "tagged",
            "email", "oncall@example.com",
            "mode", "apply");

    private static SynthesizedApp instance;
    private static SynthesizedApp tagged;

    final App app;
    final Stack stack;
    final Template template;
    final CloudAssembly assembly;

    private SynthesizedApp(Map<String, Object> userContext, String out) {
        var context = new LinkedHashMap<String, Object>(cdkJsonContext());
        context.putAll(userContext);
        Path outdir = buildDir().resolve(out);
        this.app = new App(AppProps.builder().context(context).outdir(outdir.toString()).build());
        this.stack = HotPartitionRemediatorApp.build(app);
        this.assembly = app.synth();
        this.template = Template.fromStack(stack);
    }

    static synchronized SynthesizedApp get() {
        if (instance == null) {
            instance = new SynthesizedApp(USER_CONTEXT, "cdk.out-test");
        }
        return instance;
    }

    /** The tagged-mode app, synthesized once. */
    static synchronized SynthesizedApp tagged() {
        if (tagged == null) {
            tagged = new SynthesizedApp(TAGGED_CONTEXT, "cdk.out-test-tagged");
        }
        return tagged;
    }

    static Path buildDir() {
        return Path.of(System.getProperty("hpr.buildDir", "target"));
    }

    /** The feature flags and other context of infra/cdk.json, as the CDK CLI passes them to the app. */
    static Map<String, Object> cdkJsonContext() {
        try {
            Map<String, Object> cdkJson = new ObjectMapper().readValue(Files.readString(Path.of("cdk.json")),
                    new TypeReference<Map<String, Object>>() { });
            @SuppressWarnings("unchecked")
            Map<String, Object> context = (Map<String, Object>) cdkJson.get("context");
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
