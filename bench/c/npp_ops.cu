// npp_ops.cu: the NPP peer for cvj's image-operator benchmarks. Times NVIDIA NPP on a batch of RGB U8
// images (default 32 x 1920x1080), each image processed by one NPP call (and, for resize, also the batched
// nppiResizeBatch variant), on one stream, through the _Ctx API with an application-filled
// NppStreamContext (CUDA 13 NPP has no legacy non-_Ctx API, and nppGetStreamContext is deprecated).
//
// Build: nvcc -O3 -arch=sm_90 -o /tmp/npp_ops bench/c/npp_ops.cu -lnppig -lnppicc -lnppidei -lnppc
// Run:   /tmp/npp_ops [--batch 32] [--width 1920] [--height 1080] [--reps 20] [--quick]
// Output (stdout): CSV "npp,<op>,<batch>,<w>x<h>,<median_ms>,,,,<queued_ms>,<expired>", times per whole batch
// (expired: queued runs issued after the spin had ended, whose time includes the host's); 'nan' if
// NPP returned an error for that op (the status goes to stderr).
//
// Method: 3 input sets in device memory (random bytes, made on the GPU) are used in rotation so a batch
// does not find its input in L2 from the run before; 3 warm-up batches, then `reps` batches each timed
// with a pair of CUDA events; the median is printed. Timed two ways, as cvj's GpuTimer does: median_ms on an
// idle GPU (the host's time to issue the calls is on the clock), queued_ms behind a kernel that spins for 1 ms
// without touching memory (only the GPU's work is on the clock; a run whose spin ended before the end event
// was enqueued is counted and reported on stderr; the timing is npp_bench.cuh's, shared with npp_varshape.cu). Every
// CUDA and NPP status is checked.
#include "npp_bench.cuh"

#include <nppi_color_conversion.h>
#include <nppi_data_exchange_and_initialization.h>
#include <nppi_geometry_transforms.h>


static const int SETS = 3;
static const int OUT_W = 224, OUT_H = 224;

int main(int argc, char** argv) {
  const BatchArgs args = parse_batch_args(argc, argv, OUT_W, OUT_H);
  const int batch = args.batch, W = args.width, H = args.height, reps = args.reps;

  cudaDeviceProp prop;
  CHECK(cudaGetDeviceProperties(&prop, 0));
  std::fprintf(stderr, "device: %s; batch %d x %dx%d RGB U8; %d reps\n", prop.name, batch, W, H, reps);

  cudaStream_t s;
  CHECK(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking));
  NppStreamContext ctx = make_context(s);

  const int srcStep = W * 3;
  const size_t imgBytes = (size_t)srcStep * H;
  unsigned char* src[SETS];
  for (int k = 0; k < SETS; k++) {
    CHECK(cudaMalloc(&src[k], imgBytes * batch));
    fill_random<<<1024, 256, 0, s>>>(src[k], imgBytes * batch, 1234u + k);
    CHECK(cudaGetLastError());
  }
  // Outputs: one set, reused (only inputs rotate). The F32 output is the biggest (4 bytes per channel).
  const int f32Step = W * 3 * (int)sizeof(Npp32f);
  Npp8u* dstU8 = nullptr;     // same size as the input: mirror, swap channels
  Npp8u* dstGray = nullptr;   // W x H x 1
  Npp32f* dstF32 = nullptr;   // W x H x 3 floats
  Npp8u* dstSmall = nullptr;  // 224 x 224 x 3
  const int smallStep = OUT_W * 3;
  const size_t smallBytes = (size_t)smallStep * OUT_H;
  CHECK(cudaMalloc(&dstU8, imgBytes * batch));
  CHECK(cudaMalloc(&dstGray, (size_t)W * H * batch));
  CHECK(cudaMalloc(&dstF32, (size_t)f32Step * H * batch));
  CHECK(cudaMalloc(&dstSmall, smallBytes * batch));

  // Batched-resize descriptor lists (device memory, one per input set), made before any timing.
  NppiResizeBatchCXR* batchList[SETS];
  for (int k = 0; k < SETS; k++) {
    std::vector<NppiResizeBatchCXR> h(batch);
    for (int i = 0; i < batch; i++) {
      h[i].pSrc = src[k] + imgBytes * i;
      h[i].nSrcStep = srcStep;
      h[i].pDst = dstSmall + smallBytes * i;
      h[i].nDstStep = smallStep;
    }
    CHECK(cudaMalloc(&batchList[k], sizeof(NppiResizeBatchCXR) * batch));
    CHECK(cudaMemcpy(batchList[k], h.data(), sizeof(NppiResizeBatchCXR) * batch, cudaMemcpyHostToDevice));
  }
  CHECK(cudaStreamSynchronize(s));

  const NppiSize roi = {W, H};
  const NppiRect srcRect = {0, 0, W, H};
  const NppiSize outSize = {OUT_W, OUT_H};
  const NppiRect outRect = {0, 0, OUT_W, OUT_H};
  const int bgr[3] = {2, 1, 0};

  // Each op processes the whole batch from input set k and returns the first non-success status.
  auto perImage = [&](std::function<NppStatus(const Npp8u*, int)> f) {
    return [=](int k) {
      for (int i = 0; i < batch; i++) {
        NppStatus st = f(src[k] + imgBytes * i, i);
        if (st != NPP_SUCCESS) return st;
      }
      return NPP_SUCCESS;
    };
  };
  std::vector<NppOp> ops = {
      {"flip_horizontal", perImage([&](const Npp8u* in, int i) {
         // A horizontal flip (left-right) mirrors about the vertical axis.
         return nppiMirror_8u_C3R_Ctx(in, srcStep, dstU8 + imgBytes * i, srcStep, roi, NPP_VERTICAL_AXIS, ctx);
       })},
      {"rgb_to_gray", perImage([&](const Npp8u* in, int i) {
         return nppiRGBToGray_8u_C3C1R_Ctx(in, srcStep, dstGray + (size_t)W * H * i, W, roi, ctx);
       })},
      {"resize_linear_224", perImage([&](const Npp8u* in, int i) {
         return nppiResize_8u_C3R_Ctx(in, srcStep, roi, srcRect, dstSmall + smallBytes * i, smallStep, outSize,
                                      outRect, NPPI_INTER_LINEAR, ctx);
       })},
      {"resize_area_224", perImage([&](const Npp8u* in, int i) {
         return nppiResize_8u_C3R_Ctx(in, srcStep, roi, srcRect, dstSmall + smallBytes * i, smallStep, outSize,
                                      outRect, NPPI_INTER_SUPER, ctx);
       })},
      {"resize_linear_224_batched", [&](int k) {
         return nppiResizeBatch_8u_C3R_Ctx(roi, srcRect, outSize, outRect, NPPI_INTER_LINEAR, batchList[k],
                                           (unsigned)batch, ctx);
       }},
      {"resize_area_224_batched", [&](int k) {
         return nppiResizeBatch_8u_C3R_Ctx(roi, srcRect, outSize, outRect, NPPI_INTER_SUPER, batchList[k],
                                           (unsigned)batch, ctx);
       }},
      {"convert_u8_f32", perImage([&](const Npp8u* in, int i) {
         return nppiConvert_8u32f_C3R_Ctx(in, srcStep, (Npp32f*)((char*)dstF32 + (size_t)f32Step * H * i), f32Step,
                                          roi, ctx);
       })},
      {"swap_rgb_bgr", perImage([&](const Npp8u* in, int i) {
         return nppiSwapChannels_8u_C3R_Ctx(in, srcStep, dstU8 + imgBytes * i, srcStep, roi, bgr, ctx);
       })},
  };

  const int failures = time_all(s, ops, args, SETS);

  for (int k = 0; k < SETS; k++) {
    CHECK(cudaFree(src[k]));
    CHECK(cudaFree(batchList[k]));
  }
  CHECK(cudaFree(dstU8));
  CHECK(cudaFree(dstGray));
  CHECK(cudaFree(dstF32));
  CHECK(cudaFree(dstSmall));
  CHECK(cudaStreamDestroy(s));
  return failures ? 3 : 0;  // 3: some NPP calls returned an error status (their rows say nan); 1: a CUDA error
}
