package org.alphaclip.core.internal.task;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Where {@code alphaclip:install} takes a bundle from: a jar path (relative to the working folder), a
 * {@code file:} URL, Pax-URL-style Maven coordinates {@code mvn:group/artifact/version[/type[/classifier]]} (the
 * Karaf convention) or {@code group:artifact:version} (also {@code mvn:group:artifact:version}), both read from the
 * local Maven repository.
 */
final class BundleSource {

    private static final String MVN = "mvn:";

    private BundleSource() {
    }

    /**
     * The jar a source names.
     *
     * @param localRepository the local Maven repository coordinates are read from
     * @throws IllegalArgumentException with one sentence when the source is malformed or names no jar file
     */
    static Path locate(String source, Path localRepository) {
        String text = source.strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("Give a jar path, a file: URL or Maven coordinates (mvn:group/artifact/version)");
        }
        if (text.startsWith(MVN)) {
            String coordinates = text.substring(MVN.length());
            return fromRepository(coordinates.contains("/") ? split(coordinates, "/", text) : split(coordinates, ":", text),
                    localRepository);
        }
        if (text.regionMatches(true, 0, "file:", 0, 5)) {
            return existingJar(fileUrl(text), text);
        }
        if (text.matches("[A-Za-z][A-Za-z0-9+.-]+:.*") && !text.matches("[A-Za-z]:[\\\\/].*") && !looksLikeCoordinates(text)) {
            throw new IllegalArgumentException("alphaclip:install takes a jar path, a file: URL or Maven coordinates, not '"
                    + text + "'; download the jar first and give its path");
        }
        if (looksLikeCoordinates(text)) {
            return fromRepository(split(text, ":", text), localRepository);
        }
        try {
            return existingJar(Path.of(text), text);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid path: " + e.getReason());
        }
    }

    /**
     * The local Maven repository: {@code configured} when given (the {@code maven.repo.local} property), else
     * {@code <localRepository>} of {@code ~/.m2/settings.xml}, else {@code ~/.m2/repository}.
     */
    static Path localRepository(String configured, Path userHome) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured.strip()).toAbsolutePath();
        }
        Path settings = userHome.resolve(".m2").resolve("settings.xml");
        return settingsRepository(settings, userHome).orElse(userHome.resolve(".m2").resolve("repository"));
    }

    private static Optional<Path> settingsRepository(Path settings, Path userHome) {
        if (!Files.isRegularFile(settings)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(settings)) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new DefaultHandler()); // throws on malformed XML instead of printing to stderr
            NodeList nodes = builder.parse(in).getElementsByTagName("localRepository");
            if (nodes.getLength() == 0 || nodes.item(0).getTextContent().isBlank()) {
                return Optional.empty();
            }
            String path = nodes.item(0).getTextContent().strip().replace("${user.home}", userHome.toString());
            return Optional.of(Path.of(path).toAbsolutePath());
        } catch (IOException | SAXException | ParserConfigurationException | InvalidPathException e) {
            throw new IllegalArgumentException(settings + " cannot be read for its <localRepository>: " + e.getMessage());
        }
    }

    private static boolean looksLikeCoordinates(String text) {
        String[] parts = text.split(":", -1);
        return (parts.length == 3 || parts.length == 5) && !text.contains("/") && !text.contains("\\")
                && !text.endsWith(".jar") && Arrays.stream(parts).noneMatch(String::isBlank);
    }

    /** group, artifact, version, then optionally type and classifier. */
    private static List<String> split(String coordinates, String separator, String source) {
        List<String> parts = Arrays.asList(coordinates.split(java.util.regex.Pattern.quote(separator), -1));
        if (coordinates.contains("!") || coordinates.contains("@")) {
            throw new IllegalArgumentException("Repository URLs and options in '" + source
                    + "' are not supported: alphaclip:install reads the local Maven repository, as mvn:group/artifact/version");
        }
        if (parts.size() < 3 || parts.size() > 5 || parts.stream().limit(3).anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("Maven coordinates are mvn:group/artifact/version (or group:artifact:version), got '"
                    + source + "'");
        }
        return parts;
    }

    private static Path fromRepository(List<String> gav, Path localRepository) {
        String group = gav.get(0);
        String artifact = gav.get(1);
        String version = gav.get(2);
        if (version.equalsIgnoreCase("LATEST") || version.equalsIgnoreCase("RELEASE") || version.startsWith("[")
                || version.startsWith("(")) {
            throw new IllegalArgumentException("Give an exact version in mvn:" + group + "/" + artifact + "/" + version
                    + "; alphaclip:install does not resolve version ranges");
        }
        String type = gav.size() > 3 && !gav.get(3).isBlank() ? gav.get(3) : "jar";
        String classifier = gav.size() > 4 && !gav.get(4).isBlank() ? "-" + gav.get(4) : "";
        Path jar = localRepository.resolve(group.replace('.', '/')).resolve(artifact).resolve(version)
                .resolve(artifact + "-" + version + classifier + "." + type);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("Maven artifact " + group + ":" + artifact + ":" + version
                    + " is not in the local repository (" + jar + "); run 'mvn install' for it first");
        }
        return jar;
    }

    private static Path fileUrl(String url) {
        try {
            URI uri = new URI(url);
            if (uri.isOpaque()) {
                // file:relative/x.jar names a path relative to the working folder
                return Path.of(uri.getSchemeSpecificPart());
            }
            if (uri.getAuthority() != null && !uri.getAuthority().isEmpty() && !uri.getAuthority().equals("localhost")) {
                throw new IllegalArgumentException("'" + url + "' names another host (" + uri.getAuthority()
                        + "); a file: URL names a local file, e.g. file:/path/to/bundle.jar");
            }
            if (uri.getQuery() != null || uri.getFragment() != null) {
                throw new IllegalArgumentException("'" + url + "' has a query or fragment; a file: URL names a local file");
            }
            return Path.of(uri.getPath());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + url + "' is not a valid file: URL (" + e.getReason()
                    + "); write spaces as %20, or give the path itself");
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("'" + url + "' does not name a valid path: " + e.getReason());
        }
    }

    private static Path existingJar(Path path, String source) {
        Path jar = path.toAbsolutePath().normalize();
        if (Files.isDirectory(jar)) {
            throw new IllegalArgumentException(jar + " is a folder; give the bundle's jar file");
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("No such jar file: " + jar + (source.equals(jar.toString()) ? "" : " (from '" + source + "')"));
        }
        return jar;
    }
}
