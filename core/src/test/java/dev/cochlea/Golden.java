package dev.cochlea;

import dev.cochlea.io.CheckpointException;
import dev.cochlea.io.HostArray;
import dev.cochlea.io.SafeTensors;
import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.Backends;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * One golden file written by tools/golden/make_golden.py with PyTorch (see tools/golden/README.md for every file's
 * tensors and metadata), read from the test class path under golden/.
 */
public final class Golden {
    private final String name;
    private final Map<String, HostArray> tensors;
    private final Map<String, String> metadata;

    private Golden(String name, SafeTensors.Contents contents) {
        this.name = name;
        this.tensors = contents.tensors();
        this.metadata = contents.metadata();
    }

    public static Golden load(String name) {
        String resource = "/golden/" + name + ".safetensors";
        try (InputStream in = Golden.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("golden file " + resource + " is missing: run "
                        + "/usr/bin/python3 tools/golden/make_golden.py");
            }
            return new Golden(name, SafeTensors.parse(in.readAllBytes(), resource));
        } catch (CheckpointException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String name() {
        return name;
    }

    public boolean has(String tensor) {
        return tensors.containsKey(tensor);
    }

    public HostArray raw(String tensor) {
        HostArray a = tensors.get(tensor);
        if (a == null) {
            throw new IllegalArgumentException(name + " has no tensor '" + tensor + "'; it has " + tensors.keySet());
        }
        return a;
    }

    public float[] floats(String tensor) {
        return raw(tensor).floats();
    }

    public int[] shape(String tensor) {
        return raw(tensor).shape();
    }

    /** The tensor on the default backend: float32 for floats, int32 for PyTorch's int64 labels and indices. */
    public Tensor tensor(String tensor) {
        return tensor(Backends.best(), tensor);
    }

    public Tensor tensor(Backend backend, String tensor) {
        HostArray a = raw(tensor);
        if (a.isFloat()) {
            return Tensor.of(backend, a.floats(), a.shape());
        }
        return Tensor.ofInts(backend, ints(tensor), a.shape());
    }

    public int[] ints(String tensor) {
        long[] l = raw(tensor).longs();
        int[] v = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            v[i] = Math.toIntExact(l[i]);
        }
        return v;
    }

    public String meta(String key) {
        String v = metadata.get(key);
        if (v == null) {
            throw new IllegalArgumentException(name + " has no metadata '" + key + "'; it has " + metadata.keySet());
        }
        return v;
    }

    public int metaInt(String key) {
        return Integer.parseInt(meta(key));
    }

    public float metaFloat(String key) {
        return Float.parseFloat(meta(key));
    }

    public boolean metaBool(String key) {
        return Boolean.parseBoolean(meta(key));
    }
}
