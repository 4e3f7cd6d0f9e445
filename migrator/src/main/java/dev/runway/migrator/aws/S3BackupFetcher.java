package dev.runway.migrator.aws;

import dev.runway.migrator.Redactor;
import dev.runway.migrator.restore.BackupFetcher;
import dev.runway.migrator.restore.RestoreFailed;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Downloads a backup the migrator stored before migrating, from its {@code s3://bucket/key}. */
public class S3BackupFetcher implements BackupFetcher {

    private final S3Client s3;
    private final Redactor redactor;

    public S3BackupFetcher(S3Client s3, Redactor redactor) {
        this.s3 = s3;
        this.redactor = redactor;
    }

    @Override
    public long fetch(String location, Path file) {
        if (location == null || !location.startsWith("s3://") || location.indexOf('/', 5) < 6) {
            throw new RestoreFailed("the backup location " + location + " is not s3://bucket/key");
        }
        int slash = location.indexOf('/', 5);
        String bucket = location.substring(5, slash);
        String key = location.substring(slash + 1);
        try {
            Files.deleteIfExists(file);
            s3.getObject(b -> b.bucket(bucket).key(key), ResponseTransformer.toFile(file));
            return Files.size(file);
        } catch (NoSuchKeyException e) {
            throw new RestoreFailed("the backup " + location + " is not in S3 (NoSuchKey)", e);
        } catch (NoSuchBucketException e) {
            throw new RestoreFailed("the backup's bucket " + bucket + " does not exist in S3 (NoSuchBucket)", e);
        } catch (SdkException e) {
            throw new RestoreFailed(
                    "fetching the backup " + location + " failed: " + redactor.redact(e.getMessage()), e);
        } catch (java.io.IOException e) {
            throw new RestoreFailed("the fetched backup could not be written: " + e.getMessage(), e);
        }
    }
}
