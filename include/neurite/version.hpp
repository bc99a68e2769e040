// The version of neurite, at compile time (the macros) and of the library a
// program runs with (the functions), and what that library was built with.
//
// The project's version is set here and nowhere else: CMake reads it from
// this file for the package, the shared library's SONAME and pkg-config.
#pragma once

#include <string>

#define NEURITE_VERSION_MAJOR 0
#define NEURITE_VERSION_MINOR 2
#define NEURITE_VERSION_PATCH 0
#define NEURITE_VERSION_STRING "0.2.0"
// One number that grows with each release: 10000 * major + 100 * minor + patch.
#define NEURITE_VERSION (NEURITE_VERSION_MAJOR * 10000 + NEURITE_VERSION_MINOR * 100 + NEURITE_VERSION_PATCH)

namespace neurite {

// The version of the library linked in ("0.2.0"); it equals
// NEURITE_VERSION_STRING when headers and library come from one install.
const char* version();

// The matrix-product backend this library was built with and its version,
// with what it chose for this processor, e.g. "oneDNN 2.6.3 (avx512_core_bf16)"
// or "portable kernels (built without oneDNN)".
std::string gemm_backend_info();

// The instruction-set extensions the library's own loops were compiled for,
// then those this processor reports at run time: "compiled for x86-64 avx2
// fma ...; this CPU has avx2 fma avx512f ...".
std::string cpu_features_info();

}  // namespace neurite
