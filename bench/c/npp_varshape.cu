// npp_varshape.cu: the NPP peer of cvj's varshape resize. Times nppiResizeBatch_8u_C3R_Advanced_Ctx, one call that
// resizes RGB U8 images of different sizes (a size and ROI per image) into one 224x224 NHWC batch, NPPI_INTER_LINEAR,
// on the images of bench/varshape-sizes.txt (the sizes every peer reads), each image in its own cudaMalloc'd buffer
// (dense rows, W x 3 bytes, random bytes made on the GPU), as cvj's resize_varshape_224 row does.
//
// Build: nvcc -O3 -std=c++17 -arch=sm_90 -o /tmp/npp_varshape bench/c/npp_varshape.cu -lnppig -lnppc
// Run:   /tmp/npp_varshape --sizes bench/varshape-sizes.txt [--reps 20] [--quick]
// Output (stdout): CSV "npp,resize_varshape_224,<images>,640x480-1920x1080,<median_ms>,,,,<queued_ms>,<expired>", times
// per call on the whole batch ('nan' if NPP returned an error; the status goes to stderr), then a '#' line: how far
// NPP's output is from a CPU reference of OpenCV's INTER_LINEAR, computed here on the first input set.
//
// Method: that of npp_ops.cu (npp_bench.cuh): 3 input sets in rotation, 3 warm-up calls, then `reps` calls timed with
// CUDA events, median; on an idle GPU (median_ms) and queued behind a 1 ms spin (queued_ms, the GPU's time alone).
//
// Interpolation: cvj's LINEAR follows cv::resize INTER_LINEAR, which samples 2x2 source pixels around the source point
// of each output pixel's centre ((x + 0.5) * scale - 0.5) and does not prefilter when shrinking. Of NPP's modes,
// NPPI_INTER_LINEAR matches it best (2x2 taps, no prefilter); NPPI_INTER_SUPER averages every covered source pixel
// (that is INTER_AREA), NPPI_INTER_NN and NPPI_INTER_CUBIC take 1 and 4x4 taps. How close NPP's LINEAR comes (its
// source-point convention, its rounding) is measured on every run: the '#' line (rounding alone differs by at most 1).
#include "npp_bench.cuh"

#include <nppi_geometry_transforms.h>

#include <cmath>
#include <fstream>
#include <string>

static const int SETS = 3;
static const int OUT_W = 224, OUT_H = 224;
// The size column of every peer's varshape rows (cvj's VarShapeSizes.LABEL): the range the sizes were drawn from.
static const char* const SIZES_LABEL = "640x480-1920x1080";

struct Size { int w, h; };

// The "W H" lines of the sizes file (blank lines and lines starting with '#' skipped); exits with status 2 on a
// missing file or a bad line, naming it.
static std::vector<Size> read_sizes(const std::string& path) {
  std::ifstream in(path);
  if (!in) { std::fprintf(stderr, "npp_varshape: cannot read the sizes file %s\n", path.c_str()); std::exit(2); }
  std::vector<Size> sizes;
  std::string line;
  for (int no = 1; std::getline(in, line); no++) {
    size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    Size s;
    char extra;
    if (std::sscanf(line.c_str(), "%d %d %c", &s.w, &s.h, &extra) != 2 || s.w < 1 || s.h < 1) {
      std::fprintf(stderr, "npp_varshape: %s line %d: '%s' is not 'W H' with two positive whole numbers\n",
                   path.c_str(), no, line.c_str());
      std::exit(2);
    }
    sizes.push_back(s);
  }
  if (sizes.size() < 2) {  // NPP's batch calls want more than one image
    std::fprintf(stderr, "npp_varshape: %s has %zu sizes; need at least 2\n", path.c_str(), sizes.size());
    std::exit(2);
  }
  return sizes;
}

// OpenCV's INTER_LINEAR for one output value of a dense W x H RGB image, in floating point (OpenCV's fixed-point
// weights round differently by at most 1): the source point of the output pixel's centre, clamped to the image.
static int linear_reference(const std::vector<unsigned char>& img, int W, int H, int x, int y, int c) {
  auto axis = [](int d, int n, int out, int& i0, int& i1, double& a) {
    double f = (d + 0.5) * ((double)n / out) - 0.5;
    i0 = (int)std::floor(f);
    a = f - i0;
    if (i0 < 0) { i0 = 0; a = 0; }
    if (i0 >= n - 1) { i0 = n - 1; a = 0; }
    i1 = std::min(i0 + 1, n - 1);
  };
  int x0, x1, y0, y1;
  double ax, ay;
  axis(x, W, OUT_W, x0, x1, ax);
  axis(y, H, OUT_H, y0, y1, ay);
  auto p = [&](int yy, int xx) { return (double)img[((size_t)yy * W + xx) * 3 + c]; };
  double v = (1 - ay) * ((1 - ax) * p(y0, x0) + ax * p(y0, x1)) + ay * ((1 - ax) * p(y1, x0) + ax * p(y1, x1));
  return std::min(255, std::max(0, (int)std::lround(v)));
}

int main(int argc, char** argv) {
  std::string sizesPath;
  int reps = 20;
  for (int i = 1; i < argc; i++) {
    std::string a = argv[i];
    if ((a == "--sizes" || a == "--reps") && i + 1 >= argc) {
      std::fprintf(stderr, "%s needs a value\n", a.c_str());
      return 2;
    }
    if (a == "--sizes") sizesPath = argv[++i];
    else if (a == "--reps") reps = std::atoi(argv[++i]);
    else if (a == "--quick") reps = 3;
    else {
      std::fprintf(stderr, "usage: %s --sizes FILE [--reps N] [--quick]\n", argv[0]);
      return 2;
    }
  }
  if (sizesPath.empty() || reps < 1) {
    std::fprintf(stderr, "usage: %s --sizes FILE [--reps N] [--quick]\n", argv[0]);
    return 2;
  }
  const std::vector<Size> sizes = read_sizes(sizesPath);
  const int n = (int)sizes.size();

  cudaDeviceProp prop;
  CHECK(cudaGetDeviceProperties(&prop, 0));
  std::fprintf(stderr, "device: %s; %d RGB U8 images of different sizes (%s) -> %dx%d; %d reps\n", prop.name, n,
               sizesPath.c_str(), OUT_W, OUT_H, reps);

  cudaStream_t s;
  CHECK(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking));
  NppStreamContext ctx = make_context(s);

  // Inputs: each image of each set its own allocation; one output batch, reused (only inputs rotate).
  const int outStep = OUT_W * 3;
  const size_t outBytes = (size_t)outStep * OUT_H;
  std::vector<unsigned char*> src[SETS];
  for (int k = 0; k < SETS; k++) {
    for (int i = 0; i < n; i++) {
      size_t bytes = (size_t)sizes[i].w * 3 * sizes[i].h;
      unsigned char* p = nullptr;
      CHECK(cudaMalloc(&p, bytes));
      fill_random<<<256, 256, 0, s>>>(p, bytes, 1234u + (unsigned)(k * n + i));
      CHECK(cudaGetLastError());
      src[k].push_back(p);
    }
  }
  Npp8u* dst = nullptr;
  CHECK(cudaMalloc(&dst, outBytes * n));

  // The call's lists, in device memory and made before any timing: sources per set; destinations and ROIs shared.
  std::vector<NppiImageDescriptor> hDst(n);
  std::vector<NppiResizeBatchROI_Advanced> hRoi(n);
  for (int i = 0; i < n; i++) {
    hDst[i].pData = dst + outBytes * i;
    hDst[i].nStep = outStep;
    hDst[i].oSize = {OUT_W, OUT_H};
    hRoi[i].oSrcRectROI = {0, 0, sizes[i].w, sizes[i].h};
    hRoi[i].oDstRectROI = {0, 0, OUT_W, OUT_H};
  }
  NppiImageDescriptor* dDst = nullptr;
  NppiResizeBatchROI_Advanced* dRoi = nullptr;
  NppiImageDescriptor* dSrc[SETS];
  CHECK(cudaMalloc(&dDst, sizeof(NppiImageDescriptor) * n));
  CHECK(cudaMalloc(&dRoi, sizeof(NppiResizeBatchROI_Advanced) * n));
  CHECK(cudaMemcpy(dDst, hDst.data(), sizeof(NppiImageDescriptor) * n, cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(dRoi, hRoi.data(), sizeof(NppiResizeBatchROI_Advanced) * n, cudaMemcpyHostToDevice));
  for (int k = 0; k < SETS; k++) {
    std::vector<NppiImageDescriptor> hSrc(n);
    for (int i = 0; i < n; i++) {
      hSrc[i].pData = src[k][i];
      hSrc[i].nStep = sizes[i].w * 3;
      hSrc[i].oSize = {sizes[i].w, sizes[i].h};
    }
    CHECK(cudaMalloc(&dSrc[k], sizeof(NppiImageDescriptor) * n));
    CHECK(cudaMemcpy(dSrc[k], hSrc.data(), sizeof(NppiImageDescriptor) * n, cudaMemcpyHostToDevice));
  }
  CHECK(cudaStreamSynchronize(s));

  auto resize = [&](int k) {
    return nppiResizeBatch_8u_C3R_Advanced_Ctx(OUT_W, OUT_H, dSrc[k], dDst, dRoi, (unsigned)n, NPPI_INTER_LINEAR, ctx);
  };
  NppStatus st = time_and_print(s, "resize_varshape_224", n, SIZES_LABEL, SETS, reps, resize);

  if (st == NPP_SUCCESS) {
    // NPP's output on set 0 against the INTER_LINEAR reference.
    st = resize(0);
    if (st != NPP_SUCCESS) std::fprintf(stderr, "npp resize_varshape_224 (check run): NppStatus %d\n", (int)st);
  }
  if (st == NPP_SUCCESS) {
    CHECK(cudaStreamSynchronize(s));
    std::vector<unsigned char> out(outBytes * n);
    CHECK(cudaMemcpy(out.data(), dst, out.size(), cudaMemcpyDeviceToHost));
    int maxDiff = 0;
    size_t over1 = 0;
    for (int i = 0; i < n; i++) {
      std::vector<unsigned char> img((size_t)sizes[i].w * 3 * sizes[i].h);
      CHECK(cudaMemcpy(img.data(), src[0][i], img.size(), cudaMemcpyDeviceToHost));
      for (int y = 0; y < OUT_H; y++) {
        for (int x = 0; x < OUT_W; x++) {
          for (int c = 0; c < 3; c++) {
            int d = std::abs(out[outBytes * i + ((size_t)y * OUT_W + x) * 3 + c] -
                             linear_reference(img, sizes[i].w, sizes[i].h, x, y, c));
            maxDiff = std::max(maxDiff, d);
            if (d > 1) over1++;
          }
        }
      }
    }
    std::printf("# npp resize_varshape_224 (NPPI_INTER_LINEAR) against OpenCV's INTER_LINEAR computed on the CPU: "
                "max |difference| %d, %.3f%% of values differ by more than 1\n",
                maxDiff, 100.0 * over1 / ((double)outBytes * n));
    std::fflush(stdout);
  }

  for (int k = 0; k < SETS; k++) {
    for (unsigned char* p : src[k]) CHECK(cudaFree(p));
    CHECK(cudaFree(dSrc[k]));
  }
  CHECK(cudaFree(dDst));
  CHECK(cudaFree(dRoi));
  CHECK(cudaFree(dst));
  CHECK(cudaStreamDestroy(s));
  return st == NPP_SUCCESS ? 0 : 3;  // 3: NPP returned an error status (the row says nan); 1: a CUDA error
}
