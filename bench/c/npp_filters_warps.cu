// npp_filters_warps.cu: the NPP peer of cvj's warp and filter rows (OpsBenchMain's FilterWarpRows): a batch of U8
// images (RGB; 1 channel for threshold_binary), one NPP call per image, on one stream through the _Ctx API, with the
// parameters cvj's rows use: warps LINEAR into an image of the source's size (affine: the forward matrix of a 15
// degree rotation with scale 0.9 about the centre; perspective: the forward matrix below; rotate: 15 degrees about the
// centre; remap: one absolute map (x, y) -> (0.9 x + 0.05 W, 0.9 y + 0.05 H), two F32 planes made before the timing);
// filters with replicated borders (gaussian 7x7: NPP's fixed 7x7 mask; box 5x5; Laplace 3x3: NPP's 3x3 mask; a 5x5
// integer kernel with its sum as divisor, the weights of cvj's conv2d_5x5; erode and dilate 3x3); median 5x5 on the
// image less a 2-pixel frame (nppiFilterMedian has no border mode: its window reads around the ROI), with its
// scratch buffer allocated before the timing; threshold_binary with nppiThreshold_LTValGTVal (< 127 -> 0, > 127 ->
// 255, 127 kept: NPP wants the lower threshold not above the upper; the cost is the same). NPP has no adaptive threshold and no OTSU in one call: those rows have no NPP peer.
//
// Build: nvcc -O3 -arch=sm_90 -o /tmp/npp_filters_warps bench/c/npp_filters_warps.cu -lnppig -lnppif -lnppim -lnppitc -lnppc
// Run:   /tmp/npp_filters_warps [--batch 32] [--width 1920] [--height 1080] [--reps 20] [--quick]
// Output (stdout): CSV rows of npp_ops.cu ("npp,<op>,<batch>,<w>x<h>,<median_ms>,,,,<queued_ms>,<expired>"; 'nan' when
// NPP returned an error status), timed as npp_ops.cu times (npp_bench.cuh: 3 input sets in rotation, warm-up, median
// of `reps` on an idle GPU and queued behind a 1 ms spin).
#include "npp_bench.cuh"

#include <nppi_filtering_functions.h>
#include <nppi_geometry_transforms.h>
#include <nppi_morphological_operations.h>
#include <nppi_threshold_and_compare_operations.h>

#include <cmath>

static const int SETS = 3;
// cvj's FilterWarpRows.CONV_WEIGHTS (symmetric, so NPP's flipped convolution order does not matter).
static const Npp32s CONV_WEIGHTS[25] = {1, 2, 3, 2, 1, 2, 4, 1, 4, 2, 3, 1, 9, 1, 3, 2, 4, 1, 4, 2, 1, 2, 3, 2, 1};

int main(int argc, char** argv) {
  const BatchArgs args = parse_batch_args(argc, argv, 8, 8);
  const int batch = args.batch, W = args.width, H = args.height;

  cudaStream_t s;
  CHECK(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking));
  NppStreamContext ctx = make_context(s);

  const int step3 = W * 3, step1 = W;
  const size_t img3 = (size_t)step3 * H, img1 = (size_t)step1 * H;
  Npp8u *rgb[SETS], *gray[SETS];
  for (int k = 0; k < SETS; k++) {
    CHECK(cudaMalloc(&rgb[k], img3 * batch));
    CHECK(cudaMalloc(&gray[k], img1 * batch));
    fill_random<<<1024, 256, 0, s>>>(rgb[k], img3 * batch, 1234u + k);
    fill_random<<<1024, 256, 0, s>>>(gray[k], img1 * batch, 4321u + k);
    CHECK(cudaGetLastError());
  }
  Npp8u* dst = nullptr;  // one output set, reused (only inputs rotate)
  CHECK(cudaMalloc(&dst, img3 * batch));

  // The remap's two planes and the convolution kernel, made before any timing.
  std::vector<Npp32f> mx((size_t)W * H), my((size_t)W * H);
  for (int y = 0; y < H; y++) {
    for (int x = 0; x < W; x++) {
      mx[(size_t)y * W + x] = (Npp32f)(0.9 * x + 0.05 * W);
      my[(size_t)y * W + x] = (Npp32f)(0.9 * y + 0.05 * H);
    }
  }
  Npp32f *xMap = nullptr, *yMap = nullptr;
  const int mapStep = W * (int)sizeof(Npp32f);
  CHECK(cudaMalloc(&xMap, (size_t)mapStep * H));
  CHECK(cudaMalloc(&yMap, (size_t)mapStep * H));
  CHECK(cudaMemcpy(xMap, mx.data(), (size_t)mapStep * H, cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(yMap, my.data(), (size_t)mapStep * H, cudaMemcpyHostToDevice));
  Npp32s* kernel = nullptr;
  CHECK(cudaMalloc(&kernel, sizeof CONV_WEIGHTS));
  CHECK(cudaMemcpy(kernel, CONV_WEIGHTS, sizeof CONV_WEIGHTS, cudaMemcpyHostToDevice));
  Npp32s divisor = 0;
  for (Npp32s v : CONV_WEIGHTS) divisor += v;

  const NppiSize size = {W, H};
  const NppiRect rect = {0, 0, W, H};
  const NppiPoint origin = {0, 0};
  const NppiSize median = {W - 4, H - 4};
  const NppiSize medianMask = {5, 5};
  const NppiPoint medianAnchor = {2, 2};
  Npp32u medianBytes = 0;
  {
    NppStatus st = nppiFilterMedianGetBufferSize_8u_C3R_Ctx(median, medianMask, &medianBytes, ctx);
    if (st != NPP_SUCCESS) { std::fprintf(stderr, "nppiFilterMedianGetBufferSize: NppStatus %d\n", (int)st); return 1; }
  }
  Npp8u* medianBuffer = nullptr;
  CHECK(cudaMalloc(&medianBuffer, medianBytes > 0 ? medianBytes : 1));
  CHECK(cudaStreamSynchronize(s));

  // cvj's FilterWarpRows.affine and .perspective (forward maps, src to dst) and the rotation about the centre.
  const double pi = 3.14159265358979323846, angle = 15, scale = 0.9;
  const double a = scale * std::cos(angle * pi / 180), b = scale * std::sin(angle * pi / 180);
  const double cx = W / 2.0, cy = H / 2.0;
  const double affine[2][3] = {{a, b, (1 - a) * cx - b * cy}, {-b, a, b * cx + (1 - a) * cy}};
  const double perspective[3][3] = {{0.9, 0.05, 0.05 * W}, {0.02, 0.9, 0.05 * H}, {0.1 / W, 0.05 / H, 1}};
  const double ca = std::cos(angle * pi / 180), sa = std::sin(angle * pi / 180);
  const double shiftX = cx - (ca * cx + sa * cy), shiftY = cy - (-sa * cx + ca * cy);

  // f(src, dst) per image of input set k; returns the first non-success status.
  auto perImage = [&](Npp8u* const* sets, size_t bytes, std::function<NppStatus(const Npp8u*, Npp8u*)> f) {
    return [=](int k) {
      for (int i = 0; i < batch; i++) {
        NppStatus st = f(sets[k] + bytes * i, dst + bytes * i);
        if (st != NPP_SUCCESS) return st;
      }
      return NPP_SUCCESS;
    };
  };
  auto rgbOp = [&](std::function<NppStatus(const Npp8u*, Npp8u*)> f) { return perImage(rgb, img3, f); };
  std::vector<NppOp> ops = {
      {"warp_affine_linear", rgbOp([&](const Npp8u* in, Npp8u* out) {
         return nppiWarpAffine_8u_C3R_Ctx(in, size, step3, rect, out, step3, rect, affine, NPPI_INTER_LINEAR, ctx);
       })},
      {"warp_perspective_linear", rgbOp([&](const Npp8u* in, Npp8u* out) {
         return nppiWarpPerspective_8u_C3R_Ctx(in, size, step3, rect, out, step3, rect, perspective, NPPI_INTER_LINEAR,
                                               ctx);
       })},
      {"rotate_linear", rgbOp([&](const Npp8u* in, Npp8u* out) {
         return nppiRotate_8u_C3R_Ctx(in, size, step3, rect, out, step3, rect, angle, shiftX, shiftY, NPPI_INTER_LINEAR,
                                      ctx);
       })},
      {"remap_linear", rgbOp([&](const Npp8u* in, Npp8u* out) {
         return nppiRemap_8u_C3R_Ctx(in, size, step3, rect, xMap, mapStep, yMap, mapStep, out, step3, size,
                                     NPPI_INTER_LINEAR, ctx);
       })},
      {"gaussian_7x7", rgbOp([&](const Npp8u* in, Npp8u* out) {
         return nppiFilterGaussBorder_8u_C3R_Ctx(in, step3, size, origin, out, step3, size, NPP_MASK_SIZE_7_X_7,
                                                 NPP_BORDER_REPLICATE, ctx);
       })},
      {"box_5x5", rgbOp([&](const Npp8u* in, Npp8u* out) {
         return nppiFilterBoxBorder_8u_C3R_Ctx(in, step3, size, origin, out, step3, size, NppiSize{5, 5},
                                               NppiPoint{2, 2}, NPP_BORDER_REPLICATE, ctx);
       })},
      {"laplacian_3x3", rgbOp([&](const Npp8u* in, Npp8u* out) {
         return nppiFilterLaplaceBorder_8u_C3R_Ctx(in, step3, size, origin, out, step3, size, NPP_MASK_SIZE_3_X_3,
                                                   NPP_BORDER_REPLICATE, ctx);
       })},
      {"conv2d_5x5", rgbOp([&](const Npp8u* in, Npp8u* out) {
         return nppiFilterBorder_8u_C3R_Ctx(in, step3, size, origin, out, step3, size, kernel, NppiSize{5, 5},
                                            NppiPoint{2, 2}, divisor, NPP_BORDER_REPLICATE, ctx);
       })},
      {"erode_3x3", rgbOp([&](const Npp8u* in, Npp8u* out) {
         return nppiErode3x3Border_8u_C3R_Ctx(in, step3, size, origin, out, step3, size, NPP_BORDER_REPLICATE, ctx);
       })},
      {"dilate_3x3", rgbOp([&](const Npp8u* in, Npp8u* out) {
         return nppiDilate3x3Border_8u_C3R_Ctx(in, step3, size, origin, out, step3, size, NPP_BORDER_REPLICATE, ctx);
       })},
      {"median_5x5", rgbOp([&](const Npp8u* in, Npp8u* out) {
         const size_t inset = (size_t)2 * step3 + 2 * 3;
         return nppiFilterMedian_8u_C3R_Ctx(in + inset, step3, out + inset, step3, median, medianMask, medianAnchor,
                                            medianBuffer, ctx);
       })},
      {"threshold_binary", perImage(gray, img1, [&](const Npp8u* in, Npp8u* out) {
         return nppiThreshold_LTValGTVal_8u_C1R_Ctx(in, step1, out, step1, size, 127, 0, 127, 255, ctx);
       })},
  };

  const int failures = time_all(s, ops, args, SETS);

  for (int k = 0; k < SETS; k++) {
    CHECK(cudaFree(rgb[k]));
    CHECK(cudaFree(gray[k]));
  }
  CHECK(cudaFree(dst));
  CHECK(cudaFree(xMap));
  CHECK(cudaFree(yMap));
  CHECK(cudaFree(kernel));
  CHECK(cudaFree(medianBuffer));
  CHECK(cudaStreamDestroy(s));
  return failures ? 3 : 0;  // 3: some NPP calls returned an error status (their rows say nan); 1: a CUDA error
}
