#!/usr/bin/python3
"""The PyTorch half of compare.sh: the seed network's training step and inference on the CPU, same shapes as
Cochlea's SeedReport (input [batch, 1, 32000], 248 classes, CrossEntropy + Adam 1e-3).
Prints one JSON object. Run with Debian's python3-torch: /usr/bin/python3 benchmarks/pytorch_seed.py"""
import argparse
import json
import statistics
import time

import torch
import torch.nn as nn


def seed_network(classes):
    layers, channels = [], [1, 32, 64, 64, 128, 128, 256]
    for b in range(6):
        layers += [nn.Conv1d(channels[b], channels[b + 1], 100 if b == 0 else 4, bias=False),
                   nn.BatchNorm1d(channels[b + 1]), nn.ReLU(), nn.MaxPool1d(4)]
    return nn.Sequential(*layers, nn.Flatten(), nn.Linear(1536, classes))


def median_seconds(fn, reps):
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--steps", type=int, default=10)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = seed_network(248)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.randn(args.batch, 1, 32000) * 0.1
    y = torch.randint(0, 248, (args.batch,))
    loss_fn = nn.CrossEntropyLoss()

    def step():
        model.train()
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return loss.item()

    def infer():
        model.eval()
        with torch.no_grad():
            return model(x)[0, 0].item()

    for _ in range(2):
        step()
    train = median_seconds(step, args.steps)
    infer()
    inference = median_seconds(infer, args.steps)
    print(json.dumps({
        "torch": torch.__version__, "threads": torch.get_num_threads(), "batch": args.batch,
        "train_step_s": train, "train_samples_per_s": args.batch / train,
        "infer_samples_per_s": args.batch / inference,
    }))


if __name__ == "__main__":
    main()
