package dev.hpr.infra;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * The organisation's app as {@code cdk synth -c deployment=organization ...} builds it, synthesized ONCE for all
 * tests (jsii and the synth cost seconds): the hub, a code bucket stack per region, the StackSet stack, and the member
 * template synthesized inside it. Documentation account IDs only (111122223333 is the hub's).
 */
final class SynthesizedOrganization {

    static final String ORGANIZATION_ID = "o-exampleorgid";
    static final String HUB_ACCOUNT = "111122223333";
    static final String HUB_TOPIC_ARN = "arn:aws:sns:us-east-1:" + HUB_ACCOUNT + ":hpr-hub-findings";
    static final String HUB_KEY_ARN = "arn:aws:kms:us-east-1:" + HUB_ACCOUNT + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";
    static final String HUB_ROLE_ARN = "arn:aws:iam::" + HUB_ACCOUNT + ":role/hpr-hub-slack-channel";
    static final String OU_1 = "ou-ab12-11111111";
    static final String OU_2 = "ou-ab12-22222222";

    /** What a platform team passes: two OUs, two regions, the hub's outputs, approve mode, some preferences of its own. */
    static final Map<String, Object> CONTEXT = Map.ofEntries(
            Map.entry("deployment", "organization"),
            Map.entry("organizationId", ORGANIZATION_ID),
            Map.entry("organizationalUnitIds", OU_1 + "," + OU_2),
            Map.entry("regions", "us-east-1,eu-west-1"),
            Map.entry("regionOrder", "eu-west-1,us-east-1"),
            Map.entry("codeBucketPrefix", "hpr-code-example"),
            Map.entry("hubTopicArn", HUB_TOPIC_ARN),
            Map.entry("hubKeyArn", HUB_KEY_ARN),
            Map.entry("hubApprovalRoleArn", HUB_ROLE_ARN),
            Map.entry("callAs", "DELEGATED_ADMIN"),
            Map.entry("retainStacksOnAccountRemoval", "true"),
            Map.entry("maxConcurrentPercentage", "50"),
            Map.entry("failureToleranceCount", "2"),
            Map.entry("email", "platform@example.com"),
            Map.entry("slackWorkspaceId", "T0123ABCD"),
            Map.entry("slackChannelId", "C0123ABCD"),
            Map.entry("mode", "approve"));

    private static SynthesizedOrganization instance;

    final App app;
    final HotPartitionRemediatorApp.Organization organization;
    final Template hub;
    final Template admin;
    final Map<String, Template> code = new LinkedHashMap<>();
    final Template member;
    /** The member template as the StackSet's TemplateBody carries it. */
    final Map<String, Object> memberBody;

    private SynthesizedOrganization() {
        var context = new LinkedHashMap<String, Object>(SynthesizedApp.cdkJsonContext());
        context.putAll(CONTEXT);
        Path outdir = SynthesizedApp.buildDir().resolve("cdk.out-test-organization");
        this.app = new App(AppProps.builder().context(context).outdir(outdir.toString()).build());
        this.organization = HotPartitionRemediatorApp.buildOrganization(app);
        app.synth();
        this.hub = Template.fromStack(organization.hub());
        this.admin = Template.fromStack(organization.stackSetStack().orElseThrow());
        for (Stack stack : organization.codeStacks()) {
            code.put(stack.getRegion(), Template.fromStack(stack));
        }
        this.member = Template.fromStack(organization.member().orElseThrow().stack);
        try {
            this.memberBody = new ObjectMapper().readValue(organization.member().orElseThrow().json,
                    new TypeReference<Map<String, Object>>() { });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static synchronized SynthesizedOrganization get() {
        if (instance == null) {
            instance = new SynthesizedOrganization();
        }
        return instance;
    }
}
