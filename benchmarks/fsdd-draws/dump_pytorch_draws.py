#!/usr/bin/python3
"""Writes what benchmarks/fsdd_pytorch.py draws for a seed: initN.safetensors (the seed network's initial state dict
after torch.manual_seed(N)) and orderN.txt (the 12 epochs' torch.randperm(2000) batch orders, one line each), so
TrainFromPyTorchDraws.java can train Cochlea from exactly PyTorch's starting point.
Usage (from this folder): /usr/bin/python3 dump_pytorch_draws.py SEED..."""
import os
import sys, torch
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', '..', 'tools', 'golden')); sys.path.insert(0, os.path.join(HERE, '..'))
from safetensors_io import write_safetensors
from fsdd_pytorch import seed_network
for s in map(int, sys.argv[1:]):
    torch.manual_seed(s)
    m = seed_network(10)
    write_safetensors(f'init{s}.safetensors', {k: v.numpy() for k, v in m.state_dict().items()})
    with open(f'order{s}.txt', 'w') as f:
        for e in range(12):
            f.write(' '.join(map(str, torch.randperm(2000).tolist())) + '\n')
