#!/usr/bin/python3
"""Checks a Cochlea-written checkpoint of the 10-class seed network against PyTorch.

Usage: /usr/bin/python3 tools/golden/verify_checkpoint.py CHECKPOINT.safetensors LOGITS.safetensors

CHECKPOINT must hold exactly the seed network's state-dict names (num_batches_tracked included, as int64) with
PyTorch's shapes and dtypes; it is loaded with load_state_dict(strict=True). The model runs in eval mode on LOGITS's `input` [N,1,32000] when it has
one, else on the `input` of core/src/test/resources/golden/seed_pytorch_logits.safetensors, and its logits are
compared with LOGITS's `logits` [N,10]. Exit status 0 when max|diff| <= 1e-4 * max(1, max|expected|), 1 beyond it,
2 on a malformed file or a state-dict mismatch.
"""
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import seed_network  # noqa: E402
from safetensors_io import read_safetensors  # noqa: E402

RELATIVE_TOLERANCE = 1e-4
DEFAULT_INPUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "core", "src", "test",
                             "resources", "golden", "seed_pytorch_logits.safetensors")


def load_model(checkpoint_path):
    tensors, _ = read_safetensors(checkpoint_path)
    state = {name: torch.from_numpy(np.array(array)) for name, array in tensors.items()}
    classes = state["25.weight"].shape[0] if "25.weight" in state else 10
    model = seed_network.build(classes)
    # load_state_dict(strict=True) quietly fills in a missing num_batches_tracked (old-checkpoint compatibility),
    # so the exact set of names and each dtype are checked here first.
    expected = model.state_dict()
    missing, unexpected = sorted(set(expected) - set(state)), sorted(set(state) - set(expected))
    if missing or unexpected:
        raise ValueError(f"state-dict names differ from PyTorch's: missing {missing}, unexpected {unexpected}")
    for name, tensor in expected.items():
        if state[name].dtype != tensor.dtype or state[name].shape != tensor.shape:
            raise ValueError(f"{name} is {state[name].dtype} {list(state[name].shape)}, "
                             f"PyTorch has {tensor.dtype} {list(tensor.shape)}")
    model.load_state_dict(state, strict=True)
    return model.eval()


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    checkpoint_path, logits_path = argv[1], argv[2]
    try:
        model = load_model(checkpoint_path)
        stored, _ = read_safetensors(logits_path)
        if "logits" not in stored:
            raise KeyError(f"{logits_path} has no tensor named 'logits' (has {sorted(stored)})")
        source = stored if "input" in stored else read_safetensors(DEFAULT_INPUT)[0]
        x = torch.from_numpy(np.array(source["input"], dtype=np.float32))
        expected = torch.from_numpy(np.array(stored["logits"], dtype=np.float32))
        with torch.no_grad():
            actual = model(x)
        if actual.shape != expected.shape:
            raise ValueError(f"logits shape {list(expected.shape)} in {logits_path}, PyTorch gives {list(actual.shape)}")
    except (KeyError, ValueError, RuntimeError, OSError) as e:
        print(f"FAILED to compare: {e}", file=sys.stderr)
        return 2
    max_diff = float((actual - expected).abs().max())
    scale = max(1.0, float(expected.abs().max()))
    limit = RELATIVE_TOLERANCE * scale
    verdict = "OK" if max_diff <= limit else "MISMATCH"
    print(f"{verdict}: max abs diff {max_diff:.3g} (limit {limit:.3g} = {RELATIVE_TOLERANCE} * {scale:.4g}) "
          f"over {actual.numel()} logits")
    return 0 if max_diff <= limit else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
