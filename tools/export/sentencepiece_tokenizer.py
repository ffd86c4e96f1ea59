"""Write a sentencepiece Unigram model (``tokenizer.model`` / ``spiece.model``) as a HuggingFace ``tokenizers``
tokenizer.json.

The model file is a protobuf ``ModelProto``; the few fields needed are read with a small wire-format reader,
so neither the sentencepiece nor the protobuf package is needed. Fields read (sentencepiece_model.proto):

* ``pieces`` (1): ``piece`` (1, text), ``score`` (2, float), ``type`` (3: 1 normal, 2 unknown, 3 control,
  4 user-defined, 5 unused, 6 byte); a piece's id is its position;
* ``trainer_spec`` (2): ``model_type`` (3; only 1 = Unigram is converted), ``byte_fallback`` (35), ``unk_id`` (40);
* ``normalizer_spec`` (3): ``precompiled_charsmap`` (2), ``add_dummy_prefix`` (3), ``remove_extra_whitespaces``
  (4); the two flags are true when absent, as in sentencepiece.

Pipeline written to the file (HF tokenizers >= 0.14), so that text is cut into the ids sentencepiece gives:

* normalizer: ``Precompiled`` with the model's character map (NFKC-style), then, when the model removes extra
  whitespace, ``Strip`` of both ends and ``Replace`` of runs of spaces by one space;
* pre-tokenizer: ``Metaspace`` (spaces become ``▁``, split before each ``▁``; a ``▁`` in front of the text
  when the model adds a dummy prefix);
* model: ``Unigram`` with every piece and score in id order, the unknown id and byte fallback;
* added tokens: the control and unknown pieces (special), so their text inside an input becomes their id.
  User-defined pieces stay in the Unigram vocabulary only, where they match as whole pieces, as in sentencepiece
  (as added tokens the text around them would be cut and normalised apart, which sentencepiece does not do);
* T5's 100 sentinels ``<extra_id_99>`` … ``<extra_id_0>`` after the pieces (special added tokens), when the
  language model has room for them beyond the pieces and the model has no pieces of those names (T5: 32,000
  pieces, ids 32,000-32,099 the sentinels);
* post-processor: none. The caller appends ``</s>`` (the MLLM manifests' ``appendEos``);
* decoder: ``Metaspace`` (``▁`` back to spaces, the dummy prefix dropped).

``export_blip2.py`` converts with :func:`write_tokenizer_json` when a checkpoint has no tokenizer.json.
"""

import base64
import struct
from typing import Dict, Iterator, List, Tuple

from clip_bpe_tokenizer import save_tokenizer_json

NORMAL, UNKNOWN, CONTROL = 1, 2, 3
UNIGRAM = 1
# T5 tokenizers append 100 sentinel ids <extra_id_99> ... <extra_id_0> after the sentencepiece pieces
T5_SENTINELS = 100
SPACE = "\u2581"


class SentencePieceError(ValueError):
    """The file is not a sentencepiece model this converter handles."""


def _varint(data: bytes, pos: int) -> Tuple[int, int]:
    value, shift = 0, 0
    while True:
        if pos >= len(data) or shift > 63:
            raise SentencePieceError("truncated varint")
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, pos


def _fields(data: bytes) -> Iterator[Tuple[int, int, object]]:
    """(field number, wire type, value) of each field of one protobuf message; length-delimited values are bytes."""
    pos = 0
    while pos < len(data):
        tag, pos = _varint(data, pos)
        field, wire = tag >> 3, tag & 7
        if wire == 0:
            value, pos = _varint(data, pos)
        elif wire == 1:
            value, pos = data[pos:pos + 8], pos + 8
        elif wire == 2:
            size, pos = _varint(data, pos)
            value, pos = data[pos:pos + size], pos + size
        elif wire == 5:
            value, pos = data[pos:pos + 4], pos + 4
        else:
            raise SentencePieceError(f"unsupported protobuf wire type {wire}")
        if pos > len(data):
            raise SentencePieceError("truncated field")
        yield field, wire, value


def read_model(path: str) -> dict:
    """pieces [(text, score, type)], unk_id, byte_fallback, model_type, precompiled_charsmap (bytes),
    add_dummy_prefix, remove_extra_whitespaces of a sentencepiece model file."""
    with open(path, "rb") as f:
        data = f.read()
    model = {"pieces": [], "unk_id": 0, "byte_fallback": False, "model_type": UNIGRAM,
             "precompiled_charsmap": b"", "add_dummy_prefix": True, "remove_extra_whitespaces": True}
    try:
        for field, wire, value in _fields(data):
            if field == 1 and wire == 2:
                piece = {1: "", 2: 0.0, 3: NORMAL}
                for f_, w_, v_ in _fields(value):
                    if f_ == 1 and w_ == 2:
                        piece[1] = v_.decode("utf-8")
                    elif f_ == 2 and w_ == 5:
                        piece[2] = struct.unpack("<f", v_)[0]
                    elif f_ == 3 and w_ == 0:
                        piece[3] = v_
                model["pieces"].append((piece[1], piece[2], piece[3]))
            elif field == 2 and wire == 2:
                for f_, w_, v_ in _fields(value):
                    if w_ == 0 and f_ in (3, 35, 40):
                        model[{3: "model_type", 35: "byte_fallback", 40: "unk_id"}[f_]] = v_
            elif field == 3 and wire == 2:
                for f_, w_, v_ in _fields(value):
                    if f_ == 2 and w_ == 2:
                        model["precompiled_charsmap"] = v_
                    elif f_ in (3, 4) and w_ == 0:
                        model[{3: "add_dummy_prefix", 4: "remove_extra_whitespaces"}[f_]] = bool(v_)
    except (SentencePieceError, UnicodeDecodeError) as e:
        raise SentencePieceError(f"{path} is not a sentencepiece model ({e})") from None
    if not model["pieces"]:
        raise SentencePieceError(f"{path} is not a sentencepiece model (no pieces)")
    if model["model_type"] != UNIGRAM:
        raise SentencePieceError(f"{path} is a sentencepiece model of type {model['model_type']}; only Unigram "
                                 "models (type 1, as T5's) are converted")
    if not 0 <= model["unk_id"] < len(model["pieces"]):
        raise SentencePieceError(f"{path}: unk_id {model['unk_id']} is not a piece")
    model["byte_fallback"] = bool(model["byte_fallback"])
    return model


def _metaspace(add_dummy_prefix: bool) -> dict:
    return {"type": "Metaspace", "replacement": SPACE, "prepend_scheme": "always" if add_dummy_prefix else "never",
            "split": True}


def tokenizer_document(model: dict, sentinels: int = 0) -> dict:
    """The tokenizer.json document of a model read by :func:`read_model`, with T5's ``sentinels`` extra ids
    ``<extra_id_{sentinels-1}>`` … ``<extra_id_0>`` appended after the pieces."""
    pieces = list(model["pieces"]) + [(f"<extra_id_{i}>", 0.0, CONTROL) for i in range(sentinels - 1, -1, -1)]
    normalizers: List[dict] = []
    if model["precompiled_charsmap"]:
        normalizers.append({"type": "Precompiled",
                            "precompiled_charsmap": base64.b64encode(model["precompiled_charsmap"]).decode("ascii")})
    if model["remove_extra_whitespaces"]:
        normalizers += [{"type": "Strip", "strip_left": True, "strip_right": True},
                        {"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": " "}]
    added: List[Dict[str, object]] = [
        {"id": i, "content": text, "single_word": False, "lstrip": False, "rstrip": False, "normalized": False,
         "special": True}
        for i, (text, _, kind) in enumerate(pieces) if kind in (UNKNOWN, CONTROL)]
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": added,
        "normalizer": {"type": "Sequence", "normalizers": normalizers} if normalizers else None,
        "pre_tokenizer": _metaspace(model["add_dummy_prefix"]),
        "post_processor": None,
        "decoder": _metaspace(model["add_dummy_prefix"]),
        "model": {"type": "Unigram", "unk_id": model["unk_id"], "vocab": [[text, score] for text, score, _ in pieces],
                  "byte_fallback": model["byte_fallback"]},
    }


def write_tokenizer_json(model_path: str, out_path: str, vocab_size: int) -> int:
    """Write the sentencepiece model ``model_path`` as tokenizer.json at ``out_path`` for a model with
    ``vocab_size`` token rows; returns the number of T5 sentinels added: 100 where the rows leave room and the
    model has no pieces of those names, else 0."""
    model = read_model(model_path)
    room = vocab_size - len(model["pieces"])
    if room < 0:
        raise SentencePieceError(f"{model_path} has {len(model['pieces'])} pieces, more than the model's "
                                 f"{vocab_size} token rows")
    names = {text for text, _, _ in model["pieces"]}
    free = not names & {f"<extra_id_{i}>" for i in range(T5_SENTINELS)}
    sentinels = T5_SENTINELS if room >= T5_SENTINELS and free else 0
    save_tokenizer_json(tokenizer_document(model, sentinels), out_path)
    return sentinels
