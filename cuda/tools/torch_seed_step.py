"""PyTorch's side of the device check: the seed network's training step on the same GPU, so Cochlea's figures stand
beside PyTorch + cuDNN's. Run from the repository root: python3 cuda/tools/torch_seed_step.py [--dry-run].

The step matches DeviceProbe.Seed: the seed network (tools/golden/seed_network.py), CrossEntropyLoss, Adam 1e-3,
one host sync per step (loss.item()), batch 32 and 256. TF32 on is PyTorch's default for convolutions
(torch.backends.cudnn.allow_tf32) and is what Cochlea's cuda backend does by default; matmul TF32 is turned on too so
both sides use TF32 for every product. --dry-run builds the model and runs one step on the CPU at batch 2, stopping
before the first CUDA call.
"""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools", "golden"))
import torch  # noqa: E402
import seed_network  # noqa: E402

CLASSES = 248


def setup(device, batch):
    model = seed_network.build(CLASSES).to(device)
    seed_network.deterministic_init(model)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    generator = torch.Generator(device="cpu").manual_seed(1)
    x = (0.1 * torch.randn(batch, 1, seed_network.INPUT_LENGTH, generator=generator)).to(device)
    y = torch.randint(0, CLASSES, (batch,), generator=generator).to(device)
    return model, optimizer, x, y


def step(model, optimizer, x, y, loss_fn):
    optimizer.zero_grad(set_to_none=True)
    loss = loss_fn(model(x), y)
    loss.backward()
    optimizer.step()
    return loss.item()


def step_ms(batch, tf32, steps=20):
    torch.backends.cudnn.allow_tf32 = tf32
    torch.backends.cuda.matmul.allow_tf32 = tf32
    model, optimizer, x, y = setup(torch.device("cuda"), batch)
    loss_fn = torch.nn.CrossEntropyLoss()
    for _ in range(5):
        step(model, optimizer, x, y, loss_fn)
    torch.cuda.synchronize()
    start = time.perf_counter()
    for _ in range(steps):
        loss = step(model, optimizer, x, y, loss_fn)
    return (time.perf_counter() - start) * 1e3 / steps, loss


def main():
    if "--dry-run" in sys.argv:
        model, optimizer, x, y = setup(torch.device("cpu"), 2)
        loss = step(model, optimizer, x, y, torch.nn.CrossEntropyLoss())
        assert loss == loss, "NaN loss"
        print("DRY RUN OK torch: seed step on cpu, loss %.4f; stopped before the first CUDA call" % loss)
        return
    print("torch", torch.__version__, "cuda", torch.version.cuda, "cudnn", torch.backends.cudnn.version(),
          torch.cuda.get_device_name(0))
    torch.backends.cudnn.benchmark = True
    for batch in (32, 256):
        for tf32 in (True, False):
            ms, loss = step_ms(batch, tf32)
            print("torch seed train step batch %d tf32=%s: %.2f ms (loss %.4f)" % (batch, tf32, ms, loss))


if __name__ == "__main__":
    main()
