package org.alphaclip.core.internal.session;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.session.SessionException.Reason;

/**
 * The SHA-256 of model files, remembered per path while the file's size, modification time and file
 * key (inode) stay the same, so a replaced file is hashed again and large models are not re-read on every
 * acquire.
 *
 * <pre>{@code
 * ModelDigests.Digest digest = digests.of(Path.of("models/visual.onnx"));
 * }</pre>
 */
final class ModelDigests {

    /** A file's content hash and size. */
    record Digest(String sha256, long bytes) {
    }

    private record Stamp(long size, long modifiedNanos, Object fileKey) {
    }

    private record Entry(Stamp stamp, Digest digest) {
    }

    private final Map<Path, Entry> known = new ConcurrentHashMap<>();

    /**
     * The file's digest.
     *
     * @throws SessionException {@link Reason#INVALID_MODEL} when the file is missing or unreadable
     */
    Digest of(Path file) throws SessionException {
        Path path = file.toAbsolutePath().normalize();
        try {
            Stamp stamp = stamp(path);
            Entry entry = known.get(path);
            if (entry != null && entry.stamp().equals(stamp)) {
                return entry.digest();
            }
            Digest digest = new Digest(sha256(path), stamp.size());
            // a file changed while hashing is hashed again at the next acquire
            if (stamp.equals(stamp(path))) {
                known.put(path, new Entry(stamp, digest));
            }
            return digest;
        } catch (NoSuchFileException e) {
            throw new SessionException(Reason.INVALID_MODEL, "Model file " + path + " does not exist", e);
        } catch (IOException e) {
            throw new SessionException(Reason.INVALID_MODEL, "Cannot read model file " + path + ": " + e, e);
        }
    }

    private static Stamp stamp(Path path) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        if (!attributes.isRegularFile()) {
            throw new IOException("not a regular file");
        }
        return new Stamp(attributes.size(), attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS),
                Objects.requireNonNullElse(attributes.fileKey(), path));
    }

    private static String sha256(Path path) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform provides SHA-256", e);
        }
        try (InputStream in = Files.newInputStream(path)) {
            byte[] buffer = new byte[1 << 20];
            for (int read; (read = in.read(buffer)) > 0;) {
                sha.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
