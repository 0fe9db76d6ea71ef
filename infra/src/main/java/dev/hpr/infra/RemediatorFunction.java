package dev.hpr.infra;

import java.util.List;

import dev.hpr.remediator.aws.IamPermissions;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * The remediator function: its log group, its role with exactly the permissions its adapters declare, the function
 * (SnapStart on published versions, its environment from the props) and the alias that alarms and schedules invoke.
 * Construct IDs (in the remediator's scope): {@code LogGroup}, {@code Role}, {@code Function}, {@code Alias}.
 */
record RemediatorFunction(Role role, Function function, Alias alias) {

    static RemediatorFunction create(Construct scope, HotPartitionRemediatorProps props,
                                     List<ProtectedTable> protectedTables, ITopic findingsTopic, ITable stateTable,
                                     IQueue deadLetterQueue) {
        LogGroup logGroup = LogGroup.Builder.create(scope, "LogGroup")
                .retention(props.logRetention())
                .build();

        Role role = Role.Builder.create(scope, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("hot-partition-remediator function: exactly the permissions its adapters declare")
                .build();
        var targets = new FunctionPolicy.Targets(Stack.of(scope), props.protection(), protectedTables, findingsTopic,
                stateTable);
        FunctionPolicy.statements(IamPermissions.required(), targets).forEach(role::addToPolicy);
        logGroup.grantWrite(role);

        Function function = Function.Builder.create(scope, "Function")
                .description("Diagnoses DynamoDB throttling and remediates hot partitions (hot-partition-remediator)")
                .runtime(HotPartitionRemediator.RUNTIME)
                .architecture(Architecture.ARM_64)
                .handler(HotPartitionRemediator.HANDLER)
                .functionName(props.functionName().orElse(null))
                .code(props.code().orElseGet(FunctionJar::fromRepository))
                .memorySize(props.memorySize())
                .timeout(props.timeout())
                .role(role)
                .environment(FunctionEnvironment.of(props, findingsTopic.getTopicArn(),
                        protectedTables.stream().map(ProtectedTable::name).toList(), stateTable.getTableName()))
                .logGroup(logGroup)
                .loggingFormat(LoggingFormat.JSON)
                .reservedConcurrentExecutions(props.reservedConcurrentExecutions())
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .build();

        Alias alias = Alias.Builder.create(scope, "Alias")
                .aliasName(HotPartitionRemediator.ALIAS_NAME)
                .version(function.getCurrentVersion())
                .retryAttempts(HotPartitionRemediator.RETRY_ATTEMPTS)
                .maxEventAge(HotPartitionRemediator.MAX_EVENT_AGE)
                .onFailure(new OnFailureQueue(deadLetterQueue))
                .build();
        return new RemediatorFunction(role, function, alias);
    }
}
