#include "onednn_context.hpp"

#ifdef NEURITE_HAVE_ONEDNN
namespace neurite {

dnnl::engine& onednn_engine() {
    static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
    return engine;
}

dnnl::stream& onednn_stream() {
    static dnnl::stream stream(onednn_engine());
    return stream;
}

}  // namespace neurite
#endif
