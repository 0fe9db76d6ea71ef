package dev.hpr.infra;

import java.util.Optional;

import software.amazon.awscdk.Names;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.kms.IKey;

/**
 * One table the remediator protects, however it was given (an {@code ITable} or a name).
 *
 * @param table the table; its name may be a token when the table is defined in the same app
 */
record ProtectedTable(ITable table) {

    String name() {
        return table.getTableName();
    }

    String arn() {
        return table.getTableArn();
    }

    /** Every GSI and LSI of the table: {@code arn:…:table/T/index/*}. */
    String indexesArn() {
        return arn() + "/index/*";
    }

    Optional<IKey> encryptionKey() {
        return Optional.ofNullable(table.getEncryptionKey());
    }

    /**
     * The part of construct IDs that names this table. Construct IDs are a public contract (renaming one replaces
     * the resource): a literal table name keeps them readable and stable; a token name falls back to the table
     * construct's own unique ID.
     */
    String idPart() {
        String name = name();
        return Token.isUnresolved(name) ? Names.nodeUniqueId(table.getNode()) : name;
    }
}
