package org.alphaclip.core.internal.image;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.util.Arrays;

import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;

import org.w3c.dom.Node;

/**
 * The first frame of a GIF as Pillow 9.4 shows it: on the logical screen (grown to hold the frame), the area
 * outside the frame filled with the frame's transparent index if it has one and index 0 otherwise, every index
 * through the frame's palette (local, else global; without any, the index is a grey level), and alpha 0 where the
 * index is the transparent one. The JDK's GIF reader decodes the frame's indices; this class places them.
 */
final class GifFirstFrame {

    private final int canvasWidth;
    private final int canvasHeight;
    private final int left;
    private final int top;
    private final int transparentIndex;
    private final boolean hasPalette;

    /** Reads the screen and first frame descriptors (no pixels yet). */
    GifFirstFrame(ImageReader reader) throws IOException {
        Node stream = tree(reader.getStreamMetadata(), "javax_imageio_gif_stream_1.0");
        Node image = tree(reader.getImageMetadata(0), "javax_imageio_gif_image_1.0");
        Node screen = child(stream, "LogicalScreenDescriptor");
        Node descriptor = child(image, "ImageDescriptor");
        if (descriptor == null) {
            throw new IOException("the GIF has no image descriptor");
        }
        left = intAttribute(descriptor, "imageLeftPosition");
        top = intAttribute(descriptor, "imageTopPosition");
        int frameWidth = intAttribute(descriptor, "imageWidth");
        int frameHeight = intAttribute(descriptor, "imageHeight");
        int screenWidth = screen == null ? 0 : intAttribute(screen, "logicalScreenWidth");
        int screenHeight = screen == null ? 0 : intAttribute(screen, "logicalScreenHeight");
        canvasWidth = Math.max(screenWidth, left + frameWidth);
        canvasHeight = Math.max(screenHeight, top + frameHeight);
        Node control = child(image, "GraphicControlExtension");
        boolean transparent = control != null && "TRUE".equals(attribute(control, "transparentColorFlag"));
        transparentIndex = transparent ? intAttribute(control, "transparentColorIndex") : -1;
        hasPalette = child(image, "LocalColorTable") != null || child(stream, "GlobalColorTable") != null;
    }

    int canvasWidth() {
        return canvasWidth;
    }

    int canvasHeight() {
        return canvasHeight;
    }

    /** Places the decoded first frame (the reader's {@code read(0)}) on the canvas. */
    DecodedImage compose(BufferedImage frame) {
        int fill = transparentIndex >= 0 ? transparentIndex : 0;
        int[] indices = new int[canvasWidth * canvasHeight];
        Arrays.fill(indices, fill);
        int[] row = new int[frame.getWidth()];
        for (int y = 0; y < frame.getHeight(); y++) {
            frame.getRaster().getSamples(0, y, frame.getWidth(), 1, 0, row);
            System.arraycopy(row, 0, indices, (top + y) * canvasWidth + left, row.length);
        }
        IndexColorModel palette = frame.getColorModel() instanceof IndexColorModel m ? m : null;
        byte[] rgb = new byte[indices.length * 3];
        byte[] alpha = transparentIndex >= 0 ? new byte[indices.length] : null;
        for (int i = 0; i < indices.length; i++) {
            int index = indices[i];
            boolean lookup = hasPalette && palette != null && index < palette.getMapSize();
            rgb[i * 3] = (byte) (lookup ? palette.getRed(index) : index);
            rgb[i * 3 + 1] = (byte) (lookup ? palette.getGreen(index) : index);
            rgb[i * 3 + 2] = (byte) (lookup ? palette.getBlue(index) : index);
            if (alpha != null) {
                alpha[i] = (byte) (index == transparentIndex ? 0 : 255);
            }
        }
        return new DecodedImage(canvasWidth, canvasHeight, rgb, alpha, null);
    }

    private static Node tree(IIOMetadata metadata, String format) {
        return metadata == null ? null : metadata.getAsTree(format);
    }

    private static Node child(Node parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (name.equals(node.getNodeName())) {
                return node;
            }
        }
        return null;
    }

    private static String attribute(Node node, String name) {
        Node attribute = node.getAttributes().getNamedItem(name);
        return attribute == null ? null : attribute.getNodeValue();
    }

    private static int intAttribute(Node node, String name) throws IOException {
        String value = attribute(node, name);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IOException("the GIF descriptor has no valid " + name);
        }
    }
}
