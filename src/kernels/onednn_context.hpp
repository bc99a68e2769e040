// The one oneDNN CPU engine and stream of the library's primitives (the dense
// layer's fused forward, the bf16 products). Only in builds with oneDNN.
#pragma once

#ifdef NEURITE_HAVE_ONEDNN
#include <oneapi/dnnl/dnnl.hpp>

namespace neurite {

dnnl::engine& onednn_engine();
dnnl::stream& onednn_stream();

}  // namespace neurite
#endif
