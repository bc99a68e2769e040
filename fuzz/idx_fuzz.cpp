// Fuzz target: the IDX reader, including gzip-compressed input (as
// read_idx sees it). Any input must decode or fail with neurite::Error.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "../src/data/file_bytes.hpp"
#include "neurite/core/error.hpp"
#include "neurite/data/idx.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        std::span<const std::uint8_t> bytes(data, size);
        std::vector<std::uint8_t> inflated;
        if (neurite::detail::is_gzip(bytes)) {
            inflated = neurite::detail::gunzip(bytes, "fuzz.idx.gz");
            bytes = inflated;
        }
        const neurite::IdxArray array = neurite::parse_idx(bytes, "fuzz.idx");
        // The sizes describe exactly the values read.
        std::size_t count = array.dims.empty() ? 0 : 1;
        for (const std::size_t d : array.dims) count *= d;
        if (count != array.values.size()) __builtin_trap();
        if (!array.dims.empty()) (void)array.as_matrix();
    } catch (const neurite::Error&) {
    }
    return 0;
}
