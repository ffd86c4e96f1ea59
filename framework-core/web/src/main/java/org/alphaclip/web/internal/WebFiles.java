package org.alphaclip.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

import org.alphaclip.api.image.ImageReader;
import org.alphaclip.api.image.InvalidImageException;
import org.alphaclip.api.image.RgbImage;

/**
 * The only files the page reaches, each named by a reference: {@code uploads/NAME} (images sent by the page),
 * {@code jobs/ID/NAME} (what a command wrote) under the work folder, and {@code images/PATH} inside the configured
 * images folder (read only). A reference that leaves its area, through {@code ..}, an absolute path or a link, is
 * refused.
 */
final class WebFiles {

    private static final List<String> IMAGE_SUFFIXES = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif",
            ".tiff");

    private final Path uploads;
    private final Path jobs;
    private final Path images;
    private final long maxUploadBytes;
    private final long maxPixels;
    private final ImageReader reader;

    /**
     * The areas.
     *
     * @param images the images folder, or {@code null} for none
     */
    WebFiles(Path work, Path images, long maxUploadBytes, long maxPixels, ImageReader reader) throws IOException {
        this.uploads = Files.createDirectories(work.resolve("uploads")).toRealPath();
        this.jobs = Files.createDirectories(work.resolve("jobs")).toRealPath();
        this.images = images != null && Files.isDirectory(images) ? images.toRealPath() : null;
        this.maxUploadBytes = maxUploadBytes;
        this.maxPixels = maxPixels;
        this.reader = reader;
    }

    /** An uploaded image: its reference and size. */
    record Upload(String file, int width, int height) {
    }

    /**
     * Stores an uploaded image after checking its size, that it decodes, and its pixel count.
     *
     * @param name the file name the browser gave, for its suffix
     */
    Upload store(InputStream body, long declaredLength, String name) throws IOException {
        if (declaredLength > maxUploadBytes) {
            throw tooLarge(declaredLength);
        }
        String suffix = suffix(name);
        String stored = UUID.randomUUID() + suffix;
        Path partial = uploads.resolve(stored + ".part");
        long total = 0;
        try (OutputStream out = Files.newOutputStream(partial)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = body.read(buffer)) > 0;) {
                total += n;
                if (total > maxUploadBytes) {
                    throw tooLarge(total);
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        try {
            RgbImage image = reader.readImage(partial);
            if ((long) image.width() * image.height() > maxPixels) {
                throw new WebException(413, "The image has " + image.width() + " x " + image.height() + " pixels, more"
                        + " than the page's limit of " + maxPixels + " (maxPixels in etc/org.alphaclip.web.cfg)");
            }
            Files.move(partial, uploads.resolve(stored), StandardCopyOption.ATOMIC_MOVE);
            return new Upload("uploads/" + stored, image.width(), image.height());
        } catch (InvalidImageException e) {
            throw new WebException(400, "The upload is not an image the application reads: " + e.getMessage());
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** The existing file a reference names. */
    Path resolve(String reference) throws IOException {
        String ref = reference.replace('\\', '/');
        int slash = ref.indexOf('/');
        Path area = switch (slash < 0 ? ref : ref.substring(0, slash)) {
            case "uploads" -> uploads;
            case "jobs" -> jobs;
            case "images" -> images;
            default -> null;
        };
        if (area == null || slash < 0) {
            throw new WebException(403, "'" + reference + "' is not a file the page may use: give uploads/NAME,"
                    + " jobs/ID/NAME" + (images == null ? "" : " or images/PATH (inside the images folder)"));
        }
        Path file = area.resolve(ref.substring(slash + 1)).normalize();
        if (!file.startsWith(area) || (Files.exists(file) && !file.toRealPath().startsWith(area))) {
            throw new WebException(403, "'" + reference + "' lies outside the " + (area == images ? "images folder"
                    : "page's files") + " and is refused");
        }
        if (!Files.isRegularFile(file)) {
            throw new WebException(404, "No file '" + reference + "'");
        }
        return file;
    }

    /** The image files under a folder of the images folder, as references, at most {@code limit}. */
    List<String> listImages(String folder, int limit) throws IOException {
        if (images == null) {
            throw new WebException(404, "No images folder is configured (imagesFolder in etc/org.alphaclip.web.cfg)");
        }
        Path start = images.resolve(folder).normalize();
        if (!start.startsWith(images) || (Files.exists(start) && !start.toRealPath().startsWith(images))) {
            throw new WebException(403, "'" + folder + "' lies outside the images folder and is refused");
        }
        if (!Files.isDirectory(start)) {
            throw new WebException(404, "No folder '" + folder + "' in the images folder");
        }
        List<String> found = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(start, 3)) {
            walk.filter(Files::isRegularFile).filter(p -> IMAGE_SUFFIXES.contains(suffix(p.getFileName().toString())))
                    .sorted().limit(limit)
                    .forEach(p -> found.add("images/" + images.relativize(p).toString().replace('\\', '/')));
        }
        return found;
    }

    /** A new folder for a job's outputs, and its reference prefix. */
    Path jobFolder(String id) throws IOException {
        return Files.createDirectories(jobs.resolve(id));
    }

    /** The reference of a file in a job's folder. */
    String jobReference(Path file) {
        return "jobs/" + jobs.relativize(file).toString().replace('\\', '/');
    }

    private WebException tooLarge(long bytes) {
        return new WebException(413, "The upload is larger than the page's limit of " + maxUploadBytes / (1024 * 1024)
                + " MB (maxUploadMegabytes in etc/org.alphaclip.web.cfg); " + (bytes > maxUploadBytes ? "it has at least "
                + bytes + " bytes" : ""));
    }

    private static String suffix(String name) {
        String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
        int dot = lower.lastIndexOf('.');
        String suffix = dot < 0 ? "" : lower.substring(dot);
        return IMAGE_SUFFIXES.contains(suffix) ? suffix : ".img";
    }
}
