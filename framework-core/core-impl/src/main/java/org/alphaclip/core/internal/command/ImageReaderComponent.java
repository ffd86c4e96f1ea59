package org.alphaclip.core.internal.command;

import java.nio.file.Path;

import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.image.ImageReader;
import org.alphaclip.api.image.InvalidImageException;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.core.internal.image.ImageFileReader;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Publishes the image and mask reader with its decoded-pixel cap and its EXIF orientation choice from
 * {@code etc/org.alphaclip.images.cfg}.
 */
@Component(service = ImageReader.class, configurationPid = ImageReaderComponent.PID)
@Designate(ocd = ImageReaderComponent.Config.class)
public final class ImageReaderComponent implements ImageReader {

    /** Configuration PID. */
    public static final String PID = "org.alphaclip.images";

    /** The decoded-pixel cap against decompression bombs, and whether EXIF orientation turns images. */
    @ObjectClassDefinition(name = "Alpha-CLIP image reading")
    public @interface Config {
        /** The largest decoded image accepted, in pixels (default 100 megapixels). */
        @AttributeDefinition(description = "Largest number of decoded pixels accepted")
        long maxPixels() default 100_000_000L;

        /** Whether images are turned as their EXIF orientation says (default false, as the official code). */
        @AttributeDefinition(description = "Turn images as their EXIF orientation says (the official"
                + " preprocessing does not)")
        boolean applyExifOrientation() default false;
    }

    private final ImageFileReader reader;

    /** Creates the reader with the configured cap. */
    @Activate
    public ImageReaderComponent(Config config) {
        this.reader = new ImageFileReader(config.maxPixels(), config.applyExifOrientation());
    }

    @Override
    public RgbImage readImage(Path file) throws InvalidImageException {
        return reader.readImage(file);
    }

    @Override
    public GrayImage readMask(Path file) throws InvalidImageException {
        return reader.readMask(file);
    }

    @Override
    public long maxPixels() {
        return reader.maxPixels();
    }
}
