package dev.hpr.remediator.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

/** A topic is published to through its own region's endpoint: the region comes from its ARN. */
class FindingTopicRegionTest {

    @Test
    void region_isTheTopicArnsFourthField() {
        assertEquals(Optional.of(Region.EU_WEST_1), FindingTopic.region("arn:aws:sns:eu-west-1:111122223333:findings"));
        assertEquals(Optional.of(Region.of("cn-north-1")),
                FindingTopic.region("arn:aws-cn:sns:cn-north-1:111122223333:findings"));
        assertEquals(Optional.empty(), FindingTopic.region("arn:aws:sqs:eu-west-1:111122223333:findings"));
        assertEquals(Optional.empty(), FindingTopic.region("findings"));
    }

    @Test
    void snsClient_isTheFunctionsOwn_forItsRegion_andOnePerOtherRegion() {
        try (var clients = AwsClients.create(Region.US_EAST_1, Optional.of(URI.create("http://127.0.0.1:1")))) {
            assertSame(clients.sns(), clients.sns(Region.US_EAST_1));
            var hub = clients.sns(Region.EU_WEST_1);
            assertNotSame(clients.sns(), hub);
            assertSame(hub, clients.sns(Region.EU_WEST_1), "built once");
            assertEquals(Region.EU_WEST_1, hub.serviceClientConfiguration().region());
        }
    }
}
