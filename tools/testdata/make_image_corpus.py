#!/usr/bin/python3.11
"""Writes the image decoding corpus of core-impl's ImageCorpusTest: small pictures encoded by several independent
encoders, each with the RGB bytes Pillow's Image.open(f).convert("RGB") gives, the official pipeline's decoding.

Run with Debian's interpreter, whose Pillow (python3-pil 9.4 on libjpeg-turbo 2.1.5) is the reference:

    /usr/bin/python3.11 tools/testdata/make_image_corpus.py

The encoders are Debian packages, none of which the build needs (the corpus is committed):
libjpeg-turbo-progs (cjpeg, jpegtran), imagemagick (convert), webp (cwebp), libtiff-tools (tiffcp),
libgs-common (the Adobe RGB 1998, ROMM (ProPhoto) RGB and grey ICC profiles that are
embedded), python3-pil, python3-numpy, and a JDK
(ImageIO, through ImageIoCorpusWriter.java beside this script).

It rewrites framework-core/core-impl/src/test/resources/org/alphaclip/core/internal/image/corpus/ (the folder can
be given with --dir): every picture, its reference `<file>.rgb` (Pillow's RGB, row-major, width*height*3 bytes) and
corpus.json, which names each file's encoder, the command or call that wrote it, Pillow's mode and size, and, for
files Pillow refuses, Pillow's error. For 16-bit grey files (Pillow mode I) `<file>.mask` holds the high bytes, the
documented mask decoding; files with EXIF orientation also get `<file>.transposed.rgb`, Pillow's
ImageOps.exif_transpose, and files with an alpha channel or a transparent colour `<file>.alpha`, the alpha of
Pillow's convert("RGBA"). Run again, it writes the same pixels.
"""
import argparse
import hashlib
import json
import pathlib
import random
import shutil
import struct
import subprocess
import tempfile
import warnings

import numpy as np
import PIL
from PIL import Image, ImageOps

DEFAULT_DIR = (pathlib.Path(__file__).resolve().parents[2]
               / "framework-core/core-impl/src/test/resources/org/alphaclip/core/internal/image/corpus")
ICC = {"adobergb": pathlib.Path("/usr/share/color/icc/ghostscript/a98.icc"),
       "prophoto": pathlib.Path("/usr/share/color/icc/ghostscript/rommrgb.icc"),
       "gray": pathlib.Path("/usr/share/color/icc/ghostscript/sgray.icc")}
CONVERT = "/usr/bin/convert"  # ImageMagick itself, never a wrapper earlier on PATH


def photo(width, height, seed):
    """A photo-like picture: smooth gradients, saturated shapes with hard edges, thin lines and sensor noise."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    img = np.zeros((height, width, 3))
    img[..., 0] = 128 + 110 * np.sin(x / 5.3 + seed) * np.cos(y / 4.1)
    img[..., 1] = 255 * x / max(1, width - 1)
    img[..., 2] = 255 * (1 - y / max(1, height - 1))
    img[(x - width * 0.6) ** 2 + (y - height * 0.4) ** 2 < (min(width, height) * 0.22) ** 2] = [255, 16, 24]
    img[int(height * 0.1):int(height * 0.35), int(width * 0.08):int(width * 0.3)] = [8, 255, 40]
    img[int(height * 0.7):, int(width * 0.7):] = [250, 250, 0]
    img[:, int(width * 0.45)::9] = [0, 0, 255]
    img[int(height * 0.55), :] = 255
    img += rng.normal(0, 5, img.shape)
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)


def alpha_of(rgb, seed):
    """An alpha channel with fully transparent, opaque and partial regions."""
    height, width = rgb.shape[:2]
    y, x = np.mgrid[0:height, 0:width]
    alpha = (x * 255 // max(1, width - 1)).astype(np.uint8)
    alpha[: height // 4] = 0
    alpha[height // 4: height // 2, : width // 3] = 255
    alpha[(x + y + seed) % 7 == 0] = 128
    return alpha


class Corpus:
    def __init__(self, folder, work):
        self.folder = folder
        self.work = work
        self.entries = []

    def run(self, *command, stdout=None):
        subprocess.run([str(c) for c in command], check=True, stdout=stdout)

    def add(self, name, encoder, how):
        """Records a file written into the corpus folder by `encoder` as `how` and writes Pillow's reference."""
        path = self.folder / name
        entry = {"file": name, "encoder": encoder, "how": how, "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
        try:
            with Image.open(path) as im:
                entry["pillow_format"] = im.format
                entry["pillow_mode"] = im.mode
                entry["size"] = list(im.size)
                rgb = np.asarray(im.convert("RGB"))
                (self.folder / (name + ".rgb")).write_bytes(rgb.tobytes())
                if "A" in im.mode or "transparency" in im.info:
                    alpha = np.asarray(im.convert("RGBA"))[..., 3]
                    (self.folder / (name + ".alpha")).write_bytes(alpha.tobytes())
                    entry["alpha"] = name + ".alpha"
                if im.mode in ("I", "I;16", "I;16B"):
                    high = (np.asarray(im).astype(np.int64) >> 8).astype(np.uint8)
                    (self.folder / (name + ".mask")).write_bytes(high.tobytes())
                    entry["mask"] = name + ".mask"
                orientation = im.getexif().get(0x0112, 1)
                if orientation != 1:
                    entry["exif_orientation"] = orientation
                    turned = np.asarray(ImageOps.exif_transpose(im).convert("RGB"))
                    (self.folder / (name + ".transposed.rgb")).write_bytes(turned.tobytes())
                    entry["transposed_size"] = [turned.shape[1], turned.shape[0]]
            entry["reference"] = name + ".rgb"
        except Exception as error:  # Pillow refuses it: the Java reader must refuse it too
            entry["pillow_error"] = f"{type(error).__name__}: {error}"
        self.entries.append(entry)
        print(f"{name:44s} {entry.get('pillow_mode', entry.get('pillow_error'))}")

    def src(self, name):
        return self.work / name

    def out(self, name):
        return self.folder / name


def jpeg_segments(data):
    """Splits a JPEG's header into (marker, bytes of the whole segment) up to SOS; returns them and the rest."""
    segments, at = [], 2
    while True:
        marker = data[at + 1]
        if marker == 0xDA:
            return segments, data[at:]
        length = struct.unpack(">H", data[at + 2: at + 4])[0]
        segments.append((marker, data[at: at + 2 + length]))
        at += 2 + length


def without_segment(data, marker):
    segments, rest = jpeg_segments(data)
    return data[:2] + b"".join(s for m, s in segments if m != marker) + rest


def with_extraneous_bytes(data):
    """Three stray bytes before the SOS marker (libjpeg warns and skips them)."""
    segments, rest = jpeg_segments(data)
    return data[:2] + b"".join(s for _, s in segments) + b"\x12\x34\x56" + rest


def first_scans(data, count):
    """A progressive JPEG cut after its first `count` scans, with an EOI: an incomplete, well-terminated file."""
    at, scans = 2, 0
    while True:
        marker = data[at + 1]
        length = struct.unpack(">H", data[at + 2: at + 4])[0]
        if marker == 0xDA:
            scans += 1
            end = at + 2 + length
            while not (data[end] == 0xFF and data[end + 1] not in (0x00,) and not 0xD0 <= data[end + 1] <= 0xD7):
                end += 1
            if scans == count:
                return data[:end] + b"\xff\xd9"
            at = end
        else:
            at += 2 + length


def entropy_start(data):
    """The offset of the first scan's entropy-coded data."""
    at = data.index(b"\xff\xda")
    return at + 2 + struct.unpack(">H", data[at + 2: at + 4])[0]


def cut_in_scan(data, number, fraction):
    """A progressive file cut at `fraction` of the entropy-coded data of its scan `number`, with an EOI appended."""
    whole = first_scans(data, number)[:-2]
    previous = len(first_scans(data, number - 1)) - 2
    start = previous + entropy_start(whole[previous:])
    cut = start + int((len(whole) - start) * fraction)
    return whole[:cut].rstrip(b"\xff") + b"\xff\xd9"


def cut_with_eoi(data, fraction):
    """The file cut inside its entropy-coded data at `fraction` of it, with an EOI appended."""
    start = entropy_start(data)
    cut = start + int((len(data) - 2 - start) * fraction)
    while data[cut - 1] == 0xFF:
        cut -= 1
    return data[:cut] + b"\xff\xd9"


def with_flipped_bytes(data, seed, count):
    """A few entropy-coded bytes replaced (never by or next to FF): bit errors the decoder must ride out."""
    rng = random.Random(seed)
    changed = bytearray(data)
    start = entropy_start(data)
    done = 0
    while done < count:
        at = rng.randrange(start + 4, len(data) - 4)
        if 0xFF not in data[at - 1: at + 2]:
            changed[at] = rng.randrange(0, 255)
            done += 1
    return bytes(changed)


def with_restart_number(data, old, new):
    """The first restart marker RST<old> renumbered to RST<new> (libjpeg resynchronises)."""
    at = data.index(bytes([0xFF, 0xD0 + old]), entropy_start(data))
    return data[:at + 1] + bytes([0xD0 + new]) + data[at + 2:]


def with_bogus_trailer(data):
    """A single-scan file whose EOI is replaced by an APP segment claiming more bytes than the file has."""
    return data[:-2] + b"\xff\xe5\x7f\xff" + b"trailing"


def top_down_bmp(data):
    """A bottom-up 24-bit BMP rewritten top-down (negative height, rows reversed)."""
    offset, = struct.unpack("<I", data[10:14])
    width, height = struct.unpack("<ii", data[18:26])
    stride = (width * 3 + 3) // 4 * 4
    rows = [data[offset + i * stride: offset + (i + 1) * stride] for i in range(height)]
    return data[:22] + struct.pack("<i", -height) + data[26:offset] + b"".join(reversed(rows))


def sources(work):
    pictures = {"photo": photo(37, 29, 1), "large": photo(83, 59, 2), "tiny": photo(3, 5, 3), "dot": photo(1, 1, 4),
                "small": photo(13, 7, 5), "thin": photo(37, 2, 6)}
    for name, rgb in pictures.items():
        Image.fromarray(rgb).save(work / f"{name}.ppm")
        Image.fromarray(rgb).save(work / f"{name}.png")
    rgba = np.dstack([pictures["photo"], alpha_of(pictures["photo"], 1)])
    Image.fromarray(rgba, "RGBA").save(work / "photo-alpha.png")
    gray = Image.fromarray(pictures["photo"]).convert("L")
    gray.save(work / "gray.pgm")
    gray.save(work / "gray.png")
    # 16-bit RGB: the 8-bit photo scaled up with noise in the low byte, so high byte and rounding differ
    rng = np.random.default_rng(7)
    deep = pictures["photo"].astype(np.uint32) * 256 + rng.integers(0, 256, pictures["photo"].shape)
    with open(work / "photo-48.ppm", "wb") as f:
        height, width = deep.shape[:2]
        f.write(f"P6\n{width} {height}\n65535\n".encode() + deep.astype(">u2").tobytes())
    subprocess.run([CONVERT, work / "photo-48.ppm", "-define", "png:exclude-chunks=date,tIME", work / "photo-48.png"],
                   check=True)
    return pictures, rgba, gray


def cjpeg_files(c):
    label = "cjpeg (libjpeg-turbo-progs)"
    cases = {
        "444": ["-sample", "1x1"], "422": ["-sample", "2x1"], "420": ["-sample", "2x2"], "440": ["-sample", "1x2"],
        "411": ["-sample", "4x1"], "410": ["-sample", "4x2"], "311": ["-sample", "3x1"],
        "mixed-sampling": ["-sample", "2x2,2x1,1x2"],
        "progressive": ["-progressive"], "progressive-444": ["-progressive", "-sample", "1x1"],
        "restart-1row": ["-restart", "1"], "restart-3blocks": ["-restart", "3B"],
        "gray": ["-grayscale"], "gray-progressive": ["-grayscale", "-progressive"],
        "rgb": ["-rgb"], "rgb-progressive": ["-rgb", "-progressive"],
        "arithmetic": ["-arithmetic"], "arithmetic-progressive": ["-arithmetic", "-progressive"],
        "arithmetic-restart": ["-arithmetic", "-restart", "2B"],
        "q100-444": ["-quality", "100", "-sample", "1x1"], "q5": ["-quality", "5"],
        "optimize": ["-optimize"], "fast-dct": ["-dct", "fast"],
        "icc-adobergb": ["-icc", ICC["adobergb"]], "icc-prophoto": ["-icc", ICC["prophoto"]],
        "gray-icc": ["-grayscale", "-icc", ICC["gray"]],
    }
    for case, options in cases.items():
        name = f"cjpeg-{case}.jpg"
        c.run("cjpeg", "-quality", "90", *options, "-outfile", c.out(name), c.src("photo.ppm"))
        c.add(name, label, "cjpeg -quality 90 " + " ".join(str(o).split("/")[-1] for o in options) + " photo.ppm")
    for source, options in {"large": ["-sample", "2x2", "-restart", "2"], "tiny": ["-sample", "2x2"],
                            "dot": ["-sample", "2x2"], "thin": ["-sample", "2x2"], "small": ["-sample", "4x2"]}.items():
        name = f"cjpeg-{source}-{options[1]}.jpg"
        c.run("cjpeg", "-quality", "85", *options, "-outfile", c.out(name), c.src(f"{source}.ppm"))
        c.add(name, label, f"cjpeg -quality 85 {' '.join(options)} {source}.ppm")
    c.run("cjpeg", "-quality", "90", "-progressive", "-outfile", c.src("large-progressive.jpg"), c.src("large.ppm"))
    c.out("edited-progressive-first-3-scans.jpg").write_bytes(
        first_scans(c.src("large-progressive.jpg").read_bytes(), 3))
    c.add("edited-progressive-first-3-scans.jpg", label, "cjpeg -progressive large.ppm, cut after 3 of its scans + EOI")


def jpegtran_files(c):
    label = "jpegtran (libjpeg-turbo-progs)"
    c.run("cjpeg", "-quality", "92", "-sample", "2x1", "-outfile", c.src("base-422.jpg"), c.src("photo.ppm"))
    cases = {"progressive": ["-progressive"], "restart": ["-restart", "1"], "arithmetic": ["-arithmetic"],
             "optimize": ["-optimize"], "gray": ["-grayscale"], "rotate90": ["-rotate", "90"],
             "progressive-restart": ["-progressive", "-restart", "2B"]}
    for case, options in cases.items():
        name = f"jpegtran-{case}.jpg"
        c.run("jpegtran", "-copy", "all", *options, "-outfile", c.out(name), c.src("base-422.jpg"))
        c.add(name, label, f"jpegtran -copy all {' '.join(options)} (cjpeg -quality 92 -sample 2x1 photo.ppm)")
    base = c.out("pillow-icc-adobergb.jpg")
    name = "jpegtran-icc-progressive.jpg"
    c.run("jpegtran", "-copy", "all", "-progressive", "-outfile", c.out(name), base)
    c.add(name, label, "jpegtran -copy all -progressive pillow-icc-adobergb.jpg")


def magick_files(c):
    label = "ImageMagick convert"
    png = ["-define", "png:exclude-chunks=date,tIME"]
    stamp = ["+set", "date:create", "+set", "date:modify"]
    photo, alpha, gray, deep = c.src("photo.png"), c.src("photo-alpha.png"), c.src("gray.png"), c.src("photo-48.ppm")
    cases = [
        ("magick-420.jpg", [photo, "-quality", "85"]),
        ("magick-422.jpg", [photo, "-quality", "85", "-sampling-factor", "2x1"]),
        ("magick-444-progressive.jpg", [photo, "-quality", "95", "-sampling-factor", "1x1", "-interlace", "Plane"]),
        ("magick-gray.jpg", [photo, "-colorspace", "Gray", "-quality", "85"]),
        ("magick-cmyk.jpg", [photo, "-colorspace", "CMYK", "-quality", "90"]),
        ("magick-icc-adobergb.jpg", [photo, "-profile", ICC["adobergb"], "-quality", "90"]),
        ("magick-rgb16.png", [deep, *png]),
        ("magick-rgba16.png", [deep, alpha, "-compose", "CopyOpacity", "-composite", "-depth", "16", *png,
                               "PNG64:"]),
        ("magick-gray1.png", [gray, "-threshold", "50%", "-depth", "1", *png]),
        ("magick-gray2.png", [gray, "-depth", "2", *png]),
        ("magick-gray4.png", [gray, "-depth", "4", *png]),
        ("magick-gray-alpha.png", [gray, alpha, "-compose", "CopyOpacity", "-composite", "-type", "GrayscaleAlpha",
                                   *png]),
        ("magick-palette.png", [photo, *png, "PNG8:"]),
        ("magick-palette-transparent.png", [alpha, "-channel", "A", "-threshold", "50%", "+channel", *png, "PNG8:"]),
        ("magick-adam7.png", [photo, "-interlace", "PNG", *png]),
        ("magick-gama-iccp.png", [photo, "-gamma", "1.0", "-profile", ICC["prophoto"], *png]),
        ("magick.gif", [photo]),
        ("magick-transparent.gif", [alpha, "-channel", "A", "-threshold", "50%", "+channel"]),
        ("magick-bmp3.bmp", [photo, "BMP3:"]),
        ("magick-bmp2.bmp", [photo, "BMP2:"]),
        ("magick-bmp-alpha.bmp", [alpha, "BMP:"]),
        ("magick-bmp-rle8.bmp", [photo, "-colors", "200", "-compress", "RLE", "BMP3:"]),
        ("magick-bmp-rgb565.bmp", [photo, "-define", "bmp:subtype=RGB565", "BMP:"]),
        ("magick-bmp-1bit.bmp", [photo, "-monochrome", "BMP3:"]),
        ("magick-bmp-4bit.bmp", [photo, "-colors", "16", "-type", "Palette", "BMP3:"]),
        ("magick-lzw.tif", [photo, "-compress", "LZW", *stamp]),
        ("magick-zip.tif", [photo, "-compress", "Zip", *stamp]),
        ("magick-jpeg.tif", [photo, "-compress", "JPEG", "-quality", "90", *stamp]),
        ("magick-rgb16.tif", [deep, "-compress", "None", *stamp]),
        ("magick-cmyk.tif", [photo, "-colorspace", "CMYK", "-compress", "LZW", *stamp]),
        ("magick-palette.tif", [photo, "-colors", "64", "-type", "Palette", *stamp]),
        ("magick-planar.tif", [photo, "-interlace", "Plane", "-compress", "None", *stamp]),
        ("magick-alpha.tif", [alpha, "-compress", "Zip", *stamp]),
        ("magick.webp", [photo, "-quality", "80"]),
        ("magick-lossless.webp", [photo, "-define", "webp:lossless=true"]),
    ]
    for name, arguments in cases:
        *inputs, = arguments
        prefix = ""
        if isinstance(inputs[-1], str) and inputs[-1].endswith(":"):
            prefix = inputs.pop()
        c.run(CONVERT, *inputs, prefix + str(c.out(name)))
        shown = " ".join(pathlib.Path(str(a)).name if "/" in str(a) else str(a) for a in inputs)
        c.add(name, label, f"convert {shown} {prefix}{name}")
    name = "magick-animated.webp"
    c.run(CONVERT, "-delay", "10", photo, "(", photo, "-flip", ")", "-define", "webp:lossless=true", "-loop", "0",
          c.out(name))
    c.add(name, label, f"convert -delay 10 photo.png (photo.png -flip) -define webp:lossless=true {name}")
    # an animated GIF whose first frame is smaller than the canvas and placed inside it
    name = "magick-animated-offset.gif"
    c.run(CONVERT, "-dispose", "none", "-delay", "10", "(", photo, "-crop", "24x15+4+4", "+repage", "-set", "page",
          "37x29+7+5", ")", "(", photo, "-flip", "-set", "page", "37x29+0+0", ")", "-loop", "0", c.out(name))
    c.add(name, label, "convert -dispose none (photo.png -crop 24x15+4+4 at +7+5 on 37x29) (photo.png -flip) "
                       f"-loop 0 {name}")


def pillow_files(c, pictures, rgba, gray):
    label = f"Pillow {PIL.__version__}"
    rgb = Image.fromarray(pictures["photo"])
    rgba = Image.fromarray(rgba, "RGBA")
    adobe = ICC["adobergb"].read_bytes()
    cases = [
        ("pillow-444.jpg", rgb, dict(quality=90, subsampling=0)),
        ("pillow-422.jpg", rgb, dict(quality=90, subsampling=1)),
        ("pillow-420.jpg", rgb, dict(quality=90, subsampling=2)),
        ("pillow-progressive.jpg", rgb, dict(quality=80, progressive=True)),
        ("pillow-gray.jpg", gray, dict(quality=90)),
        ("pillow-cmyk.jpg", rgb.convert("CMYK"), dict(quality=90)),
        ("pillow-icc-adobergb.jpg", rgb, dict(quality=90, icc_profile=adobe)),
        ("pillow-rgb.png", rgb, {}),
        ("pillow-rgba.png", rgba, {}),
        ("pillow-gray.png", gray, {}),
        ("pillow-gray-alpha.png", Image.merge("LA", (gray, rgba.getchannel("A"))), {}),
        ("pillow-gray-trns.png", gray, dict(transparency=int(np.asarray(gray)[0, 0]))),
        ("pillow-rgb-trns.png", rgb, dict(transparency=tuple(int(v) for v in pictures["photo"][0, 0]))),
        ("pillow-bilevel.png", gray.convert("1"), {}),
        ("pillow-palette.png", rgb.quantize(256), {}),
        ("pillow-palette-4bit.png", rgb.quantize(16), dict(bits=4)),
        ("pillow-palette-2bit.png", rgb.quantize(4), dict(bits=2)),
        ("pillow-palette-trns.png", rgba.quantize(64), {}),
        ("pillow-gray16.png", Image.fromarray((np.asarray(gray).astype(np.uint16) * 257 - 100).clip(0, 65535)
                                              .astype(np.uint16)), {}),
        ("pillow.gif", rgb.quantize(200), {}),
        ("pillow-gray.gif", gray, {}),
        ("pillow-transparent.gif", rgb.quantize(100), dict(transparency=5)),
        ("pillow.bmp", rgb, {}),
        ("pillow-gray.bmp", gray, {}),
        ("pillow-palette.bmp", rgb.quantize(100), {}),
        ("pillow-bilevel.bmp", gray.convert("1"), {}),
        ("pillow-rgba.bmp", rgba, {}),
        ("pillow-raw.tif", rgb, {}),
        ("pillow-lzw.tif", rgb, dict(compression="tiff_lzw")),
        ("pillow-deflate.tif", rgba, dict(compression="tiff_deflate")),
        ("pillow-jpeg.tif", rgb, dict(compression="jpeg", quality=90)),
        ("pillow-packbits-gray.tif", gray, dict(compression="packbits")),
        ("pillow-cmyk.tif", rgb.convert("CMYK"), {}),
        ("pillow-gray16.tif", Image.fromarray(np.asarray(gray).astype(np.uint16) * 200), {}),
        ("pillow-bilevel-g4.tif", gray.convert("1"), dict(compression="group4")),
        ("pillow.webp", rgb, dict(quality=80)),
        ("pillow-lossless.webp", rgb, dict(lossless=True)),
        ("pillow-alpha.webp", rgba, dict(quality=80)),
        ("pillow-alpha-lossless.webp", rgba, dict(lossless=True)),
    ]
    for name, image, options in cases:
        image.save(c.out(name), **options)
        described = ", ".join(f"{k}={'<a98.icc>' if k == 'icc_profile' else repr(v)}"
                              for k, v in options.items())
        c.add(name, label, f"Image({image.mode}).save({name!r}{', ' if options else ''}{described})")
    # EXIF orientation: every value, on a 13x7 picture (not square, so a quarter turn changes the size)
    small = Image.fromarray(pictures["small"])
    for orientation in range(2, 9):
        exif = Image.Exif()
        exif[0x0112] = orientation
        name = f"pillow-exif-orientation-{orientation}.jpg"
        small.save(c.out(name), quality=95, exif=exif.tobytes())
        c.add(name, label, f"Image(RGB 13x7).save({name!r}, quality=95, exif=<Orientation {orientation}>)")
    exif = Image.Exif()
    exif[0x0112] = 6
    for name, options in [("pillow-exif-orientation-6.png", {}), ("pillow-exif-orientation-6.webp", dict(lossless=True))]:
        small.save(c.out(name), exif=exif.tobytes(), **options)
        c.add(name, label, f"Image(RGB 13x7).save({name!r}, exif=<Orientation 6>{', lossless=True' if options else ''})")


def imageio_files(c):
    label = "ImageIO (JDK)"
    before = {p.name for p in c.folder.iterdir()}
    c.run("java", pathlib.Path(__file__).with_name("ImageIoCorpusWriter.java"), c.work, c.folder,
          stdout=subprocess.DEVNULL)
    for path in sorted(p for p in c.folder.iterdir() if p.name.startswith("imageio-") and p.name not in before):
        c.add(path.name, label, "tools/testdata/ImageIoCorpusWriter.java")


def webp_tiff_tool_files(c):
    palettes = {"two": 2, "four": 4, "sixteen": 16, "many": 200}
    for label, colours in palettes.items():
        Image.open(c.src("photo.png")).quantize(colours, dither=Image.Dither.NONE).convert("RGB").save(
            c.src(f"photo-{label}.png"))
    for name, options, source in [("cwebp.webp", ["-q", "80"], "photo.png"),
                                  ("cwebp-lossless.webp", ["-lossless"], "photo.png"),
                                  ("cwebp-lossless-z0.webp", ["-lossless", "-z", "0"], "photo.png"),
                                  ("cwebp-lossless-z9.webp", ["-lossless", "-z", "9"], "large.png"),
                                  ("cwebp-lossless-exact-alpha.webp", ["-lossless", "-exact"], "photo-alpha.png"),
                                  ("cwebp-lossless-2-colours.webp", ["-lossless"], "photo-two.png"),
                                  ("cwebp-lossless-4-colours.webp", ["-lossless"], "photo-four.png"),
                                  ("cwebp-lossless-16-colours.webp", ["-lossless"], "photo-sixteen.png"),
                                  ("cwebp-lossless-200-colours.webp", ["-lossless", "-z", "6"], "photo-many.png"),
                                  ("cwebp-near-lossless.webp", ["-near_lossless", "60"], "photo.png"),
                                  ("cwebp-alpha.webp", ["-q", "80"], "photo-alpha.png"),
                                  ("cwebp-sharp-yuv.webp", ["-q", "90", "-sharp_yuv"], "photo.png")]:
        c.run("cwebp", "-quiet", *options, c.src(source), "-o", c.out(name))
        c.add(name, "cwebp (webp)", f"cwebp {' '.join(options)} {source}")
    Image.open(c.src("photo.png")).save(c.src("photo.tif"))
    for name, options in [("tiffcp-lzw-predictor.tif", ["-c", "lzw:2"]), ("tiffcp-zip.tif", ["-c", "zip"]),
                          ("tiffcp-jpeg.tif", ["-c", "jpeg:90"]), ("tiffcp-packbits.tif", ["-c", "packbits"]),
                          ("tiffcp-separate.tif", ["-p", "separate"]), ("tiffcp-tiled.tif", ["-t", "-w", "16",
                                                                                             "-l", "16"])]:
        c.run("tiffcp", *options, c.src("photo.tif"), c.out(name))
        c.add(name, "tiffcp (libtiff-tools)", f"tiffcp {' '.join(options)} photo.tif")


def edited_files(c):
    label = "edited (byte changes by this script)"
    for name, source, change, how in [
        ("edited-cmyk-no-adobe-marker.jpg", "pillow-cmyk.jpg", lambda d: without_segment(d, 0xEE),
         "pillow-cmyk.jpg without its Adobe APP14 segment"),
        ("edited-rgb-ids-no-adobe-marker.jpg", "cjpeg-rgb.jpg", lambda d: without_segment(d, 0xEE),
         "cjpeg -rgb without its Adobe APP14 segment (colour space from the component ids R, G, B)"),
        ("edited-ycc-no-jfif.jpg", "cjpeg-420.jpg", lambda d: without_segment(d, 0xE0),
         "cjpeg-420.jpg without its JFIF APP0 segment (colour space from the component ids 1, 2, 3)"),
        ("edited-extraneous-bytes.jpg", "cjpeg-420.jpg", with_extraneous_bytes,
         "cjpeg-420.jpg with three stray bytes before SOS"),
        ("edited-truncated.jpg", "cjpeg-420.jpg", lambda d: d[: len(d) * 2 // 3], "the first 2/3 of cjpeg-420.jpg"),
        ("edited-no-eoi.jpg", "cjpeg-420.jpg", lambda d: d[:-2], "cjpeg-420.jpg without its final EOI marker"),
        ("edited-no-huffman-tables.jpg", "cjpeg-420.jpg", lambda d: without_segment(d, 0xC4),
         "cjpeg-420.jpg without its DHT segments (decoders assume the standard tables, as for Motion-JPEG)"),
        ("edited-baseline-cut-in-scan.jpg", "cjpeg-restart-1row.jpg", lambda d: cut_with_eoi(d, 0.6),
         "cjpeg-restart-1row.jpg cut at 60% of its scan, EOI appended"),
        ("edited-arithmetic-cut-in-scan.jpg", "cjpeg-arithmetic-restart.jpg", lambda d: cut_with_eoi(d, 0.5),
         "cjpeg-arithmetic-restart.jpg cut at half its scan, EOI appended"),
        ("edited-bit-errors.jpg", "cjpeg-422.jpg", lambda d: with_flipped_bytes(d, 7, 3),
         "cjpeg-422.jpg with three entropy-coded bytes replaced (seed 7)"),
        ("edited-bit-errors-overflow.jpg", "cjpeg-422.jpg", lambda d: with_flipped_bytes(d, 38, 2),
         "cjpeg-422.jpg with two entropy-coded bytes replaced (seed 38): coefficients past 16 bits, where the"
         " x86-64 SIMD inverse DCT that Pillow runs differs from libjpeg's C code"),
        ("edited-bit-errors-progressive.jpg", "pillow-progressive.jpg", lambda d: with_flipped_bytes(d, 3, 4),
         "pillow-progressive.jpg with four entropy-coded bytes replaced (seed 3)"),
        ("edited-restart-out-of-order.jpg", "cjpeg-restart-1row.jpg", lambda d: with_restart_number(d, 0, 2),
         "cjpeg-restart-1row.jpg with its RST0 marker renumbered RST2"),
        ("edited-bogus-trailer.jpg", "cjpeg-420.jpg", with_bogus_trailer,
         "cjpeg-420.jpg whose EOI is replaced by an APP5 segment longer than the file"),
        ("edited-top-down.bmp", "pillow.bmp", top_down_bmp, "pillow.bmp rewritten top-down (negative height)"),
        ("edited-truncated.png", "pillow-rgb.png", lambda d: d[: len(d) // 2], "the first half of pillow-rgb.png"),
    ]:
        c.out(name).write_bytes(change(c.out(source).read_bytes()))
        c.add(name, label, how)
    c.run("cjpeg", "-quality", "90", "-progressive", "-outfile", c.src("large-progressive.jpg"), c.src("large.ppm"))
    name = "edited-progressive-cut-in-scan.jpg"
    c.out(name).write_bytes(cut_in_scan(c.src("large-progressive.jpg").read_bytes(), 6, 0.5))
    c.add(name, label, "cjpeg -progressive large.ppm cut halfway through its sixth scan, EOI appended")


def versions():
    def first_line(*command):
        result = subprocess.run(command, capture_output=True, text=True)
        return (result.stdout or result.stderr).strip().splitlines()[0]
    return {"pillow": PIL.__version__, "pillow_libjpeg_turbo": PIL.features.version("libjpeg_turbo"),
            "pillow_libwebp": PIL.features.version("webp"), "pillow_libtiff": PIL.features.version("libtiff"),
            "cjpeg": first_line("cjpeg", "-version"), "imagemagick": first_line(CONVERT, "-version"),
            "cwebp": first_line("cwebp", "-version"), "libtiff": first_line("tiffcp").strip(),
            "java": first_line("java", "-version")}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=pathlib.Path, default=DEFAULT_DIR, help="the corpus folder (rewritten)")
    folder = parser.parse_args().dir
    warnings.filterwarnings("ignore", "Palette images with Transparency", UserWarning)
    if PIL.__version__.split(".")[0] != "9":
        raise SystemExit(f"Pillow {PIL.__version__}: the references are made with Pillow 9.x (Debian's python3-pil)")
    for tool in ("cjpeg", "jpegtran", CONVERT, "cwebp", "tiffcp", "java", *map(str, ICC.values())):
        if shutil.which(tool) is None and not pathlib.Path(tool).exists():
            raise SystemExit(f"{tool} is missing; see the docstring for the Debian packages this script needs")
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as work:
        c = Corpus(folder, pathlib.Path(work))
        pictures, rgba, gray = sources(c.work)
        cjpeg_files(c)
        magick_files(c)
        pillow_files(c, pictures, rgba, gray)
        jpegtran_files(c)
        imageio_files(c)
        webp_tiff_tool_files(c)
        edited_files(c)
    corpus = {"about": "made by tools/testdata/make_image_corpus.py; references are Pillow's "
                       "Image.open(file).convert('RGB'), row-major RGB bytes",
              "versions": versions(), "files": c.entries}
    (folder / "corpus.json").write_text(json.dumps(corpus, indent=1) + "\n")
    print(f"{len(c.entries)} files in {folder}")


if __name__ == "__main__":
    main()
