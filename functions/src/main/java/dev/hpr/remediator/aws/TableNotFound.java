package dev.hpr.remediator.aws;

/** DescribeTable said the table does not exist. */
public final class TableNotFound extends RuntimeException {

    public TableNotFound(String tableName) {
        super("table '" + tableName + "' does not exist in this account and region");
    }
}
