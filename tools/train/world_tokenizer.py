"""Word-level tokenizer of the shapes world, written as a HuggingFace tokenizer.json the Java core reads.

The core (ClipTokenizer with cleaning "basic") cleans text itself -- NFC, runs of white space collapsed
to one space, stripped, lower-cased -- then lets the tokenizer.json split it: a "Whitespace"
pre-tokenizer (regex ``\\w+|[^\\w\\s]+``, so "a red circle." is ``a | red | circle | .``) and a
"WordLevel" model (unknown words become [UNK]). It frames the ids itself as [SOT] + ids + [EOT], zero
padded to the context length. The text graph pools at the largest id, so [EOT] has the largest id and
[PAD] is 0. :func:`encode` does all of this in Python with the same result.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Dict, Iterable, List

PAD, UNK, SOT, EOT = "[PAD]", "[UNK]", "[SOT]", "[EOT]"
CONTEXT_LENGTH = 24

SHAPES = ["circle", "square", "triangle", "star"]
COLOURS = ["red", "green", "blue", "yellow", "purple"]
SIZES = ["small", "large"]
WORDS = (["a", "the", "photo", "of", "and", "shape", ",", "."] + SIZES + COLOURS + SHAPES
         + ["left", "right", "above", "below", "biggest", "smallest", "leftmost", "rightmost", "topmost",
            "bottommost"])

# Java: \p{IsWhite_Space}+ collapsed to one space, then String.strip() (Character.isWhitespace).
_WHITE_SPACE_RUN = re.compile("[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")
_JAVA_STRIP = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a" \
              "\u2028\u2029\u205f\u3000"
# HuggingFace "Whitespace" pre-tokenizer
_PIECES = re.compile(r"\w+|[^\w\s]+")


def vocabulary() -> Dict[str, int]:
    """[PAD]=0, [UNK]=1, the words, then [SOT] and [EOT] (the largest id)."""
    tokens = [PAD, UNK] + WORDS + [SOT, EOT]
    if len(set(tokens)) != len(tokens):
        raise ValueError("duplicate vocabulary entries")
    return {t: i for i, t in enumerate(tokens)}


VOCAB = vocabulary()


def clean(text: str) -> str:
    """The core's "basic" cleaning."""
    text = _WHITE_SPACE_RUN.sub(" ", unicodedata.normalize("NFC", text)).strip(_JAVA_STRIP)
    return text.lower()


def pieces(text: str) -> List[str]:
    return _PIECES.findall(clean(text))


def encode(text: str, context_length: int = CONTEXT_LENGTH) -> List[int]:
    """[SOT] + ids + [EOT], zero padded; raises if the text does not fit (the core does too)."""
    ids = [VOCAB.get(p, VOCAB[UNK]) for p in pieces(text)]
    if len(ids) + 2 > context_length:
        raise ValueError(f"text {text!r} has {len(ids) + 2} tokens, more than {context_length}")
    row = [VOCAB[SOT]] + ids + [VOCAB[EOT]]
    return row + [0] * (context_length - len(row))


def unknown_words(texts: Iterable[str]) -> List[str]:
    return sorted({p for t in texts for p in pieces(t) if p not in VOCAB})


def write_tokenizer_json(path: str) -> None:
    def added(token: str) -> dict:
        return {"id": VOCAB[token], "content": token, "single_word": False, "lstrip": False, "rstrip": False,
                "normalized": False, "special": True}

    doc = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [added(t) for t in (PAD, UNK, SOT, EOT)],
        "normalizer": None,
        "pre_tokenizer": {"type": "Whitespace"},
        "post_processor": None,
        "decoder": None,
        "model": {"type": "WordLevel", "vocab": VOCAB, "unk_token": UNK},
    }
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write("\n")


PARITY_TEXTS = [
    "red circle", "a red circle", "a red circle.", "A Red  Circle.", "  the blue square left of the red circle ",
    "a small red circle, a large blue star and a green triangle", "a photo of a purple star.",
    "the biggest triangle", "the leftmost shape", "THE\tYELLOW\nSHAPE", "a red circle!", "red,circle",
    "an orange hexagon", "caf\u00e9 circle", "cafe\u0301 circle", "red_circle", "a photo of red circle.",
    "circle...", "", "the topmost shape above the small green square",
]


def write_parity(path: str) -> None:
    """Python's ids for PARITY_TEXTS; a Java test compares them with the core's tokenizer."""
    doc = {"contextLength": CONTEXT_LENGTH, "startToken": SOT, "endToken": EOT, "cleaning": "basic",
           "texts": PARITY_TEXTS, "ids": [encode(t) for t in PARITY_TEXTS]}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write("\n")
