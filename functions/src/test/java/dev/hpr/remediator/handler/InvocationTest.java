package dev.hpr.remediator.handler;

import dev.hpr.remediator.usecase.Invocation;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The account a finding names comes from the ARN Lambda invoked the function by, and from nothing else. */
class InvocationTest {

    @Test
    void account_isTheInvokedArnsFifthField_throughAnAliasOrNot() {
        var invocation = new Invocation();

        invocation.begin("arn:aws:lambda:eu-west-1:111122223333:function:hot-partition-remediator:live");
        assertEquals(Optional.of("111122223333"), invocation.account());

        invocation.begin("arn:aws-us-gov:lambda:us-gov-west-1:444455556666:function:hot-partition-remediator");
        assertEquals(Optional.of("444455556666"), invocation.account());
    }

    @Test
    void account_isUnknown_forALocalInvoke_orAnArnThatIsNotAFunctions() {
        var invocation = new Invocation();
        assertEquals(Optional.empty(), invocation.account());

        invocation.begin(null);
        assertEquals(Optional.empty(), invocation.account());
        invocation.begin("");
        assertEquals(Optional.empty(), invocation.account());
        invocation.begin("arn:aws:sns:us-east-1:111122223333:findings");
        assertEquals(Optional.empty(), invocation.account());
        invocation.begin("hot-partition-remediator");
        assertEquals(Optional.empty(), invocation.account());
    }
}
