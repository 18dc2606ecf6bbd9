#!/usr/bin/python3
"""The seed network's FSDD recipe in PyTorch, for comparison with `cochlea-speech train --format fsdd`:
8 kHz clips resampled to 16 kHz (torchaudio), zero-padded at the end or cropped to 32000 samples, Adam 1e-3,
batch 32, 12 epochs, eval accuracy per epoch in eval mode. Prints one line per epoch and the summary figures.
Usage: /usr/bin/python3 benchmarks/fsdd_pytorch.py FSDD_DIR [--split speaker|official] [--seed 0] [--threads 2]"""
import argparse
import os
import re

import torch
import torch.nn as nn
import torchaudio

from pytorch_seed import seed_network  # the same network compare.sh times

TRAIN_SPEAKERS = {"jackson", "nicolas", "theo", "yweweler"}
TEST_SPEAKERS = {"george", "lucas"}


def load(path):
    wave, rate = torchaudio.load(path)
    wave = torchaudio.functional.resample(wave.mean(0, keepdim=True), rate, 16000)[:, :32000]
    return torch.nn.functional.pad(wave, (0, 32000 - wave.shape[1]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("fsdd")
    ap.add_argument("--split", default="speaker")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--epochs", type=int, default=12)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    folder = os.path.join(args.fsdd, "recordings") if os.path.isdir(os.path.join(args.fsdd, "recordings")) else args.fsdd
    train, test = [], []
    for name in sorted(os.listdir(folder)):
        m = re.match(r"(\d)_([a-z]+)_(\d+)\.wav$", name)
        if not m:
            continue
        digit, speaker, index = int(m.group(1)), m.group(2), int(m.group(3))
        item = (load(os.path.join(folder, name)), digit)
        if args.split == "official":
            (test if index < 5 else train).append(item)
        elif speaker in TRAIN_SPEAKERS:
            train.append(item)
        elif speaker in TEST_SPEAKERS:
            test.append(item)
    x_train = torch.stack([x for x, _ in train])
    y_train = torch.tensor([y for _, y in train])
    x_test = torch.stack([x for x, _ in test])
    y_test = torch.tensor([y for _, y in test])
    model = seed_network(10)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    evals, trains = [], []
    for epoch in range(1, args.epochs + 1):
        model.train()
        correct = 0
        for idx in torch.randperm(len(x_train)).split(32):
            logits = model(x_train[idx])
            loss = loss_fn(logits, y_train[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            correct += (logits.argmax(1) == y_train[idx]).sum().item()
        model.eval()
        with torch.no_grad():
            hits = sum((model(x_test[i:i + 64]).argmax(1) == y_test[i:i + 64]).sum().item()
                       for i in range(0, len(x_test), 64))
        trains.append(correct / len(x_train))
        evals.append(hits / len(x_test))
        print(f"epoch {epoch}: train acc {trains[-1]:.2%} eval acc {evals[-1]:.2%}", flush=True)
    print(f"held-out: mean of last 3 {sum(evals[-3:]) / 3:.2%}, final {evals[-1]:.2%}, best {max(evals):.2%}, "
          f"train {trains[-1]:.2%}")


if __name__ == "__main__":
    main()
