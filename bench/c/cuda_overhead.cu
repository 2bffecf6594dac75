// cuda_overhead.cu: the C peer for cvj's CUDA overhead benchmarks. Measures what one CUDA Runtime call,
// one kernel launch, one stream-ordered allocation and one copy cost from plain C++, so the Java numbers
// (FFM downcalls) have a floor to be compared with.
//
// Build: nvcc -O3 -arch=sm_90 -o /tmp/cuda_overhead bench/c/cuda_overhead.cu
// Run:   /tmp/cuda_overhead [--quick] [--calls-only]   (CSV on stdout: metric,value,unit; progress on stderr)
// --calls-only stops after the runtime calls and kernel launches (build-and-run.sh uses it for the second
// build, linked with the shared cudart as the JVM uses it: nvcc links libcudart_static by default).
//
// Method: every measurement is warmed up first, then repeated; the value printed is the median of the
// repeats. Host-side costs use std::chrono::steady_clock; pinned and device copies use CUDA events;
// pageable copies use the host clock (cudaMemcpy is synchronous for them). GB/s is 10^9 bytes per second.
// --quick shrinks loop counts ~10x for a smoke test. Every CUDA return code is checked.
#include "cuda_check.h"

#include <cuda_runtime.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

using Clock = std::chrono::steady_clock;

static double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

static double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static void emit(const std::string& metric, double value, const char* unit) {
  std::printf("%s,%.6g,%s\n", metric.c_str(), value, unit);
  std::fflush(stdout);
}

static std::string size_name(size_t bytes) {
  char buf[32];
  if (bytes >= (1ull << 30)) std::snprintf(buf, sizeof buf, "%zuGiB", bytes >> 30);
  else if (bytes >= (1ull << 20)) std::snprintf(buf, sizeof buf, "%zuMiB", bytes >> 20);
  else std::snprintf(buf, sizeof buf, "%zuKiB", bytes >> 10);
  return buf;
}

__global__ void empty_kernel() {}

static bool quick = false;
static bool calls_only = false;
static const int REPEATS = 5;

// Median over REPEATS of (time of `iters` calls of f) / iters, in ns, after `iters/10` warm-up calls.
template <typename F>
static double ns_per_call(long iters, F f) {
  for (long i = 0; i < std::max(1000L, iters / 10); i++) f();
  std::vector<double> v;
  for (int r = 0; r < REPEATS; r++) {
    auto t0 = Clock::now();
    for (long i = 0; i < iters; i++) f();
    v.push_back(seconds_since(t0) * 1e9 / iters);
  }
  return median(v);
}

int main(int argc, char** argv) {
  for (int i = 1; i < argc; i++) {
    if (!std::strcmp(argv[i], "--quick")) quick = true;
    else if (!std::strcmp(argv[i], "--calls-only")) calls_only = true;
    else { std::fprintf(stderr, "usage: %s [--quick] [--calls-only]\n", argv[0]); return 2; }
  }
  const long CALLS = quick ? 100000 : 1000000;
  const long LAUNCHES = quick ? 10000 : 100000;
  const long ROUNDTRIPS = quick ? 2000 : 10000;
  const long ALLOCS = quick ? 10000 : 100000;

  int dev = 0, count = 0, rt = 0, drv = 0;
  CHECK(cudaGetDeviceCount(&count));
  CHECK(cudaSetDevice(dev));
  CHECK(cudaFree(0));  // create the primary context
  cudaDeviceProp prop;
  CHECK(cudaGetDeviceProperties(&prop, dev));
  CHECK(cudaRuntimeGetVersion(&rt));
  CHECK(cudaDriverGetVersion(&drv));
  std::printf("metric,value,unit\n");
  std::printf("device,%s,name\n", prop.name);
  emit("device_count", count, "count");
  emit("runtime_version", rt, "int");
  emit("driver_version", drv, "int");

  // ---------------------------------------------------------------- cheap runtime calls
  std::fprintf(stderr, "runtime calls...\n");
  int sink = 0;
  emit("cudaGetDeviceCount", ns_per_call(CALLS, [&] { CHECK(cudaGetDeviceCount(&sink)); }), "ns/call");
  emit("cudaGetDevice", ns_per_call(CALLS, [&] { CHECK(cudaGetDevice(&sink)); }), "ns/call");

  cudaStream_t s;
  CHECK(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking));
  cudaEvent_t done;
  CHECK(cudaEventCreateWithFlags(&done, cudaEventDisableTiming));
  CHECK(cudaEventRecord(done, s));
  CHECK(cudaEventSynchronize(done));
  emit("cudaEventQuery_completed", ns_per_call(CALLS, [&] { CHECK(cudaEventQuery(done)); }), "ns/call");
  emit("cudaStreamQuery_idle", ns_per_call(CALLS, [&] { CHECK(cudaStreamQuery(s)); }), "ns/call");

  // ---------------------------------------------------------------- kernel launches
  std::fprintf(stderr, "kernel launches...\n");
  for (int i = 0; i < 1000; i++) empty_kernel<<<1, 1, 0, s>>>();
  CHECK(cudaGetLastError());
  CHECK(cudaStreamSynchronize(s));
  {
    std::vector<double> host_ns, total_ns;
    for (int r = 0; r < REPEATS; r++) {
      auto t0 = Clock::now();
      for (long i = 0; i < LAUNCHES; i++) empty_kernel<<<1, 1, 0, s>>>();
      double enq = seconds_since(t0);
      CHECK(cudaGetLastError());
      CHECK(cudaStreamSynchronize(s));
      double all = seconds_since(t0);
      host_ns.push_back(enq * 1e9 / LAUNCHES);
      total_ns.push_back(all * 1e9 / LAUNCHES);
    }
    // Host time to enqueue one launch (the queue fills after ~1000 launches, so this converges to the
    // GPU's launch throughput for long loops), and the same including the final sync.
    emit("launch_empty_host", median(host_ns), "ns/launch");
    emit("launch_empty_with_final_sync", median(total_ns), "ns/launch");
  }
  {
    // Host time of one launch on an empty queue (a sync before each): what one operator call pays to issue
    // its kernel when the application waits for every result. cvj's counterpart: CallLatencyGpuMain.
    std::vector<double> one_ns;
    for (int r = 0; r < 2000; r++) {
      CHECK(cudaStreamSynchronize(s));
      auto t0 = Clock::now();
      empty_kernel<<<1, 1, 0, s>>>();
      one_ns.push_back(seconds_since(t0) * 1e9);
    }
    CHECK(cudaGetLastError());
    CHECK(cudaStreamSynchronize(s));
    emit("launch_empty_host_empty_queue", median(one_ns), "ns/launch");
  }
  {
    std::vector<double> v;
    for (long i = 0; i < ROUNDTRIPS / 10; i++) {
      empty_kernel<<<1, 1, 0, s>>>();
      CHECK(cudaStreamSynchronize(s));
    }
    for (int r = 0; r < REPEATS; r++) {
      auto t0 = Clock::now();
      for (long i = 0; i < ROUNDTRIPS; i++) {
        empty_kernel<<<1, 1, 0, s>>>();
        CHECK(cudaStreamSynchronize(s));
      }
      v.push_back(seconds_since(t0) * 1e6 / ROUNDTRIPS);
    }
    CHECK(cudaGetLastError());
    emit("launch_sync_roundtrip", median(v), "us");
  }

  if (calls_only) {
    CHECK(cudaEventDestroy(done));
    CHECK(cudaStreamDestroy(s));
    std::fprintf(stderr, "done (calls only)\n");
    return 0;
  }

  // ---------------------------------------------------------------- stream-ordered allocation
  std::fprintf(stderr, "cudaMallocAsync/cudaFreeAsync...\n");
  {
    cudaMemPool_t pool;
    CHECK(cudaDeviceGetDefaultMemPool(&pool, dev));
    uint64_t threshold = UINT64_MAX;  // keep freed memory in the pool: measure the warm path
    CHECK(cudaMemPoolSetAttribute(pool, cudaMemPoolAttrReleaseThreshold, &threshold));
    const size_t sizes[] = {256, 1 << 20, 64 << 20};
    for (size_t bytes : sizes) {
      void* p = nullptr;
      double ns = ns_per_call(ALLOCS, [&] {
        CHECK(cudaMallocAsync(&p, bytes, s));
        CHECK(cudaFreeAsync(p, s));
      });
      CHECK(cudaStreamSynchronize(s));
      emit("mallocAsync_freeAsync_pair_" + (bytes < 1024 ? std::to_string(bytes) + "B" : size_name(bytes)),
           ns, "ns/pair");
    }
  }

  // ---------------------------------------------------------------- copies
  const size_t KiB = 1024, MiB = 1024 * KiB, GiB = 1024 * MiB;
  const size_t sizes[] = {4 * KiB, 64 * KiB, 1 * MiB, 16 * MiB, 256 * MiB, 1 * GiB};
  const size_t maxBytes = 1 * GiB;
  void *d0 = nullptr, *d1 = nullptr, *pinned = nullptr;
  CHECK(cudaMalloc(&d0, maxBytes));
  CHECK(cudaMalloc(&d1, maxBytes));
  CHECK(cudaMemset(d0, 1, maxBytes));
  CHECK(cudaMemset(d1, 2, maxBytes));
  CHECK(cudaMallocHost(&pinned, maxBytes));
  std::memset(pinned, 3, maxBytes);
  void* pageable = std::malloc(maxBytes);
  if (!pageable) { std::fprintf(stderr, "malloc(1 GiB) failed\n"); return 1; }
  std::memset(pageable, 4, maxBytes);  // fault every page in before timing
  cudaEvent_t e0, e1;
  CHECK(cudaEventCreate(&e0));
  CHECK(cudaEventCreate(&e1));

  // Each sample copies `inner` times back to back (so that a sample lasts >= ~1 ms even for 4 KiB) and
  // gives bytes*inner/time; the median of `samples` samples is printed, after 2 warm-up samples.
  auto inner_for = [&](size_t bytes) { return (int)std::max<size_t>(1, std::min<size_t>(1000, (64 * MiB) / bytes)); };
  auto samples_for = [&](size_t bytes) { return quick ? 3 : (bytes >= 256 * MiB ? 10 : 20); };

  auto event_bw = [&](const char* name, void* dst, const void* src, size_t bytes, cudaMemcpyKind kind,
                      double bytesFactor) {
    int inner = inner_for(bytes), samples = samples_for(bytes);
    std::vector<double> gbps, us;
    for (int k = -2; k < samples; k++) {
      CHECK(cudaEventRecord(e0, s));
      for (int i = 0; i < inner; i++) CHECK(cudaMemcpyAsync(dst, src, bytes, kind, s));
      CHECK(cudaEventRecord(e1, s));
      CHECK(cudaEventSynchronize(e1));
      float ms = 0;
      CHECK(cudaEventElapsedTime(&ms, e0, e1));
      if (k < 0) continue;
      double sec = ms / 1e3;
      gbps.push_back(bytesFactor * bytes * inner / sec / 1e9);
      us.push_back(sec * 1e6 / inner);
    }
    emit(std::string(name) + "_" + size_name(bytes), median(gbps), "GB/s");
    emit(std::string(name) + "_" + size_name(bytes) + "_time", median(us), "us/copy");
  };
  auto host_bw = [&](const char* name, void* dst, const void* src, size_t bytes, cudaMemcpyKind kind) {
    int inner = inner_for(bytes), samples = samples_for(bytes);
    std::vector<double> gbps, us;
    for (int k = -2; k < samples; k++) {
      auto t0 = Clock::now();
      for (int i = 0; i < inner; i++) CHECK(cudaMemcpy(dst, src, bytes, kind));
      CHECK(cudaDeviceSynchronize());  // small pageable H2D copies may return before the DMA ends
      double sec = seconds_since(t0);
      if (k < 0) continue;
      gbps.push_back((double)bytes * inner / sec / 1e9);
      us.push_back(sec * 1e6 / inner);
    }
    emit(std::string(name) + "_" + size_name(bytes), median(gbps), "GB/s");
    emit(std::string(name) + "_" + size_name(bytes) + "_time", median(us), "us/copy");
  };

  for (size_t bytes : sizes) {
    std::fprintf(stderr, "copies %s...\n", size_name(bytes).c_str());
    event_bw("h2d_pinned", d0, pinned, bytes, cudaMemcpyHostToDevice, 1.0);
    event_bw("d2h_pinned", pinned, d0, bytes, cudaMemcpyDeviceToHost, 1.0);
    host_bw("h2d_pageable", d0, pageable, bytes, cudaMemcpyHostToDevice);
    host_bw("d2h_pageable", pageable, d0, bytes, cudaMemcpyDeviceToHost);
  }
  // Device to device: read + write bytes counted (2 x size), as bandwidth tests usually report it.
  for (size_t bytes : {256 * MiB, 1 * GiB}) {
    std::fprintf(stderr, "d2d %s...\n", size_name(bytes).c_str());
    event_bw("d2d_rw", d1, d0, bytes, cudaMemcpyDeviceToDevice, 2.0);
  }

  CHECK(cudaEventDestroy(e0));
  CHECK(cudaEventDestroy(e1));
  CHECK(cudaEventDestroy(done));
  CHECK(cudaFreeHost(pinned));
  std::free(pageable);
  CHECK(cudaFree(d0));
  CHECK(cudaFree(d1));
  CHECK(cudaStreamDestroy(s));
  CHECK(cudaGetLastError());
  std::fprintf(stderr, "done\n");
  return 0;
}
