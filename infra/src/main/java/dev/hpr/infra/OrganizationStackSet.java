package dev.hpr.infra;

import java.util.ArrayList;
import java.util.List;

import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.services.cloudformation.CfnStackSet;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.constructs.Construct;

/**
 * The service-managed StackSet that keeps the remediator in every account of the given organisational units and
 * regions, and in accounts that join them later ({@code AWS::CloudFormation::StackSet}, aws-cdk-lib's L1
 * {@link CfnStackSet}; cdklabs' cdk-stacksets does not resolve from Maven Central). The template is the member stack
 * ({@link OrganizationMember}): in {@code TemplateBody} when it fits CloudFormation's 51,200 bytes, else read from a
 * CDK asset in this account's bootstrap bucket ({@code TemplateURL}).
 *
 * <p>Property values follow the CloudFormation API model ({@code CreateStackSetInput}, {@code AutoDeployment},
 * {@code StackSetOperationPreferences}, {@code DeploymentTargets}) and the template reference for
 * {@code AWS::CloudFormation::StackSet}; what could only be read, not deployed, is listed in infra/README.md.
 */
public final class OrganizationStackSet extends Construct {

    /** The member stack creates IAM roles, none named: CAPABILITY_IAM (not NAMED_IAM). */
    static final List<String> CAPABILITIES = List.of("CAPABILITY_IAM");

    private final CfnStackSet stackSet;
    private final boolean templateBody;

    OrganizationStackSet(Construct scope, String id, OrganizationStackSetProps props, MemberTemplate member,
                         int templateBodyLimitBytes) {
        super(scope, id);
        member.errors.forEach(error -> Annotations.of(this).addError("member template: " + error));
        member.warnings.forEach(warning -> Annotations.of(this).addWarning("member template: " + warning));
        this.templateBody = member.fitsTemplateBody(templateBodyLimitBytes);

        var parameters = new ArrayList<CfnStackSet.ParameterProperty>();
        parameters.add(parameter(OrganizationMember.HUB_TOPIC_ARN, props.hubTopicArn()));
        parameters.add(parameter(OrganizationMember.HUB_KEY_ARN, props.hubKeyArn()));
        props.hubApprovalRoleArn().ifPresent(arn -> parameters.add(parameter(OrganizationMember.HUB_APPROVAL_ROLE_ARN, arn)));
        parameters.add(parameter(OrganizationMember.ORGANIZATION_ID, props.organizationId()));

        var preferences = CfnStackSet.OperationPreferencesProperty.builder()
                .concurrencyMode(props.concurrencyMode().name())
                .regionConcurrencyType(props.regionConcurrency().name())
                .regionOrder(props.regionOrder());
        props.maxConcurrentPercentage().ifPresent(preferences::maxConcurrentPercentage);
        props.maxConcurrentCount().ifPresent(preferences::maxConcurrentCount);
        props.failureTolerancePercentage().ifPresent(preferences::failureTolerancePercentage);
        props.failureToleranceCount().ifPresent(preferences::failureToleranceCount);

        var autoDeployment = CfnStackSet.AutoDeploymentProperty.builder().enabled(props.autoDeployment());
        if (props.autoDeployment()) {
            autoDeployment.retainStacksOnAccountRemoval(props.retainStacksOnAccountRemoval());
        }

        var builder = CfnStackSet.Builder.create(this, "StackSet")
                .stackSetName(props.stackSetName())
                .description("hot-partition-remediator in every account of the organisational units given: tagged"
                        + " DynamoDB tables, findings to the organisation's hub")
                .permissionModel("SERVICE_MANAGED")
                .callAs(props.callAs().name())
                .autoDeployment(autoDeployment.build())
                // managedExecution is typed Object in the L1: a jsii struct would render as {"active": true}, which
                // CloudFormation refuses; the property's own shape is {"Active": true}.
                .managedExecution(java.util.Map.of("Active", true))
                .capabilities(CAPABILITIES)
                .operationPreferences(preferences.build())
                .parameters(parameters)
                .stackInstancesGroup(List.of(CfnStackSet.StackInstancesProperty.builder()
                        .deploymentTargets(CfnStackSet.DeploymentTargetsProperty.builder()
                                .organizationalUnitIds(props.organizationalUnitIds())
                                .build())
                        .regions(props.regions())
                        .build()));
        if (templateBody) {
            builder.templateBody(member.json);
        } else {
            var asset = Asset.Builder.create(this, "MemberTemplate").path(member.file.toString()).build();
            builder.templateUrl(asset.getHttpUrl());
        }
        this.stackSet = builder.build();
    }

    private static CfnStackSet.ParameterProperty parameter(String key, String value) {
        return CfnStackSet.ParameterProperty.builder().parameterKey(key).parameterValue(value).build();
    }

    public CfnStackSet getStackSet() {
        return stackSet;
    }

    /** Whether the template went into {@code TemplateBody} (else {@code TemplateURL}). */
    public boolean isTemplateBody() {
        return templateBody;
    }
}
