// A kernel server for the CUDA emulator: keeps "device" buffers and runs kernels on request. The protocol, over
// stdin/stdout in little-endian binary, is spoken by EmulatorProcess.java:
//   'A' id:i64 bytes:i64            allocate          'F' id:i64                       free
//   'W' id:i64 offset:i64 n:i64 data write            'R' id:i64 offset:i64 n:i64      read (answers n bytes)
//   'L' name:str gx gy gz block:i32 argc:i32 args     launch (answers 'K', or 'E' and a message)
// An argument is a tag and a value: 'p' buffer id (-1: null), 'i' i32, 'l' i64, 'f' f32, 's' 8 x i32.
#include "cuda_emulation.h"

#include <cstdio>
#include <map>
#include <string>

#include "elementwise.cu"
#include "reduce.cu"
#include "gemm.cu"
#include "conv1d.cu"
#include "batchnorm.cu"
#include "pool.cu"
#include "softmax.cu"
#include "optim.cu"

namespace {

std::map<int64_t, std::vector<unsigned char>> buffers;

struct Arg {
    char tag = 0;
    int32_t i = 0;
    int64_t l = 0;
    float f = 0;
    Shape8 s{};
    void* p = nullptr;
};

bool read_exact(void* dst, size_t n) {
    return fread(dst, 1, n, stdin) == n;
}

template <class T>
T read_value() {
    T v{};
    if (!read_exact(&v, sizeof v)) exit(0);
    return v;
}

std::string read_string() {
    int32_t n = read_value<int32_t>();
    std::string s(n, '\0');
    if (!read_exact(s.data(), n)) exit(0);
    return s;
}

void answer(const void* data, size_t n) {
    fwrite(data, 1, n, stdout);
}

emu::Pool& pool() {
    static emu::Pool instance;
    return instance;
}

// Generated from the kernels' declarations by EmulatorBuild.java: if (name == "...") { pool().run(...); return ""; }
std::string dispatch(const std::string& name, uint3 grid, std::vector<Arg>& a) {
#include "dispatch.inc"
    return "unknown kernel " + name;
}

}  // namespace

int main() {
    for (;;) {
        int c = fgetc(stdin);
        if (c == EOF) return 0;
        if (c == 'A') {
            int64_t id = read_value<int64_t>(), bytes = read_value<int64_t>();
            buffers[id].assign(bytes, 0xFF);
        } else if (c == 'F') {
            buffers.erase(read_value<int64_t>());
        } else if (c == 'W') {
            int64_t id = read_value<int64_t>(), offset = read_value<int64_t>(), n = read_value<int64_t>();
            if (!read_exact(buffers.at(id).data() + offset, n)) return 0;
        } else if (c == 'R') {
            int64_t id = read_value<int64_t>(), offset = read_value<int64_t>(), n = read_value<int64_t>();
            answer(buffers.at(id).data() + offset, n);
            fflush(stdout);
        } else if (c == 'L') {
            std::string name = read_string();
            uint3 grid;
            grid.x = read_value<int32_t>();
            grid.y = read_value<int32_t>();
            grid.z = read_value<int32_t>();
            int32_t block = read_value<int32_t>();
            int32_t argc = read_value<int32_t>();
            std::vector<Arg> args(argc);
            for (Arg& arg : args) {
                arg.tag = (char) fgetc(stdin);
                switch (arg.tag) {
                    case 'p': {
                        int64_t id = read_value<int64_t>();
                        arg.p = id < 0 ? nullptr : buffers.at(id).data();
                        break;
                    }
                    case 'i': arg.i = read_value<int32_t>(); break;
                    case 'l': arg.l = read_value<int64_t>(); break;
                    case 'f': arg.f = read_value<float>(); break;
                    case 's': for (int& d : arg.s.v) d = read_value<int32_t>(); break;
                    default: return 2;
                }
            }
            std::string error = block == emu::kBlock ? dispatch(name, grid, args)
                                                     : "the emulator runs 256-thread blocks only";
            if (error.empty()) {
                answer("K", 1);
            } else {
                answer("E", 1);
                int32_t n = (int32_t) error.size();
                answer(&n, sizeof n);
                answer(error.data(), n);
            }
            fflush(stdout);
        } else {
            return 3;
        }
    }
}
