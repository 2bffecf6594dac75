// Shared helpers for cvj kernels. Every kernel is extern "C" so Java finds it by its plain name.
#pragma once
#include <cstdint>
#include <cuda_fp16.h>
