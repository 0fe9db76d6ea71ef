package dev.hpr.remediator.event;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Region codes for the display names that SNS-delivered alarm notifications carry in {@code "Region"}
 * ("US East (N. Virginia)"). Commercial regions only. CloudWatch still writes "EU (Ireland)" where the
 * region list now says "Europe (Ireland)": both are accepted, as are "Sao Paulo" and "São Paulo".
 */
final class RegionNames {

    private static final Map<String, String> CODES = new HashMap<>();

    static {
        add("us-east-1", "US East (N. Virginia)");
        add("us-east-2", "US East (Ohio)");
        add("us-west-1", "US West (N. California)");
        add("us-west-2", "US West (Oregon)");
        add("af-south-1", "Africa (Cape Town)");
        add("ap-east-1", "Asia Pacific (Hong Kong)");
        add("ap-east-2", "Asia Pacific (Taipei)");
        add("ap-northeast-1", "Asia Pacific (Tokyo)");
        add("ap-northeast-2", "Asia Pacific (Seoul)");
        add("ap-northeast-3", "Asia Pacific (Osaka)");
        add("ap-south-1", "Asia Pacific (Mumbai)");
        add("ap-south-2", "Asia Pacific (Hyderabad)");
        add("ap-southeast-1", "Asia Pacific (Singapore)");
        add("ap-southeast-2", "Asia Pacific (Sydney)");
        add("ap-southeast-3", "Asia Pacific (Jakarta)");
        add("ap-southeast-4", "Asia Pacific (Melbourne)");
        add("ap-southeast-5", "Asia Pacific (Malaysia)");
        add("ap-southeast-6", "Asia Pacific (New Zealand)");
        add("ap-southeast-7", "Asia Pacific (Thailand)");
        add("ca-central-1", "Canada (Central)");
        add("ca-west-1", "Canada West (Calgary)");
        add("eu-central-1", "Europe (Frankfurt)");
        add("eu-central-2", "Europe (Zurich)");
        add("eu-north-1", "Europe (Stockholm)");
        add("eu-south-1", "Europe (Milan)");
        add("eu-south-2", "Europe (Spain)");
        add("eu-west-1", "Europe (Ireland)");
        add("eu-west-2", "Europe (London)");
        add("eu-west-3", "Europe (Paris)");
        add("il-central-1", "Israel (Tel Aviv)");
        add("me-central-1", "Middle East (UAE)");
        add("me-south-1", "Middle East (Bahrain)");
        add("mx-central-1", "Mexico (Central)");
        add("sa-east-1", "South America (São Paulo)");
    }

    private RegionNames() {
    }

    /** The region code for a display name; empty for a name not in the table. */
    static Optional<String> codeFor(String displayName) {
        return Optional.ofNullable(CODES.get(key(displayName)));
    }

    private static void add(String code, String displayName) {
        CODES.put(key(displayName), code);
    }

    /** Case, accents, extra spaces and "Europe" vs "EU" do not matter. */
    private static String key(String displayName) {
        String plain = Normalizer.normalize(displayName, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return plain.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT).replaceFirst("^europe \\(", "eu (");
    }
}
