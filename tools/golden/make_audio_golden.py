#!/usr/bin/python3
"""Golden values for dev.cochlea.audio, computed with torchaudio 0.13 (and scipy for WAV writing).

Run from the repository root with Debian's Python:  /usr/bin/python3 tools/golden/make_audio_golden.py
Writes small files into core/src/test/resources/audio/ (see tools/golden/AUDIO.md for the list):
  *.wav  test WAVs in each encoding and layout the reader supports,
  *.npy  float32 arrays (C order, little-endian): the samples torchaudio decodes from each WAV,
         and reference outputs of resample / Spectrogram / MelSpectrogram / MFCC / AmplitudeToDB.
Deterministic: the signals are fixed formulas plus numpy noise with a fixed seed.
"""
import math
import os
import struct
import sys
import warnings

import numpy as np
import scipy.io.wavfile
import torch
import torchaudio
import torchaudio.functional as F
import torchaudio.transforms as T

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "core", "src", "test", "resources", "audio")


def find_fsdd_clip():
    """The repository lives beside shared/ (e.g. /work/main and /work/shared): walk up until one has it."""
    if "COCHLEA_FSDD" in os.environ:
        return os.path.join(os.environ["COCHLEA_FSDD"], "recordings", "0_jackson_0.wav")
    here = ROOT
    while True:
        candidate = os.path.join(here, "shared", "data", "fsdd", "recordings", "0_jackson_0.wav")
        if os.path.exists(candidate) or os.path.dirname(here) == here:
            return candidate
        here = os.path.dirname(here)


FSDD = find_fsdd_clip()

# Mel filterbanks with more bands than FFT bins warn about empty filters; that is torchaudio's default
# configuration (n_mels=128, n_fft=400) and exactly what we want to reproduce, so silence it.
warnings.filterwarnings("ignore", message="At least one mel filterbank has all zero values")


def save_npy(name, array):
    array = np.ascontiguousarray(np.asarray(array, dtype="<f4"))
    np.save(os.path.join(OUT, name), array)


def signal(sample_rate, seconds, seed):
    """Two tones, a chirp and a little noise, peak below 0.9: exercises every part of the spectrum."""
    n = int(round(sample_rate * seconds))
    t = np.arange(n) / sample_rate
    nyquist = sample_rate / 2
    x = 0.4 * np.sin(2 * math.pi * 440.0 * t) + 0.2 * np.sin(2 * math.pi * 0.3 * nyquist * t + 0.5)
    x += 0.15 * np.sin(2 * math.pi * (100.0 + 0.8 * nyquist * t / seconds / 2) * t)
    x += 0.02 * np.random.default_rng(seed).standard_normal(n)
    return x.astype(np.float64)


def stereo(sample_rate, seconds, seed):
    left = signal(sample_rate, seconds, seed)
    right = 0.5 * signal(sample_rate, seconds, seed + 1)[::-1]
    return np.stack([left, right], axis=1)  # (frames, channels) as scipy writes


# ---- a tiny hand-written RIFF writer for layouts scipy does not produce ----
def chunk(tag, payload):
    data = tag + struct.pack("<I", len(payload)) + payload
    return data + (b"\x00" if len(payload) % 2 else b"")  # RIFF pads odd chunks to even length


def fmt_chunk(tag, channels, rate, bits, extensible_subformat=None):
    block = channels * bits // 8
    base = struct.pack("<HHIIHH", tag, channels, rate, rate * block, block, bits)
    if extensible_subformat is None:
        return chunk(b"fmt ", base)
    guid = struct.pack("<H", extensible_subformat) + bytes.fromhex("000000001000800000aa00389b71")
    mask = (1 << channels) - 1
    return chunk(b"fmt ", base + struct.pack("<HHI", 22, bits, mask) + guid)


def riff(*chunks):
    body = b"WAVE" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def pcm_bytes(frames, bits):
    """frames: (n, channels) float in [-1, 1). Signed little-endian PCM (or unsigned for 8 bits)."""
    if bits == 8:
        return np.clip(np.round(frames * 128) + 128, 0, 255).astype(np.uint8).tobytes()
    scale = 2 ** (bits - 1)
    ints = np.clip(np.round(frames * scale), -scale, scale - 1).astype(np.int64)
    raw = ints.astype("<i4").tobytes()
    if bits == 32:
        return raw
    width = bits // 8
    return b"".join(raw[i:i + width] for i in range(0, len(raw), 4))


def write_raw(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def quantise(x, dtype):
    if dtype == np.uint8:
        return np.clip(np.round(x * 128) + 128, 0, 255).astype(np.uint8)
    if dtype in (np.int16, np.int32):
        scale = 2 ** (8 * np.dtype(dtype).itemsize - 1)
        return np.clip(np.round(x * scale), -scale, scale - 1).astype(dtype)
    return x.astype(dtype)


def check_against_scipy(name, decoded, rate):
    """Cross-check torchaudio's decoding with scipy's integer data and the documented scale factors."""
    scipy_rate, data = scipy.io.wavfile.read(os.path.join(OUT, name))
    assert scipy_rate == rate, name
    data = data.reshape(len(data), -1).T
    if data.dtype == np.uint8:
        expected = (data.astype(np.float64) - 128) / 128
    elif data.dtype == np.int16:
        expected = data / 32768.0
    elif data.dtype == np.int32:  # scipy returns 24-bit samples left-aligned in int32
        expected = data / 2.0 ** 31
    else:
        expected = data.astype(np.float64)
    error = np.max(np.abs(expected - decoded))
    assert decoded.shape == expected.shape and error < 1e-7, (name, decoded.shape, expected.shape, error)


def write_wavs():
    """Each WAV plus <name>.npy: what torchaudio.load(normalize=True) returns, shape (channels, frames)."""
    files = {}
    for name, rate, dtype, frames in [
        ("pcm_u8_8k_mono.wav", 8000, np.uint8, signal(8000, 0.1, 1)),
        ("pcm_s16_8k_mono.wav", 8000, np.int16, signal(8000, 0.1, 2)),
        ("pcm_s32_16k_mono.wav", 16000, np.int32, signal(16000, 0.05, 3)),
        ("float32_44k_mono.wav", 44100, np.float32, signal(44100, 0.05, 4)),
        ("float64_8k_mono.wav", 8000, np.float64, signal(8000, 0.05, 5)),
        ("pcm_s16_44k_stereo.wav", 44100, np.int16, stereo(44100, 0.05, 6)),
    ]:
        scipy.io.wavfile.write(os.path.join(OUT, name), rate, quantise(frames, dtype))
        files[name] = frames
    # 24-bit plain PCM (format tag 1), which scipy cannot write.
    s24 = signal(16000, 0.05, 7)[:, None]
    write_raw("pcm_s24_16k_mono.wav", riff(fmt_chunk(1, 1, 16000, 24), chunk(b"data", pcm_bytes(s24, 24))))
    # WAVE_FORMAT_EXTENSIBLE, 24-bit PCM stereo, with a LIST chunk between fmt and data.
    e24 = stereo(16000, 0.02, 8)
    info = chunk(b"LIST", b"INFOISFT" + struct.pack("<I", 9) + b"cochlea\x00\x00\x00")
    write_raw("ext_s24_16k_stereo.wav",
              riff(fmt_chunk(0xFFFE, 2, 16000, 24, extensible_subformat=1), info, chunk(b"data", pcm_bytes(e24, 24))))
    # WAVE_FORMAT_EXTENSIBLE, float32 mono, with the fact chunk float files carry.
    ef = signal(8000, 0.02, 9).astype("<f4")
    write_raw("ext_f32_8k_mono.wav",
              riff(fmt_chunk(0xFFFE, 1, 8000, 32, extensible_subformat=3), chunk(b"fact", struct.pack("<I", len(ef))),
                   chunk(b"data", ef.tobytes())))
    # Odd-sized chunks: an odd unknown chunk before fmt, an odd 8-bit data chunk (pad byte), a chunk after data.
    odd = signal(8000, 0.02, 10)[:81, None]
    write_raw("odd_chunks_u8_8k_mono.wav",
              riff(chunk(b"junk", b"abc"), fmt_chunk(1, 1, 8000, 8), chunk(b"data", pcm_bytes(odd, 8)),
                   chunk(b"LIST", b"INFOx")))

    for name in sorted(os.listdir(OUT)):
        if not name.endswith(".wav"):
            continue
        waveform, rate = torchaudio.load(os.path.join(OUT, name), normalize=True)
        check_against_scipy(name, waveform.numpy(), rate)
        save_npy(name[:-4] + ".npy", waveform.numpy())
        print(f"{name}: {tuple(waveform.shape)} @ {rate} Hz, {os.path.getsize(os.path.join(OUT, name))} bytes")


def load(name):
    return torchaudio.load(os.path.join(OUT, name), normalize=True)[0][0]


def write_resample():
    x8 = load("pcm_s16_8k_mono.wav")
    x44 = load("float32_44k_mono.wav")
    x16 = torch.from_numpy(signal(16000, 0.1, 11).astype(np.float32))
    save_npy("signal_16k.npy", x16.numpy())
    save_npy("resample_8k_to_16k.npy", F.resample(x8, 8000, 16000).numpy())
    save_npy("resample_44k_to_16k.npy", F.resample(x44, 44100, 16000).numpy())
    save_npy("resample_16k_to_8k.npy", F.resample(x16, 16000, 8000).numpy())
    save_npy("resample_8k_to_22k_w16_r090.npy",
             F.resample(x8, 8000, 22050, lowpass_filter_width=16, rolloff=0.9).numpy())


def write_transforms():
    x16 = torch.from_numpy(np.load(os.path.join(OUT, "signal_16k.npy")))
    spec = T.Spectrogram()(x16)
    save_npy("spectrogram_default.npy", spec.numpy())
    save_npy("melspectrogram_default.npy", T.MelSpectrogram()(x16).numpy())
    save_npy("mfcc_default.npy", T.MFCC()(x16).numpy())
    save_npy("amplitude_to_db_power_top80.npy", T.AmplitudeToDB("power", top_db=80.0)(spec).numpy())
    save_npy("amplitude_to_db_magnitude.npy", T.AmplitudeToDB("magnitude")(spec).numpy())

    # Non-default options at 8 kHz: shorter window than n_fft, power 1, no centring; Slaney mel; log-mel MFCC.
    x8 = load("pcm_s16_8k_mono.wav")
    save_npy("spectrogram_8k_custom.npy",
             T.Spectrogram(n_fft=256, win_length=200, hop_length=80, power=1.0, center=False)(x8).numpy())
    save_npy("melspectrogram_8k_custom.npy",
             T.MelSpectrogram(sample_rate=8000, n_fft=256, win_length=200, hop_length=80, f_min=20.0, f_max=3800.0,
                              n_mels=40, pad_mode="constant", norm="slaney", mel_scale="slaney")(x8).numpy())
    save_npy("mfcc_8k_custom.npy",
             T.MFCC(sample_rate=8000, n_mfcc=13, log_mels=True,
                    melkwargs=dict(n_fft=256, hop_length=80, n_mels=40))(x8).numpy())
    save_npy("melscale_fbanks_default.npy", F.melscale_fbanks(201, 0.0, 8000.0, 128, 16000))
    save_npy("create_dct_40_128_ortho.npy", F.create_dct(40, 128, "ortho"))

    if os.path.exists(FSDD):
        wav, rate = torchaudio.load(FSDD, normalize=True)
        mfcc = T.MFCC(sample_rate=rate, n_mfcc=40, melkwargs=dict(n_fft=256, hop_length=128, n_mels=40))(wav[0])
        save_npy("fsdd_0_jackson_0_mfcc.npy", mfcc.numpy())
    else:
        print(f"note: {FSDD} not found; fsdd_0_jackson_0_mfcc.npy not regenerated", file=sys.stderr)


def main():
    print(f"torch {torch.__version__}, torchaudio {torchaudio.__version__}")
    os.makedirs(OUT, exist_ok=True)
    write_wavs()
    write_resample()
    write_transforms()
    total = sum(os.path.getsize(os.path.join(OUT, n)) for n in os.listdir(OUT))
    print(f"{len(os.listdir(OUT))} files, {total} bytes in {OUT}")


if __name__ == "__main__":
    main()
