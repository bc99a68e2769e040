// IDX files (MNIST's format).
//
// The header is checked completely — magic, type code, rank, each size, the
// product of the sizes against the file's length — before the values are
// allocated, so a corrupt or hostile header fails at once with a message
// naming the file, whatever it claims.
#include "neurite/data/idx.hpp"

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>
#include <string>

#include "file_bytes.hpp"
#include "idx_detail.hpp"
#include "neurite/core/error.hpp"
#include "neurite/core/atomic_file.hpp"

namespace neurite {
namespace {

constexpr std::size_t max_rank = 16;

bool known_type(std::uint8_t code) {
    switch (code) {
        case 0x08: case 0x09: case 0x0B: case 0x0C: case 0x0D: case 0x0E: return true;
        default: return false;
    }
}

std::size_t type_size(IdxType t) {
    switch (t) {
        case IdxType::u8:
        case IdxType::i8: return 1;
        case IdxType::i16: return 2;
        case IdxType::i32:
        case IdxType::f32: return 4;
        case IdxType::f64: return 8;
    }
    return 0;
}

const char* type_name(IdxType t) {
    switch (t) {
        case IdxType::u8: return "u8";
        case IdxType::i8: return "i8";
        case IdxType::i16: return "i16";
        case IdxType::i32: return "i32";
        case IdxType::f32: return "f32";
        case IdxType::f64: return "f64";
    }
    return "?";
}

std::uint16_t load_be16(const std::uint8_t* p) { return std::uint16_t(std::uint16_t(p[0]) << 8 | p[1]); }
std::uint32_t load_be32(const std::uint8_t* p) {
    return std::uint32_t(p[0]) << 24 | std::uint32_t(p[1]) << 16 | std::uint32_t(p[2]) << 8 | std::uint32_t(p[3]);
}
std::uint64_t load_be64(const std::uint8_t* p) { return std::uint64_t(load_be32(p)) << 32 | load_be32(p + 4); }

void store_be(std::uint8_t* p, std::uint64_t v, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) p[i] = std::uint8_t(v >> (8 * (n - 1 - i)));
}

// Whether every value can be stored exactly in the type (integers in range).
void check_representable(IdxType type, std::span<const float> values, const std::string& name) {
    double lo = 0, hi = 0;
    switch (type) {
        case IdxType::u8: lo = 0, hi = 255; break;
        case IdxType::i8: lo = -128, hi = 127; break;
        case IdxType::i16: lo = -32768, hi = 32767; break;
        case IdxType::i32: lo = -2147483648.0, hi = 2147483647.0; break;
        case IdxType::f32:
        case IdxType::f64: return;
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
        const float v = values[i];
        if (!(v >= lo && v <= hi) || v != static_cast<float>(static_cast<std::int64_t>(v)))
            fail(name, ": value ", v, " at index ", i, " cannot be stored as ", type_name(type));
    }
}

}  // namespace

std::size_t IdxArray::item_size() const {
    if (dims.empty()) return 0;
    std::size_t n = 1;
    for (std::size_t i = 1; i < dims.size(); ++i) n *= dims[i];
    return n;
}

Matrix IdxArray::as_matrix() const {
    const std::size_t rows = items(), cols = item_size();
    Matrix m(rows, cols);
    if (rows * cols > 0) std::memcpy(m.data(), values.data(), rows * cols * sizeof(float));
    return m;
}

namespace detail {

void decode_idx(IdxType type, const std::uint8_t* in, std::size_t n, float* out) {
    switch (type) {
        case IdxType::u8:
            for (std::size_t i = 0; i < n; ++i) out[i] = float(in[i]);
            break;
        case IdxType::i8:
            for (std::size_t i = 0; i < n; ++i) out[i] = float(std::int8_t(in[i]));
            break;
        case IdxType::i16:
            for (std::size_t i = 0; i < n; ++i) out[i] = float(std::int16_t(load_be16(in + 2 * i)));
            break;
        case IdxType::i32:
            for (std::size_t i = 0; i < n; ++i) out[i] = float(std::int32_t(load_be32(in + 4 * i)));
            break;
        case IdxType::f32:
            for (std::size_t i = 0; i < n; ++i) out[i] = std::bit_cast<float>(load_be32(in + 4 * i));
            break;
        case IdxType::f64:
            for (std::size_t i = 0; i < n; ++i) out[i] = float(std::bit_cast<double>(load_be64(in + 8 * i)));
            break;
    }
}

IdxHeader parse_idx_header(std::span<const std::uint8_t> bytes, std::string_view source) {
    return parse_idx_header(bytes, bytes.size(), source);
}

IdxHeader parse_idx_header(std::span<const std::uint8_t> bytes, std::size_t file_size, std::string_view source) {
    if (file_size < 4)
        fail(source, ": not an IDX file: ", file_size, " bytes, shorter than the 4-byte header");
    if (bytes[0] != 0 || bytes[1] != 0) {
        if (bytes[0] == 0x1f && bytes[1] == 0x8b)
            fail(source, ": not an IDX file: it is gzip-compressed (decompress it with gunzip)");
        fail(source, ": not an IDX file: the first two bytes must be zero");
    }
    const std::uint8_t code = bytes[2];
    if (!known_type(code))
        fail(source, ": unknown IDX type code 0x", "0123456789abcdef"[code >> 4], "0123456789abcdef"[code & 15],
             " (expected 08, 09, 0b, 0c, 0d or 0e)");
    const std::size_t rank = bytes[3];
    if (rank == 0 || rank > max_rank) fail(source, ": IDX rank ", rank, " is outside 1 … ", max_rank);
    const std::size_t header = 4 + 4 * rank;
    if (file_size < header)
        fail(source, ": truncated IDX header: ", rank, " dimensions need ", header, " bytes, the file has ",
             file_size);
    if (bytes.size() < header) fail(source, ": IDX header: ", bytes.size(), " of its ", header, " bytes given");

    IdxHeader out;
    out.type = static_cast<IdxType>(code);
    out.data_offset = header;
    out.dims.resize(rank);
    const std::size_t elem = type_size(out.type);
    // The number of values, checked for overflow as a byte count.
    constexpr std::size_t limit = std::numeric_limits<std::size_t>::max();
    std::size_t count = 1;
    bool overflow = false;
    for (std::size_t i = 0; i < rank; ++i) {
        out.dims[i] = load_be32(bytes.data() + 4 + 4 * i);
        if (out.dims[i] != 0 && count > limit / elem / out.dims[i]) overflow = true;
        else count *= out.dims[i];
    }
    if (std::find(out.dims.begin(), out.dims.end(), 0) != out.dims.end()) count = 0, overflow = false;
    const auto dims_text = [&] {
        std::string s;
        for (std::size_t i = 0; i < rank; ++i) s += cat(i ? " × " : "", out.dims[i]);
        return s;
    };
    const std::size_t data = file_size - header;
    if (overflow) fail(source, ": IDX sizes ", dims_text(), " are too large (their product overflows)");
    const std::size_t need = count * elem;
    if (data < need)
        fail(source, ": truncated IDX file: sizes ", dims_text(), " of ", type_name(out.type), " need ", need,
             " bytes of data, the file has ", data);
    if (data > need)
        fail(source, ": IDX file has ", data - need, " trailing bytes after the ", need, " bytes of sizes ",
             dims_text(), " of ", type_name(out.type));

    out.count = count;
    return out;
}

}  // namespace detail

IdxArray parse_idx(std::span<const std::uint8_t> bytes, std::string_view source) {
    detail::IdxHeader h = detail::parse_idx_header(bytes, source);
    IdxArray out;
    out.type = h.type;
    out.dims = std::move(h.dims);
    out.values.resize(h.count);
    detail::decode_idx(out.type, bytes.data() + h.data_offset, h.count, out.values.data());
    return out;
}

IdxArray read_idx(const std::filesystem::path& path) {
    const std::vector<std::uint8_t> bytes = detail::read_maybe_gzip(path, "IDX file");
    return parse_idx(bytes, path.string());
}

void write_idx(const std::filesystem::path& path, IdxType type, std::span<const std::size_t> dims,
               std::span<const float> values) {
    const std::string name = path.string();
    if (!known_type(static_cast<std::uint8_t>(type))) fail(name, ": unknown IDX type");
    if (dims.empty() || dims.size() > max_rank) fail(name, ": IDX rank ", dims.size(), " is outside 1 … ", max_rank);
    std::size_t count = 1;
    for (const std::size_t d : dims) {
        if (d > std::numeric_limits<std::uint32_t>::max()) fail(name, ": IDX size ", d, " does not fit 32 bits");
        count *= d;
    }
    if (count != values.size())
        fail(name, ": ", values.size(), " values given for IDX sizes whose product is ", count);
    check_representable(type, values, name);

    const std::size_t elem = type_size(type);
    std::vector<std::uint8_t> bytes(4 + 4 * dims.size() + count * elem);
    bytes[2] = static_cast<std::uint8_t>(type);
    bytes[3] = static_cast<std::uint8_t>(dims.size());
    std::uint8_t* p = bytes.data() + 4;
    for (const std::size_t d : dims) store_be(p, d, 4), p += 4;
    for (const float v : values) {
        switch (type) {
            case IdxType::u8:
            case IdxType::i8:
            case IdxType::i16:
            case IdxType::i32:
                store_be(p, static_cast<std::uint64_t>(static_cast<std::int64_t>(v)), elem);
                break;
            case IdxType::f32: store_be(p, std::bit_cast<std::uint32_t>(v), 4); break;
            case IdxType::f64: store_be(p, std::bit_cast<std::uint64_t>(static_cast<double>(v)), 8); break;
        }
        p += elem;
    }

    // Atomically, like every file neurite writes: a reader never sees half of it.
    write_file_atomic(path, std::string(bytes.begin(), bytes.end()));
}

}  // namespace neurite
