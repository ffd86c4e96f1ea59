package org.alphaclip.api.image;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Reads images and masks from files with the same decoding the model was checked against, capping
 * the decoded pixel count against decompression bombs.
 */
@ProviderType
public interface ImageReader {

    /** Reads an image as RGB (grey and palette images expanded), keeping its alpha channel if any. */
    RgbImage readImage(Path file) throws InvalidImageException;

    /** Reads a mask: a grey image, or the first channel of a colour image. */
    GrayImage readMask(Path file) throws InvalidImageException;

    /** The largest number of decoded pixels accepted. */
    long maxPixels();
}
