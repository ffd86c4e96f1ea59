package org.alphaclip.core.internal.image.webp;

/**
 * Decodes a VP8L (lossless WebP) bitstream into ARGB pixels, following the WebP lossless bitstream
 * specification: transforms (predictor, colour, subtract green, colour indexing with pixel bundling), prefix code
 * groups chosen by an entropy image, LZ77 backward references with the 2-D distance map, and the colour cache.
 * Lossless decoding is exact by definition, so these are libwebp's (and Pillow's) pixels.
 */
final class LosslessDecoder {

    private static final int PREDICTOR = 0;
    private static final int COLOR = 1;
    private static final int SUBTRACT_GREEN = 2;
    private static final int COLOR_INDEXING = 3;
    private static final int LITERALS = 256;
    private static final int LENGTH_CODES = 24;
    private static final int DISTANCE_CODES = 40;
    private static final int[] CODE_LENGTH_ORDER = {17, 18, 0, 1, 2, 3, 4, 5, 16, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    /** The (dx, dy) neighbour of each of the 120 short distance codes, as pairs. */
    private static final int[] DISTANCE_MAP = {
        0, 1, 1, 0, 1, 1, -1, 1, 0, 2, 2, 0, 1, 2, -1, 2, 2, 1, -2, 1, 2, 2, -2, 2, 0, 3, 3, 0, 1, 3, -1, 3,
        3, 1, -3, 1, 2, 3, -2, 3, 3, 2, -3, 2, 0, 4, 4, 0, 1, 4, -1, 4, 4, 1, -4, 1, 3, 3, -3, 3, 2, 4, -2, 4,
        4, 2, -4, 2, 0, 5, 3, 4, -3, 4, 4, 3, -4, 3, 5, 0, 1, 5, -1, 5, 5, 1, -5, 1, 2, 5, -2, 5, 5, 2, -5, 2,
        4, 4, -4, 4, 3, 5, -3, 5, 5, 3, -5, 3, 0, 6, 6, 0, 1, 6, -1, 6, 6, 1, -6, 1, 2, 6, -2, 6, 6, 2, -6, 2,
        4, 5, -4, 5, 5, 4, -5, 4, 3, 6, -3, 6, 6, 3, -6, 3, 0, 7, 7, 0, 1, 7, -1, 7, 5, 5, -5, 5, 7, 1, -7, 1,
        4, 6, -4, 6, 6, 4, -6, 4, 2, 7, -2, 7, 7, 2, -7, 2, 3, 7, -3, 7, 7, 3, -7, 3, 5, 6, -5, 6, 6, 5, -6, 5,
        8, 0, 4, 7, -4, 7, 7, 4, -7, 4, 8, 1, 8, 2, 6, 6, -6, 6, 8, 3, 5, 7, -5, 7, 7, 5, -7, 5, 8, 4, 6, 7,
        -6, 7, 7, 6, -7, 6, 8, 5, 7, 7, -7, 7, 8, 6, 8, 7};

    private final BitReader reader;

    private LosslessDecoder(BitReader reader) {
        this.reader = reader;
    }

    /** The image size in a VP8L header: {width, height, alpha-is-used (0/1)}. */
    static int[] header(byte[] data, int start, int end) throws WebPFormatException {
        if (end - start < 5 || (data[start] & 0xFF) != 0x2F) {
            throw WebPFormatException.damaged("the lossless bitstream does not start with its signature");
        }
        BitReader reader = new BitReader(data, start + 1, end);
        int width = reader.bits(14) + 1;
        int height = reader.bits(14) + 1;
        int alpha = reader.bits(1);
        if (reader.bits(3) != 0) {
            throw WebPFormatException.damaged("the lossless bitstream has an unknown version");
        }
        return new int[] {width, height, alpha};
    }

    /** Decodes the bitstream in {@code data[start, end)} into ARGB pixels, row by row. */
    static int[] decode(byte[] data, int start, int end) throws WebPFormatException {
        int[] size = header(data, start, end);
        BitReader reader = new BitReader(data, start + 5, end);
        return new LosslessDecoder(reader).image(size[0], size[1]);
    }

    private int[] image(int width, int height) throws WebPFormatException {
        int codedWidth = width;
        int[][] transforms = new int[4][];
        int[] order = new int[4];
        int count = 0;
        while (reader.bit()) {
            int type = reader.bits(2);
            if (transforms[type] != null) {
                throw WebPFormatException.damaged("a lossless transform appears twice");
            }
            int[] transform;
            if (type == PREDICTOR || type == COLOR) {
                int bits = reader.bits(3) + 2;
                int blocksWide = divideRoundingUp(codedWidth, 1 << bits);
                int[] blocks = entropyCodedImage(blocksWide, divideRoundingUp(height, 1 << bits), false);
                transform = concat(new int[] {bits, blocksWide, codedWidth}, blocks);
            } else if (type == SUBTRACT_GREEN) {
                transform = new int[0];
            } else {
                int tableSize = reader.bits(8) + 1;
                int widthBits = tableSize <= 2 ? 3 : tableSize <= 4 ? 2 : tableSize <= 16 ? 1 : 0;
                int[] table = entropyCodedImage(tableSize, 1, false);
                for (int i = 1; i < tableSize; i++) {
                    table[i] = addPixels(table[i], table[i - 1]);
                }
                transform = concat(new int[] {widthBits, codedWidth}, table);
                codedWidth = divideRoundingUp(codedWidth, 1 << widthBits);
            }
            transforms[type] = transform;
            order[count++] = type;
        }
        int[] pixels = entropyCodedImage(codedWidth, height, true);
        for (int i = count - 1; i >= 0; i--) {
            int type = order[i];
            int[] transform = transforms[type];
            switch (type) {
                case PREDICTOR -> pixels = unpredict(pixels, height, transform);
                case COLOR -> pixels = uncorrelateColors(pixels, height, transform);
                case SUBTRACT_GREEN -> addGreen(pixels);
                default -> pixels = unindex(pixels, height, transform);
            }
        }
        return pixels;
    }

    // ----- entropy-coded image data -----

    private int[] entropyCodedImage(int width, int height, boolean main) throws WebPFormatException {
        int cacheBits = 0;
        if (reader.bit()) {
            cacheBits = reader.bits(4);
            if (cacheBits < 1 || cacheBits > 11) {
                throw WebPFormatException.damaged("the colour cache has " + cacheBits + " bits (1..11)");
            }
        }
        int groupBits = 0;
        int groupsWide = 1;
        int[] groupImage = null;
        int groupCount = 1;
        if (main && reader.bit()) {
            groupBits = reader.bits(3) + 2;
            groupsWide = divideRoundingUp(width, 1 << groupBits);
            groupImage = entropyCodedImage(groupsWide, divideRoundingUp(height, 1 << groupBits), false);
            for (int i = 0; i < groupImage.length; i++) {
                groupImage[i] = (groupImage[i] >> 8) & 0xFFFF;
                groupCount = Math.max(groupCount, groupImage[i] + 1);
            }
        }
        int cacheSize = cacheBits == 0 ? 0 : 1 << cacheBits;
        PrefixCode[][] groups = new PrefixCode[groupCount][];
        for (int g = 0; g < groupCount; g++) {
            groups[g] = new PrefixCode[] {prefixCode(LITERALS + LENGTH_CODES + cacheSize), prefixCode(LITERALS),
                prefixCode(LITERALS), prefixCode(LITERALS), prefixCode(DISTANCE_CODES)};
        }
        int[] cache = cacheSize == 0 ? null : new int[cacheSize];
        int total = Math.multiplyExact(width, height);
        int[] pixels = new int[total];
        int position = 0;
        int cached = 0;
        while (position < total) {
            int x = position % width;
            int y = position / width;
            PrefixCode[] group = groupImage == null ? groups[0]
                    : groups[groupImage[(y >> groupBits) * groupsWide + (x >> groupBits)]];
            int symbol = group[0].read(reader);
            if (symbol < LITERALS) {
                int red = group[1].read(reader);
                int blue = group[2].read(reader);
                int alpha = group[3].read(reader);
                pixels[position++] = alpha << 24 | red << 16 | symbol << 8 | blue;
            } else if (symbol < LITERALS + LENGTH_CODES) {
                int length = lz77Value(symbol - LITERALS);
                int distanceCode = lz77Value(group[4].read(reader));
                int distance = distance(distanceCode, width);
                if (distance > position || length > total - position) {
                    throw WebPFormatException.damaged("a backward reference points outside the image");
                }
                for (int i = 0; i < length; i++, position++) {
                    pixels[position] = pixels[position - distance];
                }
            } else {
                if (cache == null) {
                    throw WebPFormatException.damaged("a colour cache code without a colour cache");
                }
                while (cached < position) {
                    insert(cache, cacheBits, pixels[cached++]);
                }
                pixels[position++] = cache[symbol - LITERALS - LENGTH_CODES];
            }
            if (cache != null) {
                while (cached < position) {
                    insert(cache, cacheBits, pixels[cached++]);
                }
            }
        }
        return pixels;
    }

    private static void insert(int[] cache, int bits, int argb) {
        cache[(0x1e35a7bd * argb) >>> (32 - bits)] = argb;
    }

    private int lz77Value(int prefix) throws WebPFormatException {
        if (prefix < 4) {
            return prefix + 1;
        }
        int extraBits = (prefix - 2) >> 1;
        int offset = (2 + (prefix & 1)) << extraBits;
        return offset + reader.bits(extraBits) + 1;
    }

    private static int distance(int code, int width) {
        if (code > 120) {
            return code - 120;
        }
        int dx = DISTANCE_MAP[(code - 1) * 2];
        int dy = DISTANCE_MAP[(code - 1) * 2 + 1];
        return Math.max(1, dx + dy * width);
    }

    /** Reads one prefix code over {@code alphabet} symbols: a simple code of one or two symbols, or code lengths. */
    private PrefixCode prefixCode(int alphabet) throws WebPFormatException {
        int[] lengths = new int[alphabet];
        if (reader.bit()) {
            int symbols = reader.bits(1) + 1;
            int first = reader.bits(reader.bit() ? 8 : 1);
            checkSymbol(first, alphabet);
            lengths[first] = 1;
            if (symbols == 2) {
                int second = reader.bits(8);
                checkSymbol(second, alphabet);
                lengths[second] = 1;
            }
            return new PrefixCode(lengths);
        }
        int[] codeLengthLengths = new int[CODE_LENGTH_ORDER.length];
        int count = reader.bits(4) + 4;
        if (count > CODE_LENGTH_ORDER.length) {
            throw WebPFormatException.damaged("a prefix code has " + count + " code length codes");
        }
        for (int i = 0; i < count; i++) {
            codeLengthLengths[CODE_LENGTH_ORDER[i]] = reader.bits(3);
        }
        PrefixCode lengthCode = new PrefixCode(codeLengthLengths);
        int maxSymbol = alphabet;
        if (reader.bit()) {
            int lengthBits = 2 + 2 * reader.bits(3);
            maxSymbol = 2 + reader.bits(lengthBits);
            if (maxSymbol > alphabet) {
                throw WebPFormatException.damaged("a prefix code reads more lengths than its alphabet has");
            }
        }
        int symbol = 0;
        int previous = 8;
        while (symbol < alphabet && maxSymbol-- > 0) {
            int code = lengthCode.read(reader);
            if (code < 16) {
                lengths[symbol++] = code;
                if (code != 0) {
                    previous = code;
                }
                continue;
            }
            int repeat = code == 16 ? 3 + reader.bits(2) : code == 17 ? 3 + reader.bits(3) : 11 + reader.bits(7);
            if (symbol + repeat > alphabet) {
                throw WebPFormatException.damaged("a prefix code repeats past its alphabet");
            }
            int value = code == 16 ? previous : 0;
            for (int i = 0; i < repeat; i++) {
                lengths[symbol++] = value;
            }
        }
        return new PrefixCode(lengths);
    }

    private static void checkSymbol(int symbol, int alphabet) throws WebPFormatException {
        if (symbol >= alphabet) {
            throw WebPFormatException.damaged("a simple prefix code names symbol " + symbol);
        }
    }

    // ----- inverse transforms -----

    /** transform: {size bits, blocks per row, width, modes...}. */
    private static int[] unpredict(int[] residuals, int height, int[] transform) {
        int bits = transform[0];
        int blocksWide = transform[1];
        int width = transform[2];
        int[] out = new int[residuals.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                int predicted;
                if (y == 0) {
                    predicted = x == 0 ? 0xFF000000 : out[i - 1];
                } else if (x == 0) {
                    predicted = out[i - width];
                } else {
                    int mode = (transform[3 + (y >> bits) * blocksWide + (x >> bits)] >> 8) & 0xF;
                    int left = out[i - 1];
                    int top = out[i - width];
                    int topLeft = out[i - width - 1];
                    int topRight = x == width - 1 ? out[i - x] : out[i - width + 1];
                    predicted = predict(mode, left, top, topLeft, topRight);
                }
                out[i] = addPixels(residuals[i], predicted);
            }
        }
        return out;
    }

    private static int predict(int mode, int left, int top, int topLeft, int topRight) {
        return switch (mode) {
            case 1 -> left;
            case 2 -> top;
            case 3 -> topRight;
            case 4 -> topLeft;
            case 5 -> average(average(left, topRight), top);
            case 6 -> average(left, topLeft);
            case 7 -> average(left, top);
            case 8 -> average(topLeft, top);
            case 9 -> average(top, topRight);
            case 10 -> average(average(left, topLeft), average(top, topRight));
            case 11 -> select(left, top, topLeft);
            case 12 -> clampAddSubtractFull(left, top, topLeft);
            case 13 -> clampAddSubtractHalf(average(left, top), topLeft);
            default -> 0xFF000000;
        };
    }

    private static int average(int a, int b) {
        int out = 0;
        for (int shift = 0; shift < 32; shift += 8) {
            out |= ((((a >>> shift) & 0xFF) + ((b >>> shift) & 0xFF)) / 2) << shift;
        }
        return out;
    }

    private static int select(int left, int top, int topLeft) {
        int distanceToLeft = 0;
        int distanceToTop = 0;
        for (int shift = 0; shift < 32; shift += 8) {
            int l = (left >>> shift) & 0xFF;
            int t = (top >>> shift) & 0xFF;
            int tl = (topLeft >>> shift) & 0xFF;
            int estimate = l + t - tl;
            distanceToLeft += Math.abs(estimate - l);
            distanceToTop += Math.abs(estimate - t);
        }
        return distanceToLeft < distanceToTop ? left : top;
    }

    private static int clampAddSubtractFull(int a, int b, int c) {
        int out = 0;
        for (int shift = 0; shift < 32; shift += 8) {
            int value = ((a >>> shift) & 0xFF) + ((b >>> shift) & 0xFF) - ((c >>> shift) & 0xFF);
            out |= clamp(value) << shift;
        }
        return out;
    }

    private static int clampAddSubtractHalf(int a, int b) {
        int out = 0;
        for (int shift = 0; shift < 32; shift += 8) {
            int ca = (a >>> shift) & 0xFF;
            int cb = (b >>> shift) & 0xFF;
            out |= clamp(ca + (ca - cb) / 2) << shift;
        }
        return out;
    }

    private static int clamp(int value) {
        return Math.max(0, Math.min(255, value));
    }

    /** transform: {size bits, blocks per row, width, elements...}. */
    private static int[] uncorrelateColors(int[] pixels, int height, int[] transform) {
        int bits = transform[0];
        int blocksWide = transform[1];
        int width = transform[2];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int element = transform[3 + (y >> bits) * blocksWide + (x >> bits)];
                byte greenToRed = (byte) element;
                byte greenToBlue = (byte) (element >> 8);
                byte redToBlue = (byte) (element >> 16);
                int i = y * width + x;
                int argb = pixels[i];
                byte green = (byte) (argb >> 8);
                int red = (argb >> 16) + delta(greenToRed, green);
                int blue = argb + delta(greenToBlue, green) + delta(redToBlue, (byte) red);
                pixels[i] = (argb & 0xFF00FF00) | (red & 0xFF) << 16 | (blue & 0xFF);
            }
        }
        return pixels;
    }

    private static int delta(byte transform, byte color) {
        return (transform * color) >> 5;
    }

    private static void addGreen(int[] pixels) {
        for (int i = 0; i < pixels.length; i++) {
            int argb = pixels[i];
            int green = (argb >> 8) & 0xFF;
            int red = ((argb >> 16) + green) & 0xFF;
            int blue = (argb + green) & 0xFF;
            pixels[i] = (argb & 0xFF00FF00) | red << 16 | blue;
        }
    }

    /** transform: {width bits, width, colour table...}; pixels are packed indices {@code width >> bits} wide. */
    private static int[] unindex(int[] packed, int height, int[] transform) {
        int widthBits = transform[0];
        int width = transform[1];
        int tableSize = transform.length - 2;
        int packedWidth = divideRoundingUp(width, 1 << widthBits);
        int bitsPerIndex = 8 >> widthBits;
        int mask = (1 << bitsPerIndex) - 1;
        int[] out = new int[Math.multiplyExact(width, height)];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int green = (packed[y * packedWidth + (x >> widthBits)] >> 8) & 0xFF;
                int index = (green >> (bitsPerIndex * (x & ((1 << widthBits) - 1)))) & mask;
                out[y * width + x] = index < tableSize ? transform[2 + index] : 0;
            }
        }
        return out;
    }

    private static int addPixels(int a, int b) {
        int alphaGreen = (a & 0xFF00FF00) + (b & 0xFF00FF00);
        int redBlue = (a & 0x00FF00FF) + (b & 0x00FF00FF);
        return (alphaGreen & 0xFF00FF00) | (redBlue & 0x00FF00FF);
    }

    private static int divideRoundingUp(int value, int divisor) {
        return (value + divisor - 1) / divisor;
    }

    private static int[] concat(int[] head, int[] tail) {
        int[] all = new int[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
