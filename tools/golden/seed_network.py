"""The seed network (six conv blocks and a linear head) and its deterministic, counter-based initialisation.

Both this script and Cochlea's Java tests generate the initial parameters and the input from
dev.cochlea.kernels.CounterRng, so neither has to be stored. The arithmetic below mirrors CounterRng.uniform
(SplitMix64's finaliser) on wrapping unsigned 64-bit integers; every value is computed in float64 and rounded to
float32 once, at the end, so Java reproduces it bit for bit.
"""
import numpy as np
import torch

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)

# (in_channels, out_channels, kernel_size) of the six Conv1d -> BatchNorm1d -> ReLU -> MaxPool1d(4) blocks.
CONV_BLOCKS = [(1, 32, 100), (32, 64, 4), (64, 64, 4), (64, 128, 4), (128, 128, 4), (128, 256, 4)]
INPUT_LENGTH = 32000
FLAT_FEATURES = 1536  # 256 channels x 6 positions after the sixth pool
PARAM_SEED_BASE = 1000
INPUT_SEED = 7


def counter_uniform(seed, count):
    """CounterRng.uniform(seed, i) for i = 0..count-1, as float64 (exact: 24-bit integers times 2^-24)."""
    return counter_uniform_at(seed, np.arange(count, dtype=np.uint64))


def counter_uniform_at(seed, indices):
    """CounterRng.uniform(seed, i) for each i in `indices`; a negative Java long seed wraps to its unsigned bits."""
    seed = np.uint64(seed % 2 ** 64)
    with np.errstate(over="ignore"):
        z = seed + (np.asarray(indices, dtype=np.uint64) + np.uint64(1)) * _GOLDEN
        z = (z ^ (z >> np.uint64(30))) * _MIX1
        z = (z ^ (z >> np.uint64(27))) * _MIX2
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(40)).astype(np.float64) * 2.0 ** -24


def build(classes):
    """nn.Sequential with PyTorch's indices 0..25, so state-dict names are 0.weight, 1.running_mean, ..."""
    layers = []
    for cin, cout, k in CONV_BLOCKS:
        layers += [torch.nn.Conv1d(cin, cout, k, bias=False), torch.nn.BatchNorm1d(cout), torch.nn.ReLU(),
                   torch.nn.MaxPool1d(4)]
    layers += [torch.nn.Flatten(), torch.nn.Linear(FLAT_FEATURES, classes)]
    return torch.nn.Sequential(*layers)


def init_values(module, kind, tensor_index, shape):
    """float32 numpy values of one state-dict entry under the deterministic scheme (see README)."""
    count = int(np.prod(shape))
    if kind == "running_mean":
        return np.zeros(shape, np.float32)
    if kind == "running_var":
        return np.ones(shape, np.float32)
    if kind == "num_batches_tracked":
        return np.zeros(shape, np.int64)
    u = counter_uniform(PARAM_SEED_BASE + tensor_index, count)
    if isinstance(module, torch.nn.Conv1d):
        fan_in = module.in_channels * module.kernel_size[0]
        values = (2.0 * u - 1.0) / np.sqrt(np.float64(fan_in))
    elif isinstance(module, torch.nn.Linear):
        values = (2.0 * u - 1.0) / np.sqrt(np.float64(module.in_features))
    elif isinstance(module, torch.nn.BatchNorm1d) and kind == "weight":
        values = 1.0 + 0.1 * (2.0 * u - 1.0)
    elif isinstance(module, torch.nn.BatchNorm1d) and kind == "bias":
        values = 0.1 * (2.0 * u - 1.0)
    else:
        raise ValueError(f"no deterministic init rule for {type(module).__name__}.{kind}")
    return values.astype(np.float32).reshape(shape)


def deterministic_init(model):
    """Overwrites every state-dict entry of `model` in place; tensor index t counts every entry in order."""
    modules = dict(model.named_modules())
    with torch.no_grad():
        for t, (name, tensor) in enumerate(model.state_dict().items()):
            module_name, kind = name.rsplit(".", 1)
            values = init_values(modules[module_name], kind, t, tuple(tensor.shape))
            tensor.copy_(torch.from_numpy(values))
    return model


def deterministic_input(batch):
    """x [batch, 1, 32000]: flat row-major element i = float32(0.5 * (2 * uniform(7, i) - 1))."""
    u = counter_uniform(INPUT_SEED, batch * INPUT_LENGTH)
    return torch.from_numpy((0.5 * (2.0 * u - 1.0)).astype(np.float32).reshape(batch, 1, INPUT_LENGTH))
