// Whole-file reads and gzip decompression for the data readers.
#include "file_bytes.hpp"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>
#include <string>
#include <system_error>

#include "neurite/core/error.hpp"
#include "neurite/core/memory.hpp"
#include "neurite/core/read_file.hpp"

namespace neurite::detail {

bool is_gzip(std::span<const std::uint8_t> bytes) {
    return bytes.size() >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;
}

std::vector<std::uint8_t> gunzip(std::span<const std::uint8_t> bytes, std::string_view source) {
    z_stream zs{};
    // 15 window bits + 32: accept gzip and zlib headers.
    if (inflateInit2(&zs, 15 + 32) != Z_OK) fail(source, ": cannot start gzip decompression");
    struct End {
        z_stream* z;
        ~End() { inflateEnd(z); }
    } end{&zs};

    std::vector<std::uint8_t> out(std::max<std::size_t>(bytes.size() * 4, 4096));
    std::size_t produced = 0;
    const std::uint8_t* in = bytes.data();
    std::size_t in_left = bytes.size();
    constexpr std::size_t max_chunk = std::numeric_limits<uInt>::max();
    for (;;) {
        if (produced == out.size()) {
            // A small file may claim gigabytes (a "gzip bomb"): growing past
            // this machine's memory is an Error, not an out-of-memory kill.
            require_memory(saturating_mul(out.size(), 2), cat(source, ": decompressing more than ",
                                                              format_bytes(out.size()), " of gzip data"));
            out.resize(out.size() * 2);
        }
        const std::size_t in_chunk = std::min(in_left, max_chunk);
        const std::size_t out_chunk = std::min(out.size() - produced, max_chunk);
        zs.next_in = const_cast<Bytef*>(in);
        zs.avail_in = static_cast<uInt>(in_chunk);
        zs.next_out = out.data() + produced;
        zs.avail_out = static_cast<uInt>(out_chunk);
        const int rc = inflate(&zs, Z_NO_FLUSH);
        const std::size_t consumed = in_chunk - zs.avail_in;
        in += consumed;
        in_left -= consumed;
        produced += out_chunk - zs.avail_out;
        if (rc == Z_STREAM_END) {
            // Another gzip member may follow (as `cat a.gz b.gz` makes).
            if (in_left >= 2 && in[0] == 0x1f && in[1] == 0x8b) {
                if (inflateReset(&zs) != Z_OK) fail(source, ": gzip decompression failed");
                continue;
            }
            break;
        }
        if (rc == Z_BUF_ERROR && in_left == 0 && zs.avail_out != 0)
            fail(source, ": truncated gzip data");
        if (rc != Z_OK && rc != Z_BUF_ERROR)
            fail(source, ": corrupt gzip data", zs.msg ? cat(" (", zs.msg, ")") : std::string());
    }
    out.resize(produced);
    return out;
}

std::vector<std::uint8_t> read_maybe_gzip(const std::filesystem::path& path, std::string_view what) {
    std::vector<std::uint8_t> bytes = neurite::read_file_bytes(path, what);
    if (is_gzip(bytes)) return gunzip(bytes, path.string());
    return bytes;
}

}  // namespace neurite::detail
