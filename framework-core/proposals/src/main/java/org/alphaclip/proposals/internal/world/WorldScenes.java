package org.alphaclip.proposals.internal.world;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.image.RgbImage;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The scenes of synthetic-world dataset folders (written by {@code world:generate}: {@code scenes.jsonl},
 * {@code images/*.png}, {@code masks/*.png}), found by their pixels: an image is matched to the scene
 * whose PNG decodes to the same RGB bytes. Scene images are hashed on first need and remembered.
 *
 * <pre>{@code
 * WorldScenes scenes = new WorldScenes(List.of(Path.of("data/world-val")));
 * WorldScenes.Scene scene = scenes.find(image);   // null when it is not a world scene
 * }</pre>
 */
final class WorldScenes {

    /**
     * One object of a scene.
     *
     * @param label e.g. {@code red circle}
     * @param box {@code [x0, y0, x1, y1)} pixel box
     * @param maskFile its mask PNG (255 on its visible pixels)
     */
    record SceneObject(String label, int[] box, Path maskFile) {
    }

    /**
     * One scene line.
     *
     * @param id scene id, e.g. {@code val-000012}
     * @param width image width
     * @param height image height
     * @param imageFile the image PNG
     * @param objects objects from bottom to top
     */
    record Scene(String id, int width, int height, Path imageFile, List<SceneObject> objects) {
    }

    private final List<Path> folders;
    private List<Scene> scenes;
    private final Map<Path, String> hashes = new HashMap<>();

    WorldScenes(List<Path> folders) {
        this.folders = List.copyOf(folders);
    }

    /** The scene showing exactly this image, or {@code null}. */
    synchronized Scene find(RgbImage image) throws IOException {
        if (scenes == null) {
            scenes = load();
        }
        String wanted = null;
        for (Scene scene : scenes) {
            if (scene.width() != image.width() || scene.height() != image.height()) {
                continue;
            }
            if (wanted == null) {
                wanted = sha256(image.rgb());
            }
            String hash = hashes.get(scene.imageFile());
            if (hash == null) {
                hash = sha256(readRgb(scene.imageFile()).rgb());
                hashes.put(scene.imageFile(), hash);
            }
            if (hash.equals(wanted)) {
                return scene;
            }
        }
        return null;
    }

    private List<Scene> load() throws IOException {
        List<Scene> out = new ArrayList<>();
        for (Path folder : folders) {
            Path file = Files.isDirectory(folder) ? folder.resolve("scenes.jsonl") : folder;
            if (!Files.isRegularFile(file)) {
                throw new IOException("No world dataset at " + folder + " (expected scenes.jsonl written by world:generate)");
            }
            Path root = file.toAbsolutePath().getParent();
            try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                int number = 0;
                while ((line = lines.readLine()) != null) {
                    number++;
                    if (line.isBlank()) {
                        continue;
                    }
                    try {
                        out.add(scene(JsonParser.parseString(line).getAsJsonObject(), root));
                    } catch (RuntimeException e) {
                        throw new IOException(file + " line " + number + " is not a world scene: " + e.getMessage(), e);
                    }
                }
            }
        }
        return out;
    }

    private static Scene scene(JsonObject line, Path root) {
        List<SceneObject> objects = new ArrayList<>();
        for (JsonElement element : line.getAsJsonArray("objects")) {
            JsonObject o = element.getAsJsonObject();
            JsonArray b = o.getAsJsonArray("box");
            objects.add(new SceneObject(o.get("label").getAsString(), new int[] {b.get(0).getAsInt(), b.get(1).getAsInt(),
                    b.get(2).getAsInt(), b.get(3).getAsInt()}, inside(root, o.get("mask").getAsString())));
        }
        return new Scene(line.get("id").getAsString(), line.get("width").getAsInt(), line.get("height").getAsInt(),
                inside(root, line.get("image").getAsString()), objects);
    }

    private static Path inside(Path root, String relative) {
        Path file = root.resolve(relative).normalize();
        if (!file.startsWith(root)) {
            throw new IllegalArgumentException("file '" + relative + "' lies outside the dataset folder");
        }
        return file;
    }

    /** Reads an 8-bit RGB PNG. */
    static RgbImage readRgb(Path file) throws IOException {
        BufferedImage picture = read(file);
        int w = picture.getWidth();
        int h = picture.getHeight();
        int[] argb = picture.getRGB(0, 0, w, h, null, 0, w);
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < argb.length; i++) {
            rgb[3 * i] = (byte) (argb[i] >> 16);
            rgb[3 * i + 1] = (byte) (argb[i] >> 8);
            rgb[3 * i + 2] = (byte) argb[i];
        }
        return new RgbImage(w, h, rgb, null);
    }

    /** Reads a mask PNG: its first channel, scaled to 0..255. */
    static GrayImage readMask(Path file) throws IOException {
        BufferedImage picture = read(file);
        Raster raster = picture.getRaster();
        int max = (1 << picture.getColorModel().getComponentSize(0)) - 1;
        int w = picture.getWidth();
        int h = picture.getHeight();
        byte[] values = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                values[y * w + x] = (byte) (raster.getSample(x, y, 0) * 255 / max);
            }
        }
        return new GrayImage(w, h, values);
    }

    private static BufferedImage read(Path file) throws IOException {
        BufferedImage picture = ImageIO.read(file.toFile());
        if (picture == null) {
            throw new IOException("Not a readable image: " + file);
        }
        return picture;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
