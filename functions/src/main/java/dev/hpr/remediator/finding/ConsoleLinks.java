package dev.hpr.remediator.finding;

import dev.hpr.remediator.core.diagnosis.HotKeys;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The AWS console pages an engineer opens first, for the finding's region and partition: the table's monitoring tab,
 * its capacity and auto scaling settings, the Contributor Insights rules that named its hot keys, and the alarm.
 *
 * <p>Hosts per partition: {@code <region>.console.aws.amazon.com} (aws), {@code console.amazonaws.cn} (aws-cn),
 * {@code console.amazonaws-us-gov.com} (aws-us-gov); other partitions get no links. The paths after the host are the
 * consoles' own URLs as they appear in the browser (DynamoDB's {@code dynamodbv2/home#table?name=…&tab=…}, CloudWatch's
 * {@code #alarmsV2:alarm/…} and {@code #contributorinsights:rules/…}): AWS does not document them as an API, so a
 * console redesign can move them; each still lands on the service's console in the right region.
 */
final class ConsoleLinks {

    /** One link: what it opens, and where. */
    record Link(String title, String url) {
    }

    private ConsoleLinks() {
    }

    static List<Link> of(Finding finding) {
        Optional<String> host = host(finding.region());
        if (host.isEmpty()) {
            return List.of();
        }
        String region = finding.region();
        String dynamodb = host.get() + "/dynamodbv2/home?region=" + region + "#table?name=" + encode(finding.tableName());
        String cloudwatch = host.get() + "/cloudwatch/home?region=" + region;
        var links = new ArrayList<Link>();
        links.add(new Link("Table monitoring", dynamodb + "&tab=monitoring"));
        links.add(new Link("Capacity and auto scaling", dynamodb + "&tab=settings"));
        List<String> rules = finding.diagnosis().map(d -> d.hotKeys().stream().map(HotKeys::ruleName).distinct()
                .toList()).orElse(List.of());
        if (rules.isEmpty()) {
            links.add(new Link("Contributor Insights rules", cloudwatch + "#contributorinsights:rules"));
        } else {
            rules.stream().limit(2).forEach(rule -> links.add(new Link("Contributor Insights rule " + rule,
                    cloudwatch + "#contributorinsights:rules/" + encode(rule))));
        }
        finding.alarm().ifPresent(a -> links.add(new Link("Alarm " + a.name(),
                cloudwatch + "#alarmsV2:alarm/" + encode(a.name()))));
        return links;
    }

    /** The console's host for a region's partition; empty for partitions without a public console here. */
    static Optional<String> host(String region) {
        if (region.startsWith("cn-")) {
            return Optional.of("https://console.amazonaws.cn");
        }
        if (region.startsWith("us-gov-")) {
            return Optional.of("https://console.amazonaws-us-gov.com");
        }
        if (region.startsWith("us-iso") || region.startsWith("eu-isoe") || !region.matches("[a-z]{2}(-[a-z]+)+-\\d")) {
            return Optional.empty();
        }
        return Optional.of("https://" + region + ".console.aws.amazon.com");
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
