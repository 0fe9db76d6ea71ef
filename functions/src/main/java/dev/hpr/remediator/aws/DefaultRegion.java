package dev.hpr.remediator.aws;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * The clients of a command a person runs on their own machine ({@code diagnose}): the region as the SDK's default
 * chain finds it (AWS_REGION, then the profile's config, then the container or instance metadata), not only
 * AWS_REGION as the Lambda runtime sets it; {@code AWS_ENDPOINT_URL} still points them at the local AWS.
 */
public final class DefaultRegion {

    /** No region anywhere the SDK looks. */
    public static final class NotFound extends RuntimeException {
        NotFound(String detail) {
            super("no AWS region: set AWS_REGION, or a region in the profile's config (aws configure), or pass it as"
                    + " AWS_REGION=us-east-1 (" + detail + ")");
        }
    }

    private DefaultRegion() {
    }

    /** @throws NotFound when neither the environment nor the SDK's chain has a region */
    public static AwsClients clients(Map<String, String> env) {
        Optional<URI> endpoint = Optional.ofNullable(env.get("AWS_ENDPOINT_URL")).filter(s -> !s.isBlank())
                .map(URI::create);
        return AwsClients.create(region(env), endpoint);
    }

    static Region region(Map<String, String> env) {
        Optional<String> fromEnvironment = Optional.ofNullable(env.get("AWS_REGION"))
                .or(() -> Optional.ofNullable(env.get("AWS_DEFAULT_REGION"))).filter(s -> !s.isBlank());
        if (fromEnvironment.isPresent()) {
            return Region.of(fromEnvironment.get());
        }
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (SdkClientException e) {
            throw new NotFound(e.getMessage());
        }
    }
}
