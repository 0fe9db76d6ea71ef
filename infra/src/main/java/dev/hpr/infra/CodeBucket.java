package dev.hpr.infra;

import java.nio.file.Path;
import java.util.List;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.OrganizationPrincipal;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.amazon.awscdk.services.s3.deployment.BucketDeployment;
import software.amazon.awscdk.services.s3.deployment.Source;
import software.constructs.Construct;

/**
 * One region's code bucket, {@code <codeBucketPrefix>-<region>}, with the function's jar in it: every member account
 * of the region reads its Lambda code from here (a function's S3 code must be in the function's region: Lambda API
 * model, {@code FunctionCode.S3Bucket}, "An Amazon S3 bucket in the same Amazon Web Services Region as your
 * function"). Only principals of the organisation may read objects ({@code aws:PrincipalOrgID}), only over TLS; the
 * account itself writes (the deployment). Block Public Access stays fully on: a policy whose principals are limited
 * by fixed {@code aws:PrincipalOrgID} values is not public (S3 User Guide, "The meaning of 'public'").
 *
 * <p>The jar goes in with a {@link BucketDeployment} from the CDK asset ({@code extract(false)}: the file as it is)
 * under {@value #KEY_PREFIX} and its content hash, so a new jar is a new key and a new member template, and old keys
 * stay ({@code prune(false)}) for the stack instances a StackSet operation has not reached yet.
 */
final class CodeBucket extends Construct {

    static final String KEY_PREFIX = "hot-partition-remediator/";

    private final Bucket bucket;
    private final BucketDeployment deployment;
    private final String key;

    CodeBucket(Construct scope, String id, String bucketName, String organizationId, Path jar) {
        super(scope, id);
        this.bucket = Bucket.Builder.create(this, "Bucket")
                .bucketName(bucketName)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        bucket.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("OrganizationReadsTheFunctionCode")
                .effect(Effect.ALLOW)
                .principals(List.of(new OrganizationPrincipal(organizationId)))
                .actions(List.of("s3:GetObject"))
                .resources(List.of(bucket.arnForObjects(KEY_PREFIX + "*")))
                .build());
        var asset = Asset.Builder.create(this, "FunctionJar").path(jar.toString()).build();
        this.deployment = BucketDeployment.Builder.create(this, "FunctionJarDeployment")
                .sources(List.of(Source.bucket(asset.getBucket(), asset.getS3ObjectKey())))
                .destinationBucket(bucket)
                .destinationKeyPrefix(KEY_PREFIX)
                .extract(false)
                .prune(false)
                .retainOnDelete(true)
                .build();
        // extract(false) copies the asset object under the prefix with its own file name: <asset hash>.jar.
        String objectKey = asset.getS3ObjectKey();
        this.key = KEY_PREFIX + objectKey.substring(objectKey.lastIndexOf('/') + 1);
        NagFindings.suppressCodeBucket(bucket, deployment);
    }

    Bucket getBucket() {
        return bucket;
    }

    BucketDeployment getDeployment() {
        return deployment;
    }

    /** The jar's key in the bucket (the same in every region's: content-hashed). */
    String getKey() {
        return key;
    }
}
