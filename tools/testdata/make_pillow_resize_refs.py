#!/usr/bin/python3.11
"""Writes the reference images of the SDK's PillowResizeTest: the committed 97x61 sources (RGB and L mode)
resized by Pillow's Image.resize(size, filter) with BICUBIC and BILINEAR to each test size, as PNG.

Run with Debian's interpreter, whose Pillow (python3-pil 9.4) is the version the Java resampler matches:

    /usr/bin/python3.11 tools/testdata/make_pillow_resize_refs.py

It rewrites framework-core/sdk/src/test/resources/org/alphaclip/sdk/image/pillow_{rgb,gray}_97x61__<filter>_<w>x<h>.png
(the folder can be given with --dir). Run again, it reproduces the same pixels.
"""
import argparse
import pathlib

import PIL
from PIL import Image

SOURCES = {"rgb": "RGB", "gray": "L"}
FILTERS = {"bicubic": Image.BICUBIC, "bilinear": Image.BILINEAR}
# Downscaling both ways, one dimension only (one pass skipped), upscaling, mixed, down to one pixel.
SIZES = [(10, 7), (40, 61), (97, 20), (150, 100), (13, 200), (1, 1)]

DEFAULT_DIR = (pathlib.Path(__file__).resolve().parents[2]
               / "framework-core/sdk/src/test/resources/org/alphaclip/sdk/image")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=pathlib.Path, default=DEFAULT_DIR, help="folder of the source and reference PNGs")
    folder = parser.parse_args().dir
    if PIL.__version__.split(".")[0] != "9":
        raise SystemExit(f"Pillow {PIL.__version__}: the references are made with Pillow 9.x (Debian's python3-pil)")
    for name, mode in SOURCES.items():
        source = Image.open(folder / f"pillow_{name}_97x61.png")
        if source.mode != mode or source.size != (97, 61):
            raise SystemExit(f"pillow_{name}_97x61.png is {source.mode} {source.size}, expected {mode} (97, 61)")
        for filter_name, resample in FILTERS.items():
            for width, height in SIZES:
                target = folder / f"pillow_{name}_97x61__{filter_name}_{width}x{height}.png"
                source.resize((width, height), resample).save(target)
                print(target)


if __name__ == "__main__":
    main()
