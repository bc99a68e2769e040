// Fuzz target: the JSON model spec parser. A spec that parses and describes a
// small network is also built and run on one input row, and written back to
// JSON, which must parse to the same text again.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "neurite/core/error.hpp"
#include "neurite/io/model_spec.hpp"
#include "neurite/nn/sequential.hpp"
#include "neurite/tensor/matrix.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const neurite::ModelSpec spec = neurite::parse_model_spec(text, "fuzz.json");
        const std::string again = neurite::to_json(spec);
        if (neurite::to_json(neurite::parse_model_spec(again, "fuzz-again.json")) != again) __builtin_trap();
        const std::uint64_t params = neurite::param_count(spec);
        if (params <= (std::size_t{1} << 20) && spec.input <= 4096) {
            neurite::Sequential net = neurite::build_network<float>(spec);
            const neurite::Matrix x(1, spec.input);
            (void)net.forward(x.view());
        }
    } catch (const neurite::Error&) {
    }
    return 0;
}
