package org.alphaclip.it;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

import javax.imageio.ImageIO;

/**
 * The application folder of a task bundle's launcher test: the built application copied in, the encoder package and
 * the task's test packages (from the folder a plugin's build exported them to) in {@code models/}, and a small scene
 * ({@link #SCENE}: a red disc at 10,10–40,40 and a blue square at 45,20–70,45 on black, 80 x 60).
 */
final class TaskHome {

    /** The scene's file name in the folder. */
    static final String SCENE = "scene.png";

    private TaskHome() {
    }

    /**
     * Prepares the folder.
     *
     * @param exportedProperty the system property naming the plugin's exported test packages
     * @param exportedDefault that folder when the property is unset (relative to the distribution module)
     * @param packages the packages to copy beside {@code encoder}
     * @return the scene's path
     */
    static Path prepare(Path home, String exportedProperty, String exportedDefault, String... packages) throws Exception {
        AppProcess.copyApp(home);
        Path exported = Path.of(System.getProperty(exportedProperty, exportedDefault)).toAbsolutePath();
        TestModels.copyPackage(exported.resolve("encoder"), home.resolve("models/encoder"));
        for (String name : packages) {
            TestModels.copyPackage(exported.resolve(name), home.resolve("models").resolve(name));
        }
        BufferedImage picture = new BufferedImage(80, 60, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = picture.createGraphics();
        g.setColor(Color.RED);
        g.fillOval(10, 10, 30, 30);
        g.setColor(Color.BLUE);
        g.fillRect(45, 20, 25, 25);
        g.dispose();
        Path image = home.resolve(SCENE);
        ImageIO.write(picture, "png", image.toFile());
        return image;
    }
}
