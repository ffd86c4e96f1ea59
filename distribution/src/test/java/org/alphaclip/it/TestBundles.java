package org.alphaclip.it;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import aQute.bnd.osgi.Builder;
import aQute.bnd.osgi.Jar;

/** Builds small bundles at test time with bndlib from packages of the test classes. */
public final class TestBundles {

    private TestBundles() {
    }

    /**
     * Builds a bundle holding one package of the test classes.
     *
     * @param instructions bnd instructions (Bundle-SymbolicName, Bundle-Version, Bundle-Activator, ...)
     */
    public static Path build(Path outputFolder, String fileName, String privatePackage, Map<String, String> instructions)
            throws Exception {
        Files.createDirectories(outputFolder);
        Path target = outputFolder.resolve(fileName);
        try (Builder builder = new Builder()) {
            builder.addClasspath(new File(System.getProperty("alphaclip.test.classes", "target/test-classes")));
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                if (entry.endsWith(".jar")) {
                    builder.addClasspath(new File(entry));
                }
            }
            builder.setProperty("Private-Package", privatePackage);
            builder.setProperty("-dsannotations", "*");
            instructions.forEach(builder::setProperty);
            try (Jar jar = builder.build()) {
                if (!builder.isOk()) {
                    throw new IllegalStateException("bnd could not build " + fileName + ": " + builder.getErrors());
                }
                jar.write(target.toFile());
            }
        }
        return target;
    }
}
