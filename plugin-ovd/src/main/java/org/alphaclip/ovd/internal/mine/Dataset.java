package org.alphaclip.ovd.internal.mine;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.alphaclip.sdk.io.FileDigests;

/**
 * An image-level labelled dataset: classes, and images each with one class. Made from ImageNet-style class
 * folders (one sub-folder per class, folder name = class) or from a list file of image and label lines,
 * optionally with a class map that names the folder or label keys.
 *
 * <p>A class map has one class per line: {@code KEY NAME}, e.g. {@code n01440764 tench, Tinca tinca}; the
 * name's first comma-separated item is the class name used in prompts; a line with only a key names the
 * class by its key. A list file has one image per line: the image path (relative to the images folder, or
 * absolute) and, after the last whitespace, its label (a key of the class map, or the class name itself
 * without a map). In both files blank lines and lines starting with {@code #} are skipped.
 *
 * @param root the images folder that relative image paths start from
 * @param classes the classes, in category order
 * @param items the images, in id order (ids count from 1)
 */
public record Dataset(Path root, List<DatasetClass> classes, List<Item> items) {

    private static final Pattern IMAGE_FILE = Pattern.compile(".*\\.(png|jpe?g|bmp|gif)", Pattern.CASE_INSENSITIVE);

    /** Copies the lists. */
    public Dataset {
        classes = List.copyOf(classes);
        items = List.copyOf(items);
    }

    /**
     * One class.
     *
     * @param key the folder name or label key (stored as the category's {@code synset})
     * @param name the name used in prompts
     */
    public record DatasetClass(String key, String name) {
    }

    /**
     * One image.
     *
     * @param id the image id, from 1
     * @param file the path as listed, relative to the images folder unless absolute, with {@code /} separators
     * @param classIndex the class's index in {@link #classes()}
     */
    public record Item(int id, String file, int classIndex) {
    }

    /** The file of an image. */
    public Path resolve(Item item) {
        return root.resolve(item.file());
    }

    /** The class names in category order. */
    public List<String> classNames() {
        return classes.stream().map(DatasetClass::name).toList();
    }

    /** A SHA-256 over the classes and the images with their labels, so a resumed run can tell it is the same. */
    public String fingerprint() {
        MessageDigest digest = FileDigests.newDigest();
        for (DatasetClass c : classes) {
            digest.update((c.key() + "\t" + c.name() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        for (Item item : items) {
            digest.update((item.file() + "\t" + item.classIndex() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Reads class folders: every sub-folder of {@code root} is a class, every PNG, JPEG, BMP or GIF file in it
     * an image of that class (other files and hidden ones are not looked at).
     *
     * @param classMap the class map file, or {@code null} to name classes by their folders
     * @throws IOException when the folder cannot be listed or holds no images, or a folder is not in the map
     */
    public static Dataset fromFolders(Path root, Path classMap) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException("--images " + root + " is not a folder");
        }
        List<Path> folders;
        try (Stream<Path> children = Files.list(root)) {
            folders = children.filter(Files::isDirectory).filter(p -> !hidden(p)).sorted().toList();
        }
        List<DatasetClass> classes = classMap != null ? readClassMap(classMap)
                : folders.stream().map(f -> new DatasetClass(name(f), name(f))).toList();
        Map<String, Integer> index = index(classes);
        List<String> unknown = new ArrayList<>();
        List<Item> items = new ArrayList<>();
        for (Path folder : folders) {
            Integer classIndex = index.get(name(folder));
            if (classIndex == null) {
                unknown.add("'" + name(folder) + "'");
                continue;
            }
            List<Path> files;
            try (Stream<Path> children = Files.list(folder)) {
                files = children.filter(p -> !hidden(p) && IMAGE_FILE.matcher(name(p)).matches() && !Files.isDirectory(p))
                        .sorted().toList();
            }
            for (Path file : files) {
                items.add(new Item(items.size() + 1, name(folder) + "/" + name(file), classIndex));
            }
        }
        if (!unknown.isEmpty()) {
            throw new IOException(unknown.size() + " class folder(s) of " + root + " are not in the class map "
                    + classMap + ": " + examples(unknown));
        }
        if (items.isEmpty()) {
            throw new IOException("No images under " + root
                    + " (expected one sub-folder per class holding PNG, JPEG, BMP or GIF files)");
        }
        return new Dataset(root, classes, items);
    }

    /**
     * Reads a list file of {@code IMAGE LABEL} lines.
     *
     * @param classMap the class map file, or {@code null} when the labels are the class names
     * @throws IOException when a file cannot be read, a line has no label, an image is listed twice or a
     *         label is not in the map; the message names the lines
     */
    public static Dataset fromList(Path root, Path list, Path classMap) throws IOException {
        List<String[]> entries = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        List<String> lines = readLines(list, "list");
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int cut = lastWhitespace(line);
            if (cut < 0) {
                throw new IOException(list + " line " + (i + 1) + " has no label: expected 'IMAGE LABEL', got '"
                        + line + "'");
            }
            entries.add(new String[] {line.substring(0, cut).strip(), line.substring(cut + 1)});
            lineNumbers.add(i + 1);
        }
        if (entries.isEmpty()) {
            throw new IOException(list + " lists no images (expected lines 'IMAGE LABEL')");
        }
        List<DatasetClass> classes;
        if (classMap != null) {
            classes = readClassMap(classMap);
        } else {
            TreeSet<String> labels = new TreeSet<>();
            entries.forEach(e -> labels.add(e[1]));
            classes = labels.stream().map(l -> new DatasetClass(l, l)).toList();
        }
        Map<String, Integer> index = index(classes);
        Map<String, Integer> seen = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String file = entries.get(i)[0].replace('\\', '/');
            Integer earlier = seen.putIfAbsent(file, lineNumbers.get(i));
            if (earlier != null) {
                throw new IOException(list + " lists " + file + " twice (lines " + earlier + " and " + lineNumbers.get(i)
                        + "); an image has one label");
            }
            Integer classIndex = index.get(entries.get(i)[1]);
            if (classIndex == null) {
                unknown.add("line " + lineNumbers.get(i) + " '" + entries.get(i)[1] + "'");
                continue;
            }
            items.add(new Item(items.size() + 1, file, classIndex));
        }
        if (!unknown.isEmpty()) {
            throw new IOException(unknown.size() + " line(s) of " + list + " have labels that are not in the class map "
                    + classMap + ": " + examples(unknown));
        }
        return new Dataset(root, classes, items);
    }

    /** Reads a class map file of {@code KEY NAME} lines. */
    static List<DatasetClass> readClassMap(Path file) throws IOException {
        Map<String, DatasetClass> classes = new LinkedHashMap<>();
        List<String> lines = readLines(file, "class map");
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+", 2);
            String name = parts.length == 2 ? parts[1].split(",", 2)[0].strip() : parts[0];
            if (classes.putIfAbsent(parts[0], new DatasetClass(parts[0], name.isEmpty() ? parts[0] : name)) != null) {
                throw new IOException("Class map " + file + " lists the key '" + parts[0] + "' twice (line " + (i + 1) + ")");
            }
        }
        if (classes.isEmpty()) {
            throw new IOException("Class map " + file + " holds no classes (expected lines 'KEY NAME')");
        }
        return List.copyOf(classes.values());
    }

    private static List<String> readLines(Path file, String what) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException("The " + what + " file " + file + " is a folder, not a file");
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IOException("No " + what + " file " + file, e);
        } catch (MalformedInputException e) {
            throw new IOException("The " + what + " file " + file + " is not UTF-8 text", e);
        }
    }

    private static Map<String, Integer> index(List<DatasetClass> classes) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            index.put(classes.get(i).key(), i);
        }
        return index;
    }

    private static int lastWhitespace(String line) {
        for (int i = line.length() - 1; i >= 0; i--) {
            if (Character.isWhitespace(line.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static String examples(List<String> items) {
        return String.join(", ", items.subList(0, Math.min(5, items.size()))) + (items.size() > 5 ? ", ..." : "");
    }

    private static boolean hidden(Path path) {
        return name(path).startsWith(".");
    }

    private static String name(Path path) {
        return path.getFileName().toString();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Dataset[%s, %d classes, %d images]", root, classes.size(), items.size());
    }
}
