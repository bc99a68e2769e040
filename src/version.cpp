#include "neurite/version.hpp"

#include <sstream>

#ifdef NEURITE_HAVE_ONEDNN
#include <oneapi/dnnl/dnnl.h>
#endif

namespace neurite {

const char* version() { return NEURITE_VERSION_STRING; }

#ifdef NEURITE_HAVE_ONEDNN
namespace {

const char* isa_name(dnnl_cpu_isa_t isa) {
    switch (isa) {
        case dnnl_cpu_isa_sse41: return "sse41";
        case dnnl_cpu_isa_avx: return "avx";
        case dnnl_cpu_isa_avx2: return "avx2";
        case dnnl_cpu_isa_avx2_vnni: return "avx2_vnni";
        case dnnl_cpu_isa_avx512_mic: return "avx512_mic";
        case dnnl_cpu_isa_avx512_mic_4ops: return "avx512_mic_4ops";
        case dnnl_cpu_isa_avx512_core: return "avx512_core";
        case dnnl_cpu_isa_avx512_core_vnni: return "avx512_core_vnni";
        case dnnl_cpu_isa_avx512_core_bf16: return "avx512_core_bf16";
        case dnnl_cpu_isa_avx512_core_amx: return "avx512_core_amx";
        default: return "all";
    }
}

}  // namespace
#endif

std::string gemm_backend_info() {
#ifdef NEURITE_HAVE_ONEDNN
    const dnnl_version_t* v = dnnl_version();
    std::ostringstream s;
    s << "oneDNN " << v->major << '.' << v->minor << '.' << v->patch << " ("
      << isa_name(dnnl_get_effective_cpu_isa()) << ')';
    return s.str();
#else
    return "portable kernels (built without oneDNN)";
#endif
}

namespace {

// Appends " name" (or "name" to an empty list).
void append_name(std::string& list, const char* name) {
    if (!list.empty()) list += ' ';
    list += name;
}

}  // namespace

std::string cpu_features_info() {
#if defined(__x86_64__)
    std::string compiled = "x86-64";
#ifdef __SSE4_2__
    append_name(compiled, "sse4.2");
#endif
#ifdef __AVX__
    append_name(compiled, "avx");
#endif
#ifdef __AVX2__
    append_name(compiled, "avx2");
#endif
#ifdef __FMA__
    append_name(compiled, "fma");
#endif
#ifdef __AVX512F__
    append_name(compiled, "avx512f");
#endif
#ifdef __AVX512BW__
    append_name(compiled, "avx512bw");
#endif
#ifdef __AVX512VL__
    append_name(compiled, "avx512vl");
#endif
#ifdef __AVX512VNNI__
    append_name(compiled, "avx512vnni");
#endif
#ifdef __AVX512BF16__
    append_name(compiled, "avx512bf16");
#endif
    std::string found;
    __builtin_cpu_init();
    if (__builtin_cpu_supports("sse4.2")) append_name(found, "sse4.2");
    if (__builtin_cpu_supports("avx")) append_name(found, "avx");
    if (__builtin_cpu_supports("avx2")) append_name(found, "avx2");
    if (__builtin_cpu_supports("fma")) append_name(found, "fma");
    if (__builtin_cpu_supports("avx512f")) append_name(found, "avx512f");
    if (__builtin_cpu_supports("avx512bw")) append_name(found, "avx512bw");
    if (__builtin_cpu_supports("avx512vl")) append_name(found, "avx512vl");
    if (__builtin_cpu_supports("avx512vnni")) append_name(found, "avx512vnni");
    if (__builtin_cpu_supports("avx512bf16")) append_name(found, "avx512bf16");
    return "compiled for " + compiled + "; this CPU has " + (found.empty() ? "none of those" : found);
#elif defined(__wasm__)
    return "compiled for wasm32";
#else
    return "compiled for this architecture's baseline";
#endif
}

}  // namespace neurite
