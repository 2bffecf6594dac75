// npp_preprocess.cu: the NPP peer of cvj's one-image pre-processing latency (cvj-bench PreprocessLatencyGpuMain).
// Per image, one NPP call per step on one stream, through the _Ctx API: resize 640x480 RGB U8 -> 341x256 (bilinear,
// the shorter side to 256), centre crop 224x224 (a pointer offset into the resized image: no call), U8 -> F32
// (nppiConvert), subtract the ImageNet mean and multiply by 1 / std (0-255 scale; nppiSubC, nppiMulC in place), packed
// to planar (nppiCopy C3P3R: NCHW). Batches 1, 2, 4 and 8 of images each processed this way (5 calls per image).
//
// Build: nvcc -O3 -arch=sm_90 -o /tmp/npp_preprocess bench/c/npp_preprocess.cu -lnppig -lnppial -lnppidei -lnppc
// Run:   /tmp/npp_preprocess [--reps 200] [--quick]
// Output (stdout): CSV "npp,preprocess_224,<batch>,640x480,<median_ms>,,,,<queued_ms>,<expired>", timed as
// npp_bench.cuh times every NPP row (3 input sets in rotation; on an idle GPU, and queued behind a 1 ms spin).
#include "npp_bench.cuh"

#include <nppi_arithmetic_and_logical_operations.h>
#include <nppi_data_exchange_and_initialization.h>
#include <nppi_geometry_transforms.h>

static const int SETS = 3;
static const int W = 640, H = 480, RW = 341, RH = 256, CROP = 224;

int main(int argc, char** argv) {
  int reps = 200;
  for (int i = 1; i < argc; i++) {
    std::string a = argv[i];
    if (a == "--reps" && i + 1 < argc) reps = std::atoi(argv[++i]);
    else if (a == "--quick") reps = 20;
    else {
      std::fprintf(stderr, "usage: %s [--reps N] [--quick]\n", argv[0]);
      return 2;
    }
  }
  if (reps < 1) { std::fprintf(stderr, "bad arguments\n"); return 2; }

  cudaStream_t s;
  CHECK(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking));
  NppStreamContext ctx = make_context(s);

  const Npp32f mean[3] = {0.485f * 255, 0.456f * 255, 0.406f * 255};
  const Npp32f invStd[3] = {1 / (0.229f * 255), 1 / (0.224f * 255), 1 / (0.225f * 255)};
  const int srcStep = W * 3, resizedStep = RW * 3, f32Step = CROP * 3 * (int)sizeof(Npp32f);
  const size_t imgBytes = (size_t)srcStep * H, resizedBytes = (size_t)resizedStep * RH;
  const size_t planeFloats = (size_t)CROP * CROP, imageFloats = 3 * planeFloats;
  const int cx = (RW - CROP) / 2, cy = (RH - CROP) / 2;  // cvj's CenterCrop: ((W - w) / 2, (H - h) / 2)
  const NppiSize srcSize = {W, H}, resizedSize = {RW, RH}, cropSize = {CROP, CROP};
  const NppiRect srcRect = {0, 0, W, H}, resizedRect = {0, 0, RW, RH};

  int failures = 0;
  for (int batch : {1, 2, 4, 8}) {
    unsigned char* src[SETS];
    for (int k = 0; k < SETS; k++) {
      CHECK(cudaMalloc(&src[k], imgBytes * batch));
      fill_random<<<1024, 256, 0, s>>>(src[k], imgBytes * batch, 4321u + k);
      CHECK(cudaGetLastError());
    }
    Npp8u* resized = nullptr;
    Npp32f* packed = nullptr;  // the crop as F32, normalized in place, still RGB-interleaved
    Npp32f* planar = nullptr;  // the output, NCHW
    CHECK(cudaMalloc(&resized, resizedBytes * batch));
    CHECK(cudaMalloc(&packed, imageFloats * sizeof(Npp32f) * batch));
    CHECK(cudaMalloc(&planar, imageFloats * sizeof(Npp32f) * batch));
    CHECK(cudaStreamSynchronize(s));

    auto run = [&](int k) {
      for (int i = 0; i < batch; i++) {
        Npp8u* r = resized + resizedBytes * i;
        NppStatus st = nppiResize_8u_C3R_Ctx(src[k] + imgBytes * i, srcStep, srcSize, srcRect, r, resizedStep,
                                             resizedSize, resizedRect, NPPI_INTER_LINEAR, ctx);
        if (st != NPP_SUCCESS) return st;
        Npp32f* p = packed + imageFloats * i;
        st = nppiConvert_8u32f_C3R_Ctx(r + (size_t)cy * resizedStep + cx * 3, resizedStep, p, f32Step, cropSize, ctx);
        if (st != NPP_SUCCESS) return st;
        st = nppiSubC_32f_C3IR_Ctx(mean, p, f32Step, cropSize, ctx);
        if (st != NPP_SUCCESS) return st;
        st = nppiMulC_32f_C3IR_Ctx(invStd, p, f32Step, cropSize, ctx);
        if (st != NPP_SUCCESS) return st;
        Npp32f* out = planar + imageFloats * i;
        Npp32f* const planes[3] = {out, out + planeFloats, out + 2 * planeFloats};
        st = nppiCopy_32f_C3P3R_Ctx(p, f32Step, planes, CROP * (int)sizeof(Npp32f), cropSize, ctx);
        if (st != NPP_SUCCESS) return st;
      }
      return NPP_SUCCESS;
    };
    char size[32];
    std::snprintf(size, sizeof size, "%dx%d", W, H);
    if (time_and_print(s, "preprocess_224", batch, size, SETS, reps, run) != NPP_SUCCESS) failures++;

    for (int k = 0; k < SETS; k++) CHECK(cudaFree(src[k]));
    CHECK(cudaFree(resized));
    CHECK(cudaFree(packed));
    CHECK(cudaFree(planar));
  }
  CHECK(cudaStreamDestroy(s));
  return failures ? 3 : 0;  // 3: NPP refused a call (its row says nan); 1: a CUDA error
}
