package dev.hpr.remediator.aws;

import java.util.List;

/** DescribeTable and the table's tags, translated into the core's table model. */
public final class DynamoDbTables {

    public static final List<IamPermission> PERMISSIONS = List.of(
            IamPermission.onProtectedTables("dynamodb:DescribeTable"),
            IamPermission.onProtectedTables("dynamodb:ListTagsOfResource"));
}
