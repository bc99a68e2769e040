// Fuzz target: the model-file loader. A random mutation almost never keeps
// the CRC-32 right, so when the first byte is odd the target rewrites the
// checksum of the rest before decoding; the fuzzer then explores the header
// and blob parsing behind it. A decoded file is also turned into a network
// and run on one input row.
#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "neurite/core/error.hpp"
#include "neurite/io/model_file.hpp"
#include "neurite/nn/sequential.hpp"
#include "neurite/tensor/matrix.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    std::vector<std::uint8_t> bytes(data + 1, data + size);
    if ((data[0] & 1) && bytes.size() >= 4) {
        const std::size_t body = bytes.size() - 4;
        const auto crc = static_cast<std::uint32_t>(::crc32(0L, bytes.data(), static_cast<uInt>(body)));
        for (int i = 0; i < 4; ++i) bytes[body + i] = std::uint8_t(crc >> (8 * i));
    }
    try {
        const neurite::ModelFile file = neurite::decode_model_file(bytes, "fuzz.nrm");
        neurite::Sequential net = neurite::network_of(file);
        if (net.input_size() <= 4096) {
            const neurite::Matrix x(1, net.input_size());
            (void)net.forward(x.view());
        }
    } catch (const neurite::Error&) {
    }
    return 0;
}
