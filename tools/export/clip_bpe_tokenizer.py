#!/usr/bin/python3.11
"""Write OpenAI CLIP's byte-level BPE as a HuggingFace ``tokenizers`` tokenizer.json.

Input is CLIP's merges file (``bpe_simple_vocab_16e6.txt.gz``); the standard library is enough.

The vocabulary is laid out the way CLIP numbers it, so ids agree with the official tokenizer:

* ids 0-255: the 256 byte symbols of the GPT-2 byte-to-unicode map, printable bytes first;
* ids 256-511: the same symbols with the word-end marker ``</w>``;
* then one id per merge, for merges 1 .. 48894 of the file (line 0 is a version header);
* ``<|startoftext|>`` (49406) and ``<|endoftext|>`` (49407): 49408 ids in all.

Pipeline written to the file (HF tokenizers >= 0.14; DJL 0.36 bundles 0.21):

* normalizer: none. The caller cleans text first (ftfy-like repair, HTML unescape, whitespace
  collapse, lowercase: ``ClipTokenizer``/``TextCleaner`` in the Java core), so the file does not
  lowercase or normalise again.
* pre-tokenizer: ``Split`` with CLIP's word pattern (special tokens, the contractions
  's 't 're 've 'm 'll 'd, letter runs, single digits, runs of other non-space characters), keeping
  the matches and dropping whitespace; then ``ByteLevel`` without its own regex or prefix space.
* model: ``BPE`` with ``end_of_word_suffix`` ``</w>``, no unknown token.
* added tokens: the two special tokens, so their text inside an input becomes their ids.
* post-processor: none. The caller adds the start and end ids and pads to the context length.
* decoder: ``</w>`` becomes a space, then byte-level decoding (like the official ``decode``).

Usage: ``clip_bpe_tokenizer.py --vocab bpe_simple_vocab_16e6.txt.gz --out dir/tokenizer.json``
"""

import argparse
import gzip
import json
import os
import sys

START_TOKEN = "<|startoftext|>"
END_TOKEN = "<|endoftext|>"
WORD_END = "</w>"
VOCAB_SIZE = 49408
MERGE_COUNT = VOCAB_SIZE - 2 * 256 - 2

# CLIP's word pattern (Oniguruma syntax, as HF tokenizers compiles it).
WORD_PATTERN = (r"<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d"
                r"|\p{L}+|\p{N}|[^\s\p{L}\p{N}]+")


def byte_symbols() -> dict:
    """Byte to symbol, in CLIP's id order: bytes that print as themselves keep their character, the
    others (controls, space, 0x7F-0xA0, soft hyphen) get U+0100 onwards in byte order."""
    printable = [b for b in range(256) if 0x21 <= b <= 0x7E or 0xA1 <= b <= 0xAC or 0xAE <= b <= 0xFF]
    others = [b for b in range(256) if b not in printable]
    symbols = {b: chr(b) for b in printable}
    symbols.update({b: chr(256 + i) for i, b in enumerate(others)})
    return symbols


def read_merges(vocab_gz_path: str) -> list:
    """The merge pairs CLIP uses: lines 1 .. MERGE_COUNT of the merges file."""
    with gzip.open(vocab_gz_path, "rt", encoding="utf-8") as f:
        lines = f.read().split("\n")
    chosen = lines[1:MERGE_COUNT + 1]
    if len(chosen) != MERGE_COUNT:
        raise ValueError(f"{vocab_gz_path}: {len(chosen)} merges, expected {MERGE_COUNT}")
    pairs = []
    for number, line in enumerate(chosen, start=1):
        parts = line.split()
        if len(parts) != 2:
            raise ValueError(f"{vocab_gz_path}: merge line {number} is not two symbols: {line!r}")
        pairs.append((parts[0], parts[1]))
    return pairs


def build_vocab(merges: list) -> dict:
    """Token to id, in CLIP's order."""
    symbols = list(byte_symbols().values())
    tokens = symbols + [s + WORD_END for s in symbols]
    tokens += [left + right for left, right in merges]
    tokens += [START_TOKEN, END_TOKEN]
    vocab = {token: index for index, token in enumerate(tokens)}
    if len(vocab) != VOCAB_SIZE:
        raise ValueError(f"vocabulary has {len(vocab)} distinct tokens, expected {VOCAB_SIZE}")
    return vocab


def tokenizer_document(merges: list) -> dict:
    """The tokenizer.json content."""
    vocab = build_vocab(merges)

    def special(token: str) -> dict:
        return {"id": vocab[token], "content": token, "single_word": False, "lstrip": False,
                "rstrip": False, "normalized": False, "special": True}

    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [special(START_TOKEN), special(END_TOKEN)],
        "normalizer": None,
        "pre_tokenizer": {
            "type": "Sequence",
            "pretokenizers": [
                {"type": "Split", "pattern": {"Regex": WORD_PATTERN}, "behavior": "Removed",
                 "invert": True},
                {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False,
                 "use_regex": False},
            ],
        },
        "post_processor": None,
        "decoder": {
            "type": "Sequence",
            "decoders": [
                {"type": "Replace", "pattern": {"String": WORD_END}, "content": byte_symbols()[0x20]},
                {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False,
                 "use_regex": False},
            ],
        },
        "model": {
            "type": "BPE",
            "dropout": None,
            "unk_token": None,
            "continuing_subword_prefix": None,
            "end_of_word_suffix": WORD_END,
            "fuse_unk": False,
            "byte_fallback": False,
            "ignore_merges": False,
            "vocab": vocab,
            "merges": [f"{left} {right}" for left, right in merges],
        },
    }


def save_tokenizer_json(document: dict, out_path: str) -> None:
    """Write a tokenizer.json document at ``out_path`` (parent folders are created; replaced in one step)."""
    parent = os.path.dirname(os.path.abspath(out_path))
    os.makedirs(parent, exist_ok=True)
    temporary = out_path + ".tmp"
    with open(temporary, "w", encoding="utf-8") as f:
        json.dump(document, f, ensure_ascii=False, separators=(",", ":"))
    os.replace(temporary, out_path)


def write_tokenizer_json(vocab_gz_path: str, out_path: str) -> None:
    """Write CLIP's BPE from the merges file ``vocab_gz_path`` as tokenizer.json at ``out_path``."""
    save_tokenizer_json(tokenizer_document(read_merges(vocab_gz_path)), out_path)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vocab", required=True, help="CLIP merges file, bpe_simple_vocab_16e6.txt.gz")
    parser.add_argument("--out", required=True, help="tokenizer.json to write (parent folders are created)")
    args = parser.parse_args(argv)
    try:
        write_tokenizer_json(args.vocab, args.out)
    except (OSError, ValueError) as e:
        print(f"clip_bpe_tokenizer: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
