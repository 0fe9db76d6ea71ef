package dev.hpr.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;
import software.amazon.awscdk.cxapi.SynthesisMessageLevel;

/**
 * The member stack's template, for the StackSet: synthesized in an app of its own, with the outer app's context
 * (cdk.json's feature flags, the user's {@code -c} keys) and cdk-nag's checks, into a directory of the outer cloud
 * assembly that the CDK CLI does not deploy ({@value #DIRECTORY}): the member stack is never a stack of the admin
 * account. Its cdk-nag findings and other errors are returned, for the admin stack to report: a finding fails
 * {@code cdk synth} as it does for every other stack.
 */
final class MemberTemplate {

    static final String DIRECTORY = "organization-member";
    static final String STACK_ID = "HotPartitionRemediatorMember";
    /** {@code TemplateBody}: "Minimum length of 1. Maximum length of 51,200" bytes (CloudFormation API reference). */
    static final int TEMPLATE_BODY_MAX_BYTES = 51_200;

    private static final ObjectMapper JSON = new ObjectMapper();

    final App app;
    final Stack stack;
    /** The template, minified as it goes into {@code TemplateBody} or the template asset. */
    final String json;
    final Path file;
    /** cdk-nag's and the synth's errors and warnings, each as {@code <path>: <message>}. */
    final List<String> errors;
    final List<String> warnings;

    /** A member template as synthesized: {@link #synthesize} (tests build one directly). */
    MemberTemplate(App app, Stack stack, String json, Path file, List<String> errors, List<String> warnings) {
        this.app = app;
        this.stack = stack;
        this.json = json;
        this.file = file;
        this.errors = errors;
        this.warnings = warnings;
    }

    static MemberTemplate synthesize(App outer, OrganizationStackSetProps org,
                                     HotPartitionRemediatorProps.Builder remediator, String codeKey) {
        @SuppressWarnings("unchecked")
        var context = new LinkedHashMap<String, Object>((Map<String, Object>) outer.getNode().getAllContext());
        // Construct paths in the template's metadata would only cost TemplateBody bytes.
        context.put("aws:cdk:enable-path-metadata", false);
        Path outdir = Path.of(outer.getOutdir()).resolve(DIRECTORY);
        App app = new App(AppProps.builder().context(context).outdir(outdir.toString())
                .analyticsReporting(false).build());
        Stack stack = OrganizationMember.create(app, STACK_ID, org, remediator, codeKey);
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        CloudFormationStackArtifact artifact = app.synth().getStackByName(STACK_ID);
        String json;
        try {
            json = JSON.writeValueAsString(artifact.getTemplate());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the member template is not JSON", e);
        }
        Path file = outdir.resolve(STACK_ID + ".stackset.template.json");
        try {
            Files.writeString(file, json, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var errors = artifact.getMessages().stream().filter(m -> m.getLevel() == SynthesisMessageLevel.ERROR)
                .map(m -> m.getId() + ": " + m.getEntry().getData()).toList();
        var warnings = artifact.getMessages().stream().filter(m -> m.getLevel() == SynthesisMessageLevel.WARNING)
                .map(m -> m.getId() + ": " + m.getEntry().getData()).toList();
        return new MemberTemplate(app, stack, json, file, errors, warnings);
    }

    int bytes() {
        return json.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Whether it fits {@code TemplateBody}; else the StackSet reads it from S3 ({@code TemplateURL}, up to 1 MB). */
    boolean fitsTemplateBody(int limitBytes) {
        return bytes() <= limitBytes;
    }
}
