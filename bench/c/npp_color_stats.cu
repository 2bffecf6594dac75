// npp_color_stats.cu: the NPP peer of cvj's colour, photometric and statistics rows (OpsBenchMain's PhotometricRows
// and the rows of the same names): a batch of U8 images, one NPP call per image (two for erase), on one stream through
// the _Ctx API, with the parameters cvj's rows use:
//   brightness_contrast  nppiColorTwist32f_8u_C3R, diagonal 1.8 and offset -66.8: cvj's BrightnessContrast with
//                        brightness 1.2, contrast 1.5, shift 10 and centre 128 (dst = saturate(1.8 src - 66.8))
//   adjust_brightness    the same twist, diagonal 1.2, offset 0 (brightness 1.2)
//   adjust_contrast      the same twist, diagonal 1.5, offset -64 (contrast 1.5 about 128)
//   gamma_contrast       nppiLUT_8u_C3R, 257 levels 0..256 (one a value) mapping i to saturate(pow(i/255, 2.2) 255)
//   color_twist          nppiColorTwist32f_8u_C3R with the sepia matrix of cvj's PhotometricRows.TWIST
//   erase                nppiCopy_8u_C3R of the image, then nppiSet_8u_C3R of 0 on a 200x200 rectangle in its middle
//                        (cvj's and torchvision's erase write a new image)
//   histogram            1 channel: nppiHistogramEven_8u_C1R, 256 bins over [0, 256), one S32 histogram per image
//   min_max_loc          1 channel: nppiMinMaxIndx_8u_C1R, the values and their (x, y) per image into device arrays
//   rgb2hls              nppiRGBToHLS_8u_C3R
//   rgb2lab              nppiBGRToLab_8u_C3R (NPP has no RGB order for Lab: same work, the channels read swapped)
//   rgb2xyz              nppiRGBToXYZ_8u_C3R
//   rgb2ycrcb            nppiRGBToYCbCr_8u_C3R (NPP's packed 3-channel form orders the output Y, Cb, Cr; OpenCV's
//                        YCrCb is Y, Cr, Cb: same work)
//   yuyv2rgb             nppiYCbCr422ToRGB_8u_C2C3R from a 2-channel YUYV image (Y0 Cb Y1 Cr)
// Scratch buffers (histogram, min_max_loc), the LUT's tables and the outputs are allocated before the timing. NPP has
// no histogram equalization, no Gaussian noise and no antialiased (torchvision-style) resize: those rows have no NPP
// peer.
//
// Build: nvcc -O3 -arch=sm_90 -o /tmp/npp_color_stats bench/c/npp_color_stats.cu -lnppicc -lnppidei -lnppist -lnppc
// Run:   /tmp/npp_color_stats [--batch 32] [--width 1920] [--height 1080] [--reps 20] [--quick]
// Output (stdout): CSV rows of npp_ops.cu ("npp,<op>,<batch>,<w>x<h>,<median_ms>,,,,<queued_ms>,<expired>"; 'nan' when
// NPP returned an error status), timed as npp_ops.cu times (npp_bench.cuh).
#include "npp_bench.cuh"

#include <nppi_color_conversion.h>
#include <nppi_data_exchange_and_initialization.h>
#include <nppi_statistics_functions.h>

#include <cmath>

static const int SETS = 3;
static const int ERASE = 200;
static const int LUT_LEVELS = 257;

int main(int argc, char** argv) {
  // erase writes a 200x200 rectangle; YUYV needs an even width
  const BatchArgs args = parse_batch_args(argc, argv, ERASE, ERASE);
  const int batch = args.batch, W = args.width & ~1, H = args.height;

  cudaStream_t s;
  CHECK(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking));
  NppStreamContext ctx = make_context(s);

  const int step3 = W * 3, step2 = W * 2, step1 = W;
  const size_t img3 = (size_t)step3 * H, img2 = (size_t)step2 * H, img1 = (size_t)step1 * H;
  Npp8u *rgb[SETS], *gray[SETS], *yuyv[SETS];
  for (int k = 0; k < SETS; k++) {
    CHECK(cudaMalloc(&rgb[k], img3 * batch));
    CHECK(cudaMalloc(&gray[k], img1 * batch));
    CHECK(cudaMalloc(&yuyv[k], img2 * batch));
    fill_random<<<1024, 256, 0, s>>>(rgb[k], img3 * batch, 1234u + k);
    fill_random<<<1024, 256, 0, s>>>(gray[k], img1 * batch, 4321u + k);
    fill_random<<<1024, 256, 0, s>>>(yuyv[k], img2 * batch, 2468u + k);
    CHECK(cudaGetLastError());
  }
  Npp8u* dst = nullptr;  // one output set, reused (only inputs rotate)
  CHECK(cudaMalloc(&dst, img3 * batch));

  // The gamma table: levels 0..256 on the device, each mapping to the value of its level (the last one closes the range).
  std::vector<Npp32s> levels(LUT_LEVELS), values(LUT_LEVELS);
  for (int i = 0; i < LUT_LEVELS; i++) {
    levels[i] = i;
    const double v = std::nearbyint(std::pow(std::min(i, 255) / 255.0, 2.2) * 255);
    values[i] = (Npp32s)std::min(255.0, v);
  }
  Npp32s *dLevels = nullptr, *dValues = nullptr;
  CHECK(cudaMalloc(&dLevels, sizeof(Npp32s) * LUT_LEVELS));
  CHECK(cudaMalloc(&dValues, sizeof(Npp32s) * LUT_LEVELS));
  CHECK(cudaMemcpy(dLevels, levels.data(), sizeof(Npp32s) * LUT_LEVELS, cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(dValues, values.data(), sizeof(Npp32s) * LUT_LEVELS, cudaMemcpyHostToDevice));
  const Npp32s* lutValues[3] = {dValues, dValues, dValues};
  const Npp32s* lutLevels[3] = {dLevels, dLevels, dLevels};
  int lutCounts[3] = {LUT_LEVELS, LUT_LEVELS, LUT_LEVELS};

  const NppiSize size = {W, H};
  // Statistics: one histogram of 256 bins and one min/max record per image, scratch buffers sized by NPP.
  Npp32s* hist = nullptr;
  CHECK(cudaMalloc(&hist, sizeof(Npp32s) * 256 * batch));
  size_t histBytes = 0, minMaxBytes = 0;
  NppStatus st = nppiHistogramEvenGetBufferSize_8u_C1R_Ctx(size, 257, &histBytes, ctx);
  if (st != NPP_SUCCESS) { std::fprintf(stderr, "nppiHistogramEvenGetBufferSize: NppStatus %d\n", (int)st); return 1; }
  st = nppiMinMaxIndxGetBufferHostSize_8u_C1R_Ctx(size, &minMaxBytes, ctx);
  if (st != NPP_SUCCESS) { std::fprintf(stderr, "nppiMinMaxIndxGetBufferHostSize: NppStatus %d\n", (int)st); return 1; }
  Npp8u *histBuffer = nullptr, *minMaxBuffer = nullptr, *minMax = nullptr;
  NppiPoint* minMaxAt = nullptr;
  CHECK(cudaMalloc(&histBuffer, histBytes > 0 ? histBytes : 1));
  CHECK(cudaMalloc(&minMaxBuffer, minMaxBytes > 0 ? minMaxBytes : 1));
  CHECK(cudaMalloc(&minMax, 2 * batch));
  CHECK(cudaMalloc(&minMaxAt, sizeof(NppiPoint) * 2 * batch));
  CHECK(cudaStreamSynchronize(s));

  // The twists: dst[r] = sum_c m[r][c] src[c] + m[r][3].
  const Npp32f brightnessContrast[3][4] = {{1.8f, 0, 0, -66.8f}, {0, 1.8f, 0, -66.8f}, {0, 0, 1.8f, -66.8f}};
  const Npp32f brightness[3][4] = {{1.2f, 0, 0, 0}, {0, 1.2f, 0, 0}, {0, 0, 1.2f, 0}};
  const Npp32f contrast[3][4] = {{1.5f, 0, 0, -64}, {0, 1.5f, 0, -64}, {0, 0, 1.5f, -64}};
  const Npp32f sepia[3][4] = {{0.393f, 0.769f, 0.189f, 0}, {0.349f, 0.686f, 0.168f, 0}, {0.272f, 0.534f, 0.131f, 0}};

  // f(src, dst, image index) per image of input set k; returns the first non-success status.
  using PerImage = std::function<NppStatus(const Npp8u*, Npp8u*, int)>;
  auto perImage = [&](Npp8u* const* sets, size_t inBytes, size_t outBytes, PerImage f) {
    return [=](int k) {
      for (int i = 0; i < batch; i++) {
        NppStatus r = f(sets[k] + inBytes * i, dst + outBytes * i, i);
        if (r != NPP_SUCCESS) return r;
      }
      return NPP_SUCCESS;
    };
  };
  auto rgbOp = [&](std::function<NppStatus(const Npp8u*, Npp8u*)> f) {
    return perImage(rgb, img3, img3, [=](const Npp8u* in, Npp8u* out, int) { return f(in, out); });
  };
  auto twist = [&](const Npp32f (*m)[4]) {
    return rgbOp([=](const Npp8u* in, Npp8u* out) {
      return nppiColorTwist32f_8u_C3R_Ctx(in, step3, out, step3, size, m, ctx);
    });
  };
  const Npp8u zero[3] = {0, 0, 0};
  const size_t eraseAt = (size_t)((H - ERASE) / 2) * step3 + (size_t)((W - ERASE) / 2) * 3;
  std::vector<NppOp> ops = {
      {"brightness_contrast", twist(brightnessContrast)},
      {"adjust_brightness", twist(brightness)},
      {"adjust_contrast", twist(contrast)},
      {"gamma_contrast", rgbOp([&](const Npp8u* in, Npp8u* out) {
         return nppiLUT_8u_C3R_Ctx(in, step3, out, step3, size, lutValues, lutLevels, lutCounts, ctx);
       })},
      {"color_twist", twist(sepia)},
      {"erase", rgbOp([&](const Npp8u* in, Npp8u* out) {
         NppStatus r = nppiCopy_8u_C3R_Ctx(in, step3, out, step3, size, ctx);
         return r != NPP_SUCCESS ? r : nppiSet_8u_C3R_Ctx(zero, out + eraseAt, step3, NppiSize{ERASE, ERASE}, ctx);
       })},
      {"histogram", perImage(gray, img1, 0, [&](const Npp8u* in, Npp8u*, int i) {
         return nppiHistogramEven_8u_C1R_Ctx(in, step1, size, hist + 256 * i, 257, 0, 256, histBuffer, ctx);
       })},
      {"min_max_loc", perImage(gray, img1, 0, [&](const Npp8u* in, Npp8u*, int i) {
         return nppiMinMaxIndx_8u_C1R_Ctx(in, step1, size, minMax + 2 * i, minMax + 2 * i + 1, minMaxAt + 2 * i,
                                          minMaxAt + 2 * i + 1, minMaxBuffer, ctx);
       })},
      {"rgb2hls", rgbOp([&](const Npp8u* in, Npp8u* out) {
         return nppiRGBToHLS_8u_C3R_Ctx(in, step3, out, step3, size, ctx);
       })},
      {"rgb2lab", rgbOp([&](const Npp8u* in, Npp8u* out) {
         return nppiBGRToLab_8u_C3R_Ctx(in, step3, out, step3, size, ctx);
       })},
      {"rgb2xyz", rgbOp([&](const Npp8u* in, Npp8u* out) {
         return nppiRGBToXYZ_8u_C3R_Ctx(in, step3, out, step3, size, ctx);
       })},
      {"rgb2ycrcb", rgbOp([&](const Npp8u* in, Npp8u* out) {
         return nppiRGBToYCbCr_8u_C3R_Ctx(in, step3, out, step3, size, ctx);
       })},
      {"yuyv2rgb", perImage(yuyv, img2, img3, [&](const Npp8u* in, Npp8u* out, int) {
         return nppiYCbCr422ToRGB_8u_C2C3R_Ctx(in, step2, out, step3, size, ctx);
       })},
  };

  BatchArgs timed = args;
  timed.width = W;
  const int failures = time_all(s, ops, timed, SETS);

  for (int k = 0; k < SETS; k++) {
    CHECK(cudaFree(rgb[k]));
    CHECK(cudaFree(gray[k]));
    CHECK(cudaFree(yuyv[k]));
  }
  CHECK(cudaFree(dst));
  CHECK(cudaFree(dLevels));
  CHECK(cudaFree(dValues));
  CHECK(cudaFree(hist));
  CHECK(cudaFree(histBuffer));
  CHECK(cudaFree(minMaxBuffer));
  CHECK(cudaFree(minMax));
  CHECK(cudaFree(minMaxAt));
  CHECK(cudaStreamDestroy(s));
  return failures ? 3 : 0;  // 3: some NPP calls returned an error status (their rows say nan); 1: a CUDA error
}
