package dev.hpr.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.sns.Topic;

/**
 * The app {@code cdk deploy} runs, configured from CDK context (see {@link AppContext} and the README), checked by
 * cdk-nag's AWS Solutions rules on every synth. {@code -c deployment=account} (the default): one stack with one
 * {@link HotPartitionRemediator}. {@code -c deployment=organization}: the hub stack, and with
 * {@code organizationalUnitIds} the code bucket stacks and the StackSet stack ({@link #buildOrganization}).
 */
public final class HotPartitionRemediatorApp {

    static final String HUB_STACK = "HotPartitionRemediatorHub";
    static final String STACK_SET_STACK = "HotPartitionRemediatorStackSet";
    static final String CODE_STACK_PREFIX = "HotPartitionRemediatorCode-";

    private HotPartitionRemediatorApp() {
    }

    /** The prefix of the one line a bad configuration gets on stderr. */
    static final String ERROR_PREFIX = "hot-partition-remediator: ";

    /**
     * Synthesizes the app. A bad or missing context value, or a prop the construct refuses (an
     * {@link IllegalArgumentException} whose message names the key and the value), or a missing function jar (an
     * {@link IllegalStateException} that says how to build it) is one line on stderr and exit status 1, without a
     * stack trace: what to fix is all the line says. Anything else keeps its trace.
     */
    public static void main(String[] args) {
        try {
            App app = new App();
            if (new AppContext(key -> app.getNode().tryGetContext(key)).deployment() == Deployment.ORGANIZATION) {
                buildOrganization(app);
            } else {
                build(app);
            }
            app.synth();
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println(ERROR_PREFIX + e.getMessage());
            System.exit(1);
        }
    }

    /** Adds the stack and the cdk-nag checks to {@code app}; returns the stack. */
    public static Stack build(App app) {
        var context = new AppContext(key -> app.getNode().tryGetContext(key));
        Stack stack = new Stack(app, context.stackName(), StackProps.builder()
                .description("hot-partition-remediator: finds and fixes DynamoDB hot partitions")
                .build());
        var props = context.props();
        context.topicArn().ifPresent(arn -> props.findingsTopic(Topic.fromTopicArn(stack, "FindingsTopic", arn)));
        new HotPartitionRemediator(stack, "Remediator", props.build());
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        return stack;
    }

    /** What {@link #buildOrganization} added. */
    public record Organization(Stack hub, FindingsHub findingsHub, List<Stack> codeStacks, List<CodeBucket> codeBuckets,
                               Optional<Stack> stackSetStack, Optional<OrganizationStackSet> stackSet,
                               Optional<MemberTemplate> member) {
    }

    /**
     * An organisation's deployment: the hub stack (in the account and region of the CLI's credentials); with
     * {@code organizationalUnitIds}, also one code bucket stack per region ({@code HotPartitionRemediatorCode-<region>},
     * in the admin account: the management account or the StackSets delegated administrator) and the StackSet stack,
     * which depends on them so that every region has the jar before a stack instance needs it.
     */
    public static Organization buildOrganization(App app) {
        return buildOrganization(app, MemberTemplate.TEMPLATE_BODY_MAX_BYTES);
    }

    static Organization buildOrganization(App app, int templateBodyLimitBytes) {
        var context = new AppContext(key -> app.getNode().tryGetContext(key));
        Stack hub = new Stack(app, HUB_STACK, StackProps.builder()
                .description("hot-partition-remediator hub: the organisation's findings topic, email and Slack approvals")
                .build());
        var findingsHub = new FindingsHub(hub, "Hub", context.hubProps());
        output(hub, "FindingsTopicArn", findingsHub.getTopic().getTopicArn(), "-c hubTopicArn= of the StackSet deploy");
        output(hub, "FindingsKeyArn", findingsHub.getKey().getKeyArn(), "-c hubKeyArn= of the StackSet deploy");
        findingsHub.getApprovalChannel().ifPresent(channel -> output(hub, "ApprovalRoleArn",
                channel.getRole().getRoleArn(), "-c hubApprovalRoleArn= of the StackSet deploy"));
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        if (!context.hasStackSetTargets()) {
            context.memberProps().build();
            return new Organization(hub, findingsHub, List.of(), List.of(), Optional.empty(), Optional.empty(),
                    Optional.empty());
        }

        OrganizationStackSetProps org = context.stackSetProps();
        Path jar = FunctionJar.locate();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The function jar " + jar + " does not exist: run `"
                    + FunctionJar.BUILD_COMMAND + "` at the repository root first.");
        }
        String account = System.getenv("CDK_DEFAULT_ACCOUNT");
        var codeStacks = new ArrayList<Stack>();
        var codeBuckets = new ArrayList<CodeBucket>();
        for (String region : org.regions()) {
            Stack stack = new Stack(app, CODE_STACK_PREFIX + region, StackProps.builder()
                    .env(Environment.builder().account(account).region(region).build())
                    .description("hot-partition-remediator code bucket of " + region + ": the function's jar, readable"
                            + " by the organisation's accounts")
                    .build());
            codeBuckets.add(new CodeBucket(stack, "Code", org.codeBucket(region), org.organizationId(), jar));
            codeStacks.add(stack);
        }
        String key = codeBuckets.get(0).getKey();
        MemberTemplate member = MemberTemplate.synthesize(app, org, context.memberProps(), key);

        Stack admin = new Stack(app, STACK_SET_STACK, StackProps.builder()
                .description("hot-partition-remediator StackSet: the remediator in every account of the organisational"
                        + " units and regions given, and in accounts that join them")
                .build());
        var stackSet = new OrganizationStackSet(admin, "Organization", org, member, templateBodyLimitBytes);
        codeStacks.forEach(code -> admin.addStackDependency(code, "every region's code bucket has the jar before a"
                + " stack instance reads it"));
        output(admin, "StackSetId", stackSet.getStackSet().getAttrStackSetId(), "the StackSet's ID");
        return new Organization(hub, findingsHub, List.copyOf(codeStacks), List.copyOf(codeBuckets),
                Optional.of(admin), Optional.of(stackSet), Optional.of(member));
    }

    private static void output(Stack stack, String id, String value, String description) {
        CfnOutput.Builder.create(stack, id).value(value).description(description).build();
    }
}
