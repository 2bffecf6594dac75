// npp_bench.cuh: what the NPP peers (npp_ops.cu, npp_varshape.cu) share: status checks, random inputs made on the
// GPU, the application-filled NppStreamContext of the _Ctx API, and the timing of one op, done as cvj's GpuTimer does:
// `sets` warm-up runs, then `reps` runs each between a pair of CUDA events, the median taken, twice: on an idle GPU
// (median_ms: the host's time to issue the calls is on the clock) and queued behind a kernel that spins for 1 ms
// without touching memory (queued_ms: only the GPU's work is on the clock; a run whose spin ended before the start
// event ran is counted as expired and reported on stderr).
#pragma once

#include "cuda_check.h"

#include <cuda_runtime.h>
#include <nppcore.h>
#include <nppdefs.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

__global__ void fill_random(unsigned char* p, size_t n, unsigned seed) {
  size_t stride = (size_t)gridDim.x * blockDim.x;
  for (size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride) {
    unsigned x = (unsigned)i * 2654435761u ^ seed * 0x9E3779B9u;
    x ^= x >> 16; x *= 0x7feb352du; x ^= x >> 15; x *= 0x846ca68bu; x ^= x >> 16;
    p[i] = (unsigned char)x;
  }
}

// The blocking kernel of the queued timing: spins on the global timer for `ns` nanoseconds.
__global__ void spin_ns(unsigned long long ns) {
  unsigned long long t0, t;
  asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(t0));
  do {
    asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(t));
  } while (t - t0 < ns);
}

static double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static NppStreamContext make_context(cudaStream_t stream) {
  NppStreamContext ctx;
  std::memset(&ctx, 0, sizeof ctx);
  int dev = 0;
  CHECK(cudaGetDevice(&dev));
  ctx.hStream = stream;
  ctx.nCudaDeviceId = dev;
  CHECK(cudaDeviceGetAttribute(&ctx.nMultiProcessorCount, cudaDevAttrMultiProcessorCount, dev));
  CHECK(cudaDeviceGetAttribute(&ctx.nMaxThreadsPerMultiProcessor, cudaDevAttrMaxThreadsPerMultiProcessor, dev));
  CHECK(cudaDeviceGetAttribute(&ctx.nMaxThreadsPerBlock, cudaDevAttrMaxThreadsPerBlock, dev));
  int smem = 0;
  CHECK(cudaDeviceGetAttribute(&smem, cudaDevAttrMaxSharedMemoryPerBlock, dev));
  ctx.nSharedMemPerBlock = (size_t)smem;
  CHECK(cudaDeviceGetAttribute(&ctx.nCudaDevAttrComputeCapabilityMajor, cudaDevAttrComputeCapabilityMajor, dev));
  CHECK(cudaDeviceGetAttribute(&ctx.nCudaDevAttrComputeCapabilityMinor, cudaDevAttrComputeCapabilityMinor, dev));
  CHECK(cudaStreamGetFlags(stream, &ctx.nStreamFlags));
  return ctx;
}

// Times run(set) (set = run index % sets, so the input sets rotate) on stream s and prints its CSV row
// "npp,<op>,<batch>,<size>,<median_ms>,,,,<queued_ms>,<expired>", or "npp,<op>,<batch>,<size>,nan" with the
// NppStatus on stderr when NPP returned one other than NPP_SUCCESS (negative: an error, positive: a warning; neither is
// timed). Returns that status.
static NppStatus time_and_print(cudaStream_t s, const char* op, int batch, const char* size, int sets, int reps,
                                const std::function<NppStatus(int)>& run) {
  cudaEvent_t e0, e1;
  CHECK(cudaEventCreate(&e0));
  CHECK(cudaEventCreate(&e1));
  NppStatus st = NPP_SUCCESS;
  for (int w = 0; w < sets && st == NPP_SUCCESS; w++) st = run(w % sets);
  CHECK(cudaStreamSynchronize(s));
  std::vector<double> ms, queued;
  int expired = 0;
  for (int pass = 0; pass < 2; pass++) {
    for (int r = 0; r < reps && st == NPP_SUCCESS; r++) {
      if (pass == 1) spin_ns<<<1, 1, 0, s>>>(1000000ull);
      CHECK(cudaEventRecord(e0, s));
      st = run(r % sets);
      CHECK(cudaEventRecord(e1, s));
      if (pass == 1 && cudaEventQuery(e0) == cudaSuccess) expired++;
      CHECK(cudaEventSynchronize(e1));
      float t = 0;
      CHECK(cudaEventElapsedTime(&t, e0, e1));
      (pass == 0 ? ms : queued).push_back(t);
    }
  }
  if (expired > 0) std::fprintf(stderr, "npp %s: %d queued runs issued after the spin ended\n", op, expired);
  CHECK(cudaGetLastError());
  CHECK(cudaEventDestroy(e0));
  CHECK(cudaEventDestroy(e1));
  if (st != NPP_SUCCESS) {
    std::fprintf(stderr, "npp %s: NppStatus %d\n", op, (int)st);
    std::printf("npp,%s,%d,%s,nan\n", op, batch, size);
  } else {
    std::printf("npp,%s,%d,%s,%.4f,,,,%.4f,%d\n", op, batch, size, median(ms), median(queued), expired);
  }
  std::fflush(stdout);
  return st;
}

// The batch arguments of the per-image NPP harnesses (npp_ops.cu, npp_filters_warps.cu):
// [--batch 32] [--width 1920] [--height 1080] [--reps 20] [--quick]; a bad argument ends the run with status 2.
struct BatchArgs {
  int batch = 32, width = 1920, height = 1080, reps = 20;
};

inline BatchArgs parse_batch_args(int argc, char** argv, int minWidth, int minHeight) {
  BatchArgs r;
  for (int i = 1; i < argc; i++) {
    std::string a = argv[i];
    auto next = [&](int& v) {
      if (i + 1 >= argc) { std::fprintf(stderr, "%s needs a value\n", a.c_str()); std::exit(2); }
      v = std::atoi(argv[++i]);
    };
    if (a == "--batch") next(r.batch);
    else if (a == "--width") next(r.width);
    else if (a == "--height") next(r.height);
    else if (a == "--reps") next(r.reps);
    else if (a == "--quick") { r.reps = 3; }
    else {
      std::fprintf(stderr, "usage: %s [--batch N] [--width W] [--height H] [--reps N] [--quick]\n", argv[0]);
      std::exit(2);
    }
  }
  if (r.batch < 1 || r.width < minWidth || r.height < minHeight || r.reps < 1) {
    std::fprintf(stderr, "bad arguments\n");
    std::exit(2);
  }
  return r;
}

// One op of a harness: its CSV name and the run of the whole batch from input set k (first non-success status).
struct NppOp {
  const char* name;
  std::function<NppStatus(int)> run;
};

// Times and prints every op on a batch of width x height images; returns how many NPP refused.
inline int time_all(cudaStream_t s, const std::vector<NppOp>& ops, const BatchArgs& a, int sets) {
  char size[32];
  std::snprintf(size, sizeof size, "%dx%d", a.width, a.height);
  int failures = 0;
  for (const NppOp& op : ops) {
    if (time_and_print(s, op.name, a.batch, size, sets, a.reps, op.run) != NPP_SUCCESS) failures++;
  }
  return failures;
}
