"""Expose a piper voice's phoneme durations, so narration gets word timings from the engine.

A piper (VITS) voice decides how many audio frames each phoneme gets inside its ONNX graph (the
`Ceil` of the predicted durations) but does not return that tensor. piper 1.8.0 can mark it as
a graph output, but only through the `onnx` package, which taleweaver does not install. This
file does the same small edit on the raw protobuf bytes instead: it appends one entry to the
graph's `output` list. Nothing else in the model changes, so the audio is identical.

Reads: the bytes of an `.onnx` voice. Writes: new bytes, kept in memory (the voice file on disk
is never modified). Pure Python, no piper import: the worker process calls it.

ONNX field numbers used (onnx.proto3): ModelProto.graph = 7; GraphProto.node = 1,
GraphProto.output = 12; NodeProto.output = 2, NodeProto.op_type = 4; ValueInfoProto.name = 1.
"""

from __future__ import annotations

from collections.abc import Iterator

_MODEL_GRAPH = 7
_GRAPH_NODE = 1
_GRAPH_OUTPUT = 12
_NODE_OUTPUT = 2
_NODE_OP_TYPE = 4
_VALUE_INFO_NAME = 1

_VARINT, _FIXED64, _LENGTH_DELIMITED, _FIXED32 = 0, 1, 2, 5


class VoicePatchError(ValueError):
    """The voice graph has no single duration tensor to expose (not a piper VITS voice)."""


def _read_varint(buf: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = buf[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, pos
        shift += 7


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        low, value = value & 0x7F, value >> 7
        if value:
            out.append(low | 0x80)
        else:
            out.append(low)
            return bytes(out)


def _fields(buf: bytes, start: int, end: int) -> Iterator[tuple[int, int, int, int]]:
    """Yield (field number, field start, payload start, payload end) for each field of one
    message; the payload span is only meaningful for length-delimited fields."""
    pos = start
    while pos < end:
        field_start = pos
        key, pos = _read_varint(buf, pos)
        number, wire_type = key >> 3, key & 7
        if wire_type == _VARINT:
            _, pos = _read_varint(buf, pos)
            yield number, field_start, pos, pos
        elif wire_type == _FIXED64:
            pos += 8
            yield number, field_start, pos, pos
        elif wire_type == _FIXED32:
            pos += 4
            yield number, field_start, pos, pos
        elif wire_type == _LENGTH_DELIMITED:
            length, pos = _read_varint(buf, pos)
            yield number, field_start, pos, pos + length
            pos += length
        else:
            raise VoicePatchError(f"unexpected protobuf wire type {wire_type}: not an ONNX model")


def _strings(buf: bytes, start: int, end: int, number: int) -> list[str]:
    return [buf[s:e].decode("utf-8") for n, _, s, e in _fields(buf, start, end) if n == number]


def expose_phoneme_durations(model: bytes) -> bytes:
    """Return the model with its duration tensor (the only `Ceil` output) added as a graph output.

    Raises VoicePatchError when the bytes are not an ONNX model or the graph has no single Ceil
    tensor. A model that already exposes it is returned unchanged.
    """
    try:
        return _expose(model)
    except (IndexError, UnicodeDecodeError) as error:
        raise VoicePatchError(f"not a readable ONNX model ({error})") from error


def _expose(model: bytes) -> bytes:
    graphs = [(fs, s, e) for n, fs, s, e in _fields(model, 0, len(model)) if n == _MODEL_GRAPH]
    if len(graphs) != 1:
        raise VoicePatchError("the file holds no ONNX graph")
    graph_field_start, graph_start, graph_end = graphs[0]

    ceil_outputs: set[str] = set()
    graph_outputs: list[str] = []
    for number, _, start, end in _fields(model, graph_start, graph_end):
        if number == _GRAPH_NODE and _strings(model, start, end, _NODE_OP_TYPE) == ["Ceil"]:
            ceil_outputs.update(_strings(model, start, end, _NODE_OUTPUT))
        elif number == _GRAPH_OUTPUT:
            graph_outputs.extend(_strings(model, start, end, _VALUE_INFO_NAME))
    if len(ceil_outputs) != 1:
        raise VoicePatchError(f"expected one Ceil tensor (phoneme durations), found {len(ceil_outputs)}")
    duration_tensor = ceil_outputs.pop()
    if duration_tensor in graph_outputs:
        return model  # already patched (e.g. with piper.patch_voice_with_alignment)

    name = duration_tensor.encode("utf-8")
    value_info = _varint(_VALUE_INFO_NAME << 3 | _LENGTH_DELIMITED) + _varint(len(name)) + name
    new_output = _varint(_GRAPH_OUTPUT << 3 | _LENGTH_DELIMITED) + _varint(len(value_info)) + value_info
    graph = model[graph_start:graph_end] + new_output
    graph_field = _varint(_MODEL_GRAPH << 3 | _LENGTH_DELIMITED) + _varint(len(graph)) + graph
    return model[:graph_field_start] + graph_field + model[graph_end:]
