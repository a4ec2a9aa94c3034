"""Write a trained peft LoRA as a GGUF adapter that llama.cpp loads next to the base model.

llama.cpp stores the query and key projections with their rows permuted for its rotary
embedding layout; transformers un-permutes them when it reads the GGUF. A LoRA trained in
transformers therefore has its B matrices (which produce those rows) permuted back here.
The test tests/test_adapter_export.py checks that llama.cpp and transformers agree.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

_GGUF_NAMES = {
    "self_attn.q_proj": "attn_q", "self_attn.k_proj": "attn_k", "self_attn.v_proj": "attn_v",
    "self_attn.o_proj": "attn_output", "mlp.gate_proj": "ffn_gate", "mlp.up_proj": "ffn_up",
    "mlp.down_proj": "ffn_down",
}


def _permute_rows(w: np.ndarray, n_head: int) -> np.ndarray:
    # The same permutation llama.cpp's converter applies to q_proj/k_proj weights.
    return w.reshape(n_head, 2, w.shape[0] // n_head // 2, *w.shape[1:]).swapaxes(1, 2).reshape(w.shape)


def export_lora_gguf(peft_model, out_path: str | Path, alpha: float, dtype=np.float16) -> Path:
    """Half precision by default: it halves the file, and llama.cpp computes in fp32 anyway."""
    import gguf

    config = peft_model.base_model.model.config
    out_path = Path(out_path)
    writer = gguf.GGUFWriter(str(out_path), arch="llama")
    writer.add_string("general.type", "adapter")
    writer.add_string("adapter.type", "lora")
    writer.add_float32("adapter.lora.alpha", float(alpha))
    state = {k: v.detach().float().cpu().numpy() for k, v in peft_model.state_dict().items() if "lora_" in k}
    for key in sorted(state):
        if ".lora_A." not in key:
            continue
        # base_model.model.model.layers.3.self_attn.q_proj.lora_A.weight
        prefix = key.split(".lora_A.")[0]
        layer = int(prefix.split(".layers.")[1].split(".")[0])
        module = ".".join(prefix.split(".layers.")[1].split(".")[1:])
        name = f"blk.{layer}.{_GGUF_NAMES[module]}.weight"
        lora_a = state[key]
        lora_b = state[prefix + ".lora_B." + key.split(".lora_A.")[1]]
        if module == "self_attn.q_proj":
            lora_b = _permute_rows(lora_b, config.num_attention_heads)
        elif module == "self_attn.k_proj":
            lora_b = _permute_rows(lora_b, config.num_key_value_heads)
        writer.add_tensor(name + ".lora_a", np.ascontiguousarray(lora_a, dtype=dtype))
        writer.add_tensor(name + ".lora_b", np.ascontiguousarray(lora_b, dtype=dtype))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return out_path
