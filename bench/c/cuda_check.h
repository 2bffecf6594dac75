// cuda_check.h: CHECK(call), the C peers' check of a CUDA runtime call: on an error it prints the error's name, code,
// place and call to stderr and exits with status 1.
#pragma once

#include <cuda_runtime.h>

#include <cstdio>
#include <cstdlib>

#define CHECK(call)                                                                                \
  do {                                                                                             \
    cudaError_t err_ = (call);                                                                     \
    if (err_ != cudaSuccess) {                                                                     \
      std::fprintf(stderr, "CUDA error %s (%d) at %s:%d: %s\n", cudaGetErrorName(err_), (int)err_, \
                   __FILE__, __LINE__, #call);                                                     \
      std::exit(1);                                                                                \
    }                                                                                              \
  } while (0)
