// Fuzz target: the ONNX reader (apps/neurite/onnx_import.cpp). A file it
// accepts is also built into a network and run on one input row. Seeded with
// models neurite exported and PyTorch wrote (fuzz/corpus/onnx_fuzz).
#include <cstddef>
#include <cstdint>
#include <span>

#include "neurite/core/error.hpp"
#include "neurite/io/model_spec.hpp"
#include "neurite/nn/sequential.hpp"
#include "neurite/tensor/matrix.hpp"
#include "onnx_import.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        const neurite::ModelSpec spec = neurite::cli::onnx_model_spec(std::span(data, size), "fuzz.onnx");
        if (neurite::param_count(spec) <= (std::size_t{1} << 20) && spec.input <= 4096) {
            neurite::Sequential net = neurite::build_network<float>(spec);
            neurite::Matrix x(1, spec.input);
            if (spec.preprocessing) spec.preprocessing->apply(x.view());
            (void)net.forward(x.view());
        }
    } catch (const neurite::Error&) {
    }
    return 0;
}
