package dev.hpr.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The organisation's app in its other shapes: the hub alone (the first deploy, before the StackSet has the hub's
 * ARNs), a member template too large for {@code TemplateBody} (read from S3 instead), and a member template with a
 * cdk-nag finding (reported on the StackSet stack, so {@code cdk synth} fails as for any stack).
 */
class OrganizationAppTest {

    @Test
    void withoutOrganisationalUnits_theAppIsTheHubAlone_andWithoutSlackItOutputsNoApprovalRole() {
        var context = new LinkedHashMap<String, Object>(SynthesizedApp.cdkJsonContext());
        context.putAll(Map.of("deployment", "organization", "organizationId", "o-exampleorgid",
                "email", "platform@example.com"));
        App app = new App(AppProps.builder().context(context)
                .outdir(SynthesizedApp.buildDir().resolve("cdk.out-test-hub").toString()).build());

        var organization = HotPartitionRemediatorApp.buildOrganization(app);
        var assembly = app.synth();

        assertEquals(List.of(HotPartitionRemediatorApp.HUB_STACK),
                assembly.getStacks().stream().map(s -> s.getStackName()).toList());
        assertTrue(organization.stackSet().isEmpty() && organization.codeStacks().isEmpty());
        @SuppressWarnings("unchecked")
        var outputs = (Map<String, Object>) Template.fromStack(organization.hub()).toJSON().get("Outputs");
        assertEquals(new TreeSet<>(List.of("FindingsKeyArn", "FindingsTopicArn")), new TreeSet<>(outputs.keySet()));
        Template.fromStack(organization.hub()).resourceCountIs("AWS::Chatbot::SlackChannelConfiguration", 0);
    }

    @Test
    void aMemberTemplateOverTemplateBodysLimit_isReadFromAnAsset() throws Exception {
        Stack admin = admin("cdk.out-test-member-url", member(List.of()), /* templateBodyLimitBytes= */ 10);

        Template template = Template.fromStack(admin);

        template.hasResourceProperties("AWS::CloudFormation::StackSet", Map.of("TemplateBody", Match.absent(),
                "TemplateURL", Map.of("Fn::Sub", Match.stringLikeRegexp(
                        "https://s3\\.\\$\\{AWS::Region\\}\\.\\$\\{AWS::URLSuffix\\}/cdk-hnb659fds-assets-.*\\.json"))));
    }

    @Test
    void aFindingOfTheMemberTemplate_failsTheSynth_onTheStackSetStack() throws Exception {
        Stack admin = admin("cdk.out-test-member-finding", member(List.of("/HotPartitionRemediatorMember/Queue: [Error"
                + " at /HotPartitionRemediatorMember/Queue] AwsSolutions-SQS3: The SQS queue is not used as a dead-letter"
                + " queue")), MemberTemplate.TEMPLATE_BODY_MAX_BYTES);

        var failure = assertThrows(RuntimeException.class, () -> Template.fromStack(admin));

        assertTrue(failure.getMessage().contains("Validation failed"), failure.getMessage());
        String report = Files.readString(SynthesizedApp.buildDir().resolve("cdk.out-test-member-finding")
                .resolve("validation-report.json"));
        assertTrue(report.contains("member template: /HotPartitionRemediatorMember/Queue") && report.contains(
                "AwsSolutions-SQS3") && report.contains("Admin/Organization"), report);
    }

    private static MemberTemplate member(List<String> errors) throws Exception {
        Path dir = SynthesizedApp.buildDir().resolve("member-template-fake");
        Files.createDirectories(dir);
        Path file = dir.resolve("member.json");
        String json = "{\"Resources\":{\"Queue\":{\"Type\":\"AWS::SQS::Queue\"}}}";
        Files.writeString(file, json);
        return new MemberTemplate(null, null, json, file, errors, List.of());
    }

    private static Stack admin(String outdir, MemberTemplate member, int templateBodyLimitBytes) {
        var props = new AppContext(SynthesizedOrganization.CONTEXT::get).stackSetProps();
        App app = new App(AppProps.builder().context(SynthesizedApp.cdkJsonContext())
                .outdir(SynthesizedApp.buildDir().resolve(outdir).toString()).build());
        Stack admin = new Stack(app, "Admin");
        var stackSet = new OrganizationStackSet(admin, "Organization", props, member, templateBodyLimitBytes);
        assertEquals(member.bytes() <= templateBodyLimitBytes, stackSet.isTemplateBody());
        return admin;
    }
}
