package dev.hpr.infra;

import java.util.Arrays;

/** What the app deploys ({@code -c deployment=...}). */
public enum Deployment {
    /** One stack, in the account and region of the CLI's credentials (the tables listed, or tagged). */
    ACCOUNT("account"),
    /**
     * An organisation: a hub stack (findings topic, email, Slack), and, with organisational units, one code bucket
     * stack per region and a service-managed StackSet that deploys the remediator to every account of those units.
     */
    ORGANIZATION("organization");

    private final String value;

    Deployment(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static Deployment fromValue(String value) {
        return Arrays.stream(values()).filter(d -> d.value.equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("expected account or organization"));
    }
}
