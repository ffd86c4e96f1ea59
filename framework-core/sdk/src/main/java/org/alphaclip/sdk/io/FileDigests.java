package org.alphaclip.sdk.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * SHA-256 digests as lowercase hex. A file's digest is remembered, for the whole process, while its size,
 * modification time and file key (inode) stay the same, so that a model file verified on load is not read
 * again when a session opens it; a replaced or changed file is hashed again. A file modified in the last
 * {@value #SETTLE_SECONDS} seconds is not remembered, since a file system's coarse clock could give a second
 * change within that time the same modification time.
 */
public final class FileDigests {

    private record Stamp(long size, long modifiedNanos, Object fileKey) {
    }

    private record Known(Stamp stamp, String sha256) {
    }

    private static final long SETTLE_SECONDS = 2;
    private static final Map<Path, Known> KNOWN = new ConcurrentHashMap<>();

    private FileDigests() {
    }

    /**
     * The SHA-256 of a regular file's content.
     *
     * @throws IOException when the file is missing, not a regular file, or cannot be read
     */
    public static String sha256(Path file) throws IOException {
        Path path = file.toAbsolutePath().normalize();
        Stamp stamp = stamp(path);
        Known known = KNOWN.get(path);
        if (known != null && known.stamp().equals(stamp)) {
            return known.sha256();
        }
        MessageDigest digest = newDigest();
        try (InputStream in = Files.newInputStream(path)) {
            byte[] buffer = new byte[1 << 20];
            for (int n; (n = in.read(buffer)) > 0;) {
                digest.update(buffer, 0, n);
            }
        }
        String hex = HexFormat.of().formatHex(digest.digest());
        long age = System.currentTimeMillis() * 1_000_000L - stamp.modifiedNanos();
        if (age > TimeUnit.SECONDS.toNanos(SETTLE_SECONDS) && stamp.equals(stamp(path))) {
            KNOWN.put(path, new Known(stamp, hex));
        }
        return hex;
    }

    /** The SHA-256 of bytes. */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest().digest(bytes));
    }

    /** A new SHA-256 digest, for content fed in parts. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime provides SHA-256", e);
        }
    }

    private static Stamp stamp(Path path) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        if (!attributes.isRegularFile()) {
            throw new IOException(path + " is not a regular file");
        }
        return new Stamp(attributes.size(), attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS),
                Objects.requireNonNullElse(attributes.fileKey(), path));
    }
}
