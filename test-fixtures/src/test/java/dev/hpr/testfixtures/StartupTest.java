package dev.hpr.testfixtures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StartupTest {
    @Test
    void twoInstancesGetDifferentFreePortsAndSeparateState() {
        try (LocalAws a = LocalAws.start(); LocalAws b = LocalAws.start()) {
            assertNotEquals(a.port(), b.port());
            assertEquals("127.0.0.1", a.endpoint().getHost());
            assertEquals("us-east-1", a.region());
            String table = Tables.create(a.dynamoDb(), "start", false, false);
            assertTrue(a.dynamoDb().listTables().tableNames().contains(table));
            assertFalse(b.dynamoDb().listTables().tableNames().contains(table));
            a.close();
            assertFalse(a.isRunning());
            assertTrue(b.isRunning());
        }
    }

    @Test
    void sharedIsOneInstanceThatCloseDoesNotStop() {
        LocalAws s = LocalAws.shared();
        s.close();
        assertSame(s, LocalAws.shared());
        assertTrue(s.isRunning());
    }

    @Test
    void resetAllClearsMotoAndExtensions() {
        try (LocalAws aws = LocalAws.start()) {
            Tables.create(aws.dynamoDb(), "reset", false, false);
            aws.failNext("dynamodb:ListTables", LocalAws.ALWAYS, 500, "InternalServerError", "x");
            aws.resetAll();
            assertTrue(aws.dynamoDb().listTables().tableNames().isEmpty());
            assertEquals(1L, aws.calls("dynamodb:ListTables"));
        }
    }
}
