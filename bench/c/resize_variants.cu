// resize_variants.cu: a tuning harness for cvj's U8 RGB resize kernels (LINEAR and AREA), 32 x 1080p -> 224.
// Times the kernel shipped in cvj-cv/src/main/cuda/resize.cu and candidate variants against NPP's batched
// resize (nppiResizeBatch_8u_C3R_Ctx) in one process, and checks every variant's output byte for byte
// against a reference kernel (LINEAR: the generic separable kernel, one pixel per thread; AREA: the per-thread
// kernel used before the staged one),
// which the GPU tests check against the CPU path (itself checked against OpenCV).
//
// Build and run (on the GPU machine):
//   nvcc -O3 -std=c++17 -arch=sm_90 -I cvj-cv/src/main/cuda -o /tmp/rv bench/c/resize_variants.cu -lnppig -lnppc
//   /tmp/rv [--batch 32] [--width 1920] [--height 1080] [--out 224] [--reps 30]
// Method: 3 input sets in rotation (the input is not in L2 from the run before), 3 warm-ups, median of
// `reps` runs, each timed with a pair of CUDA events on one stream.
#include "resize.cu"

#ifndef RV_NO_NPP  // -DRV_NO_NPP: compile check where the NPP headers are missing
#include <nppcore.h>
#include <nppi_geometry_transforms.h>
#endif

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#define CHECK(call)                                                                                \
  do {                                                                                             \
    cudaError_t err_ = (call);                                                                     \
    if (err_ != cudaSuccess) {                                                                     \
      std::fprintf(stderr, "CUDA error %s at %s:%d: %s\n", cudaGetErrorName(err_), __FILE__, __LINE__, #call); \
      std::exit(1);                                                                                \
    }                                                                                              \
  } while (0)

__global__ void fill_random(unsigned char* p, size_t n, unsigned seed) {
  for (size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x; i < n; i += (size_t)gridDim.x * blockDim.x) {
    unsigned x = (unsigned)i * 2654435761u ^ seed;
    x ^= x >> 13; x *= 0x5bd1e995u; x ^= x >> 15;
    p[i] = (unsigned char)x;
  }
}

// ---------------------------------------------------------------------------------------------- variants
// L1: the shipped separable kernel with one output pixel per thread (PX = 1) instead of 4.
__global__ void v_linear_px1(const void* src, long long sN, long long sH, int sw, int sh, void* dst, long long dN,
                             long long dH, int dw, int dh, double invX, double scaleX, double invY, double scaleY) {
  cvj_resize::separable<uint8_t, 3, 2, 1>(src, sN, sH, sw, sh, dst, dN, dH, dw, dh, invX, scaleX, invY, scaleY, 0);
}
__global__ void v_linear_px4(const void* src, long long sN, long long sH, int sw, int sh, void* dst, long long dN,
                             long long dH, int dw, int dh, double invX, double scaleX, double invY, double scaleY) {
  cvj_resize::separable<uint8_t, 3, 2, 4>(src, sN, sH, sw, sh, dst, dN, dH, dw, dh, invX, scaleX, invY, scaleY, 0);
}
__global__ void v_linear_px2(const void* src, long long sN, long long sH, int sw, int sh, void* dst, long long dN,
                             long long dH, int dw, int dh, double invX, double scaleX, double invY, double scaleY) {
  cvj_resize::separable<uint8_t, 3, 2, 2>(src, sN, sH, sw, sh, dst, dN, dH, dw, dh, invX, scaleX, invY, scaleY, 0);
}

// The vertical step of OpenCV's U8 LINEAR fixed point, from the two rows' horizontal sums h.
template <int CN>
__device__ __forceinline__ void storeLinear(uint8_t* d, const int (&h)[2][CN], const float (&wy)[2]) {
  const int b0 = cvj_resize::fixedCoef(wy[0]), b1 = cvj_resize::fixedCoef(wy[1]);
#pragma unroll
  for (int c = 0; c < CN; c++) {
    int v = (((h[0][c] >> 4) * b0) >> 16) + (((h[1][c] >> 4) * b1) >> 16);
    d[c] = (uint8_t)min(max((v + 2) >> 2, 0), 255);
  }
}

// Smem staging: padded byte address (a 16-byte pad after every 128 bytes spreads lanes ~26 bytes apart over banks).
__device__ __forceinline__ int padded(int b) { return b + ((b >> 7) << 4); }

// L3: one warp = 32 consecutive output pixels of one output row; the warp copies the byte span of the two
// source rows it needs into its own shared memory with 16-byte coalesced loads, then each lane interpolates.
__device__ __forceinline__ uint4 ld256(const uint4* p) {
  uint4 v;
  asm volatile("ld.global.nc.L2::256B.v4.u32 {%0,%1,%2,%3}, [%4];" : "=r"(v.x), "=r"(v.y), "=r"(v.z), "=r"(v.w) : "l"(p));
  return v;
}
template <bool L2PF> __device__ __forceinline__ uint4 ldv(const uint4* p) { return L2PF ? ld256(p) : __ldg(p); }

// Reference for the achievable rate: reads every byte of the two source rows of each output row with 16-byte
// coalesced loads (what LINEAR must fetch) and writes the output row; no interpolation.
__global__ void touched_rows(const uint8_t* src, long long sN, long long sH, int sw, int sh, uint8_t* dst,
                             long long dN, long long dH, int dw, int dh, double invY) {
  int y = blockIdx.x, n = blockIdx.y;
  double scale = 1.0 / invY;
  int fy = (int)floor(((double)y + 0.5) * scale - 0.5);
  const uint4* r0 = reinterpret_cast<const uint4*>(src + n * sN + (long long)min(max(fy, 0), sh - 1) * sH);
  const uint4* r1 = reinterpret_cast<const uint4*>(src + n * sN + (long long)min(max(fy + 1, 0), sh - 1) * sH);
  uint32_t acc = 0;
  for (int k = threadIdx.x; k < sw * 3 / 16; k += blockDim.x) {
    uint4 a = __ldg(r0 + k), b = __ldg(r1 + k);
    acc ^= a.x ^ a.y ^ a.z ^ a.w ^ b.x ^ b.y ^ b.z ^ b.w;
  }
  for (int k = threadIdx.x; k < dw * 3; k += blockDim.x) dst[n * dN + (long long)y * dH + k] = (uint8_t)(acc + k);
}

template <int WARPS, int MAXCH, bool L2PF = false>
__global__ void __launch_bounds__(WARPS * 32) v_linear_stage(const uint8_t* src, long long sN, long long sH, int sw,
        int sh, uint8_t* dst, long long dN, long long dH, int dw, int dh, double invX, double scaleX, double invY,
        double scaleY) {
  constexpr int CN = 3;
  __shared__ uint4 buf[WARPS][2][MAXCH + MAXCH / 8];
  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
  const int segs = (dw + 31) >> 5;
  const int gw = blockIdx.x * WARPS + warp;
  const int y = gw / segs, seg = gw - y * segs;
  if (y >= dh) return;
  const int n = blockIdx.y;
  const int x = seg * 32 + lane;
  const int xc = min(x, dw - 1);
  float wy[2], wx[2];
  int fy = cvj_resize::taps<2>(y, sh, scaleY, invY, 0, false, wy);
  int fx = cvj_resize::taps<2>(xc, sw, scaleX, invX, 0, true, wx);
  const int xs0 = min(max(fx, 0), sw - 1) * CN, xs1 = min(max(fx + 1, 0), sw - 1) * CN;
  const int lo = __shfl_sync(0xffffffffu, xs0, 0);
  const int hi = __shfl_sync(0xffffffffu, xs1, 31) + CN;
  const int a0 = lo & ~15;
  const int nch = (hi - a0 + 15) >> 4;
  const uint8_t* r0 = src + n * sN + (long long)min(max(fy, 0), sh - 1) * sH;
  const uint8_t* r1 = src + n * sN + (long long)min(max(fy + 1, 0), sh - 1) * sH;
  int h[2][CN];
  if (nch <= MAXCH) {
    uint4 v[2][(MAXCH + 31) / 32];
#pragma unroll
    for (int i = 0; i < (MAXCH + 31) / 32; i++) {
      int k = lane + 32 * i;
      if (k < nch) {
        v[0][i] = ldv<L2PF>(reinterpret_cast<const uint4*>(r0 + a0) + k);
        v[1][i] = ldv<L2PF>(reinterpret_cast<const uint4*>(r1 + a0) + k);
      }
    }
#pragma unroll
    for (int i = 0; i < (MAXCH + 31) / 32; i++) {
      int k = lane + 32 * i;
      if (k < nch) {
        buf[warp][0][k + (k >> 3)] = v[0][i];
        buf[warp][1][k + (k >> 3)] = v[1][i];
      }
    }
    __syncwarp();
    const uint8_t* b0 = reinterpret_cast<const uint8_t*>(buf[warp][0]);
    const uint8_t* b1 = reinterpret_cast<const uint8_t*>(buf[warp][1]);
    const int q0 = xs0 - a0, q1 = xs1 - a0;
    const int c0 = cvj_resize::fixedCoef(wx[0]), c1 = cvj_resize::fixedCoef(wx[1]);
#pragma unroll
    for (int c = 0; c < CN; c++) {
      h[0][c] = (int)b0[padded(q0 + c)] * c0 + (int)b0[padded(q1 + c)] * c1;
      h[1][c] = (int)b1[padded(q0 + c)] * c0 + (int)b1[padded(q1 + c)] * c1;
    }
  } else {
    const int c0 = cvj_resize::fixedCoef(wx[0]), c1 = cvj_resize::fixedCoef(wx[1]);
#pragma unroll
    for (int c = 0; c < CN; c++) {
      h[0][c] = (int)__ldg(r0 + xs0 + c) * c0 + (int)__ldg(r0 + xs1 + c) * c1;
      h[1][c] = (int)__ldg(r1 + xs0 + c) * c0 + (int)__ldg(r1 + xs1 + c) * c1;
    }
  }
  if (x >= dw) return;
  storeLinear<CN>(dst + n * dN + (long long)y * dH + x * CN, h, wy);
}

// L2: one output pixel per thread; each row's pixel pair (6 bytes) read as 3 aligned words (rows 4-byte aligned).
__global__ void v_linear_words(const uint8_t* src, long long sN, long long sH, int sw, int sh, uint8_t* dst,
        long long dN, long long dH, int dw, int dh, double invX, double scaleX, double invY, double scaleY) {
  constexpr int CN = 3;
  int x = blockIdx.x * blockDim.x + threadIdx.x;
  int y = blockIdx.y * blockDim.y + threadIdx.y;
  int n = blockIdx.z;
  if (x >= dw || y >= dh) return;
  float wy[2], wx[2];
  int fy = cvj_resize::taps<2>(y, sh, scaleY, invY, 0, false, wy);
  int fx = cvj_resize::taps<2>(x, sw, scaleX, invX, 0, true, wx);
  const int xs0 = min(max(fx, 0), sw - 1) * CN, xs1 = min(max(fx + 1, 0), sw - 1) * CN;
  const int c0 = cvj_resize::fixedCoef(wx[0]), c1 = cvj_resize::fixedCoef(wx[1]);
  const int rowBytes = sw * CN;
  int h[2][CN];
#pragma unroll
  for (int j = 0; j < 2; j++) {
    const uint8_t* r = src + n * sN + (long long)min(max(fy + j, 0), sh - 1) * sH;
    const int w0 = xs0 & ~3;
    if (w0 + 12 <= rowBytes) {
      const uint32_t* p = reinterpret_cast<const uint32_t*>(r + w0);
      uint32_t a = __ldg(p), b = __ldg(p + 1), cc = __ldg(p + 2);
      int o = (xs0 & 3) * 8;
      unsigned long long lo = __funnelshift_r(a, b, o), hi = __funnelshift_r(b, cc, o);
      unsigned long long v = lo | (hi << 32);
      int d = (xs1 - xs0) * 8;
#pragma unroll
      for (int c = 0; c < CN; c++)
        h[j][c] = (int)((v >> (8 * c)) & 255) * c0 + (int)((v >> (d + 8 * c)) & 255) * c1;
    } else {
#pragma unroll
      for (int c = 0; c < CN; c++) h[j][c] = (int)__ldg(r + xs0 + c) * c0 + (int)__ldg(r + xs1 + c) * c1;
    }
  }
  storeLinear<CN>(dst + n * dN + (long long)y * dH + x * CN, h, wy);
}

// ---------------------------------------------------------------------------------------------- harness
int main(int argc, char** argv) {
  int batch = 32, W = 1920, H = 1080, OUT = 224, reps = 30;
  for (int i = 1; i < argc; i++) {
    std::string a = argv[i];
    auto next = [&]() { return i + 1 < argc ? std::atoi(argv[++i]) : (std::exit(2), 0); };
    if (a == "--batch") batch = next();
    else if (a == "--width") W = next();
    else if (a == "--height") H = next();
    else if (a == "--out") OUT = next();
    else if (a == "--reps") reps = next();
    else { std::fprintf(stderr, "unknown argument %s\n", a.c_str()); return 2; }
  }
  const int SETS = 3, CN = 3;
  cudaDeviceProp prop;
  CHECK(cudaGetDeviceProperties(&prop, 0));
  std::printf("device %s; batch %d x %dx%d RGB U8 -> %dx%d; median of %d\n", prop.name, batch, W, H, OUT, OUT, reps);
  cudaStream_t s;
  CHECK(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking));
  const long long sH = (long long)W * CN, sN = sH * H, dH = (long long)OUT * CN, dN = dH * OUT;
  uint8_t* src[SETS];
  for (int k = 0; k < SETS; k++) {
    CHECK(cudaMalloc(&src[k], sN * batch));
    fill_random<<<1024, 256, 0, s>>>(src[k], sN * batch, 77u + k);
  }
  uint8_t *ref, *out;
  CHECK(cudaMalloc(&ref, dN * batch));
  CHECK(cudaMalloc(&out, dN * batch));
  const double invX = (double)OUT / W, invY = (double)OUT / H, scaleX = 1.0 / invX, scaleY = 1.0 / invY;

#ifndef RV_NO_NPP
  NppStreamContext ctx = {};
  ctx.hStream = s;
  ctx.nCudaDeviceId = 0;
  ctx.nMultiProcessorCount = prop.multiProcessorCount;
  ctx.nMaxThreadsPerMultiProcessor = prop.maxThreadsPerMultiProcessor;
  ctx.nMaxThreadsPerBlock = prop.maxThreadsPerBlock;
  ctx.nSharedMemPerBlock = prop.sharedMemPerBlock;
  ctx.nCudaDevAttrComputeCapabilityMajor = prop.major;
  ctx.nCudaDevAttrComputeCapabilityMinor = prop.minor;
  CHECK(cudaStreamGetFlags(s, &ctx.nStreamFlags));
  NppiResizeBatchCXR* lists[SETS];
  for (int k = 0; k < SETS; k++) {
    std::vector<NppiResizeBatchCXR> h(batch);
    for (int i = 0; i < batch; i++) h[i] = {src[k] + sN * i, (int)sH, out + dN * i, (int)dH};
    CHECK(cudaMalloc(&lists[k], sizeof(NppiResizeBatchCXR) * batch));
    CHECK(cudaMemcpy(lists[k], h.data(), sizeof(NppiResizeBatchCXR) * batch, cudaMemcpyHostToDevice));
  }
  const NppiSize roi = {W, H}, osz = {OUT, OUT};
  const NppiRect srect = {0, 0, W, H}, orect = {0, 0, OUT, OUT};

#endif
  cudaEvent_t e0, e1;
  CHECK(cudaEventCreate(&e0));
  CHECK(cudaEventCreate(&e1));
  auto time = [&](const char* name, std::function<void(const uint8_t*, uint8_t*)> f, bool refOut, bool check) {
    for (int w = 0; w < SETS; w++) f(src[w], out);
    CHECK(cudaGetLastError());
    std::vector<float> ms;
    for (int r = 0; r < reps; r++) {
      CHECK(cudaEventRecord(e0, s));
      f(src[r % SETS], out);
      CHECK(cudaEventRecord(e1, s));
      CHECK(cudaEventSynchronize(e1));
      float t;
      CHECK(cudaEventElapsedTime(&t, e0, e1));
      ms.push_back(t);
    }
    std::sort(ms.begin(), ms.end());
    long long diffs = -1;
    if (check || refOut) {
      f(src[0], out);
      CHECK(cudaStreamSynchronize(s));
      if (refOut) CHECK(cudaMemcpy(ref, out, dN * batch, cudaMemcpyDeviceToDevice));
      std::vector<uint8_t> a(dN * batch), b(dN * batch);
      CHECK(cudaMemcpy(a.data(), ref, dN * batch, cudaMemcpyDeviceToHost));
      CHECK(cudaMemcpy(b.data(), out, dN * batch, cudaMemcpyDeviceToHost));
      diffs = 0;
      int maxd = 0;
      for (size_t i = 0; i < a.size(); i++) { diffs += a[i] != b[i]; maxd = std::max(maxd, std::abs((int)a[i] - (int)b[i])); }
      if (diffs) std::printf("  (max |diff| %d over %zu bytes)\n", maxd, a.size());
    }
    std::printf("%-28s median %.4f ms  min %.4f ms  %s\n", name, ms[ms.size() / 2], ms[0],
                diffs < 0 ? "(not compared)" : (diffs == 0 ? "bit-exact vs reference" : ("DIFFERS in " + std::to_string(diffs) + " bytes").c_str()));
  };
  const dim3 blk(32, 8);
  auto grid2d = [&](int px) { return dim3((OUT + 32 * px - 1) / (32 * px), (OUT + 7) / 8, batch); };

  // LINEAR
  time("linear PX=1 (generic, ref)", [&](const uint8_t* in, uint8_t* o) {
    v_linear_px1<<<grid2d(1), blk, 0, s>>>(in, sN, sH, W, H, o, dN, dH, OUT, OUT, invX, scaleX, invY, scaleY);
  }, true, false);
  time("linear warp (shipped)", [&](const uint8_t* in, uint8_t* o) {
    int warps = (OUT + 31) / 32 * OUT;
    cvj_resize_linear_warp_u8_c3<<<dim3((warps + 7) / 8, batch), 256, 0, s>>>(in, sN, sH, W, H, o, dN, dH, OUT, OUT,
                                                                              invX, scaleX, invY, scaleY, 0);
  }, false, true);
  time("linear PX=4 (before)", [&](const uint8_t* in, uint8_t* o) {
    v_linear_px4<<<grid2d(4), blk, 0, s>>>(in, sN, sH, W, H, o, dN, dH, OUT, OUT, invX, scaleX, invY, scaleY);
  }, false, true);
  time("linear PX=2", [&](const uint8_t* in, uint8_t* o) {
    v_linear_px2<<<grid2d(2), blk, 0, s>>>(in, sN, sH, W, H, o, dN, dH, OUT, OUT, invX, scaleX, invY, scaleY);
  }, false, true);
  time("linear words PX=1", [&](const uint8_t* in, uint8_t* o) {
    v_linear_words<<<grid2d(1), blk, 0, s>>>(in, sN, sH, W, H, o, dN, dH, OUT, OUT, invX, scaleX, invY, scaleY);
  }, false, true);
  time("linear words 64x4", [&](const uint8_t* in, uint8_t* o) {
    v_linear_words<<<dim3((OUT + 63) / 64, (OUT + 3) / 4, batch), dim3(64, 4), 0, s>>>(in, sN, sH, W, H, o, dN, dH, OUT, OUT, invX, scaleX, invY, scaleY);
  }, false, true);
  auto stageL = [&](auto kern, int warps) {
    return [=](const uint8_t* in, uint8_t* o) {
      int segs = (OUT + 31) / 32;
      kern<<<dim3((segs * OUT + warps - 1) / warps, batch), warps * 32, 0, s>>>(in, sN, sH, W, H, o, dN, dH, OUT, OUT,
                                                                                 invX, scaleX, invY, scaleY);
    };
  };
  time("linear stage w8 ch64", stageL(v_linear_stage<8, 64>, 8), false, true);
  time("linear stage w4 ch64", stageL(v_linear_stage<4, 64>, 4), false, true);
  time("linear stage w8 ch32", stageL(v_linear_stage<8, 32>, 8), false, true);
#ifndef RV_NO_NPP
  time("linear stage w8 ch32 L2:256", stageL(v_linear_stage<8, 32, true>, 8), false, true);
  time("linear stage w8 ch64 L2:256", stageL(v_linear_stage<8, 64, true>, 8), false, true);
  time("touched rows read (ref)", [&](const uint8_t* in, uint8_t* o) {
    touched_rows<<<dim3(OUT, batch), 128, 0, s>>>(in, sN, sH, W, H, o, dN, dH, OUT, OUT, invY);
  }, false, false);
  time("npp batched LINEAR", [&](const uint8_t* in, uint8_t* o) {
    int k = in == src[0] ? 0 : in == src[1] ? 1 : 2;
    NppStatus st = nppiResizeBatch_8u_C3R_Ctx(roi, srect, osz, orect, NPPI_INTER_LINEAR, lists[k], batch, ctx);
    if (st != NPP_SUCCESS) { std::fprintf(stderr, "npp status %d\n", (int)st); std::exit(1); }
  }, false, false);
#endif

  // AREA
  time("area per-thread (before)", [&](const uint8_t* in, uint8_t* o) {
    cvj_resize_area_u8_c3<<<grid2d(1), blk, 0, s>>>(in, sN, sH, W, H, o, dN, dH, OUT, OUT, scaleX, scaleY);
  }, true, false);
  time("area warp (shipped)", [&](const uint8_t* in, uint8_t* o) {
    int warps = (OUT + 31) / 32 * OUT;
    cvj_resize_area_warp_u8_c3<<<dim3((warps + 7) / 8, batch), 256, 0, s>>>(in, sN, sH, W, H, o, dN, dH, OUT, OUT, scaleX, scaleY);
  }, false, true);
#ifndef RV_NO_NPP
  time("npp batched SUPER", [&](const uint8_t* in, uint8_t* o) {
    int k = in == src[0] ? 0 : in == src[1] ? 1 : 2;
    NppStatus st = nppiResizeBatch_8u_C3R_Ctx(roi, srect, osz, orect, NPPI_INTER_SUPER, lists[k], batch, ctx);
    if (st != NPP_SUCCESS) { std::fprintf(stderr, "npp status %d\n", (int)st); std::exit(1); }
  }, false, false);
#endif

  // Device-to-device copy of half an input set (reads and writes as many bytes as the input), the bandwidth
  // reference of this run.
  uint8_t* scratch;
  CHECK(cudaMalloc(&scratch, sN * batch / 2));
  time("d2d copy (input bytes r+w)", [&](const uint8_t* in, uint8_t*) {
    CHECK(cudaMemcpyAsync(scratch, in, sN * batch / 2, cudaMemcpyDeviceToDevice, s));
  }, false, false);
  std::printf("bytes: input %.1f MB per batch, output %.2f MB\n", sN * batch / 1e6, dN * batch / 1e6);
  return 0;
}
