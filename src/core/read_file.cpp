#include "neurite/core/read_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "neurite/core/error.hpp"
#include "neurite/core/memory.hpp"

namespace neurite {
namespace {

// Pipes and devices have no size to check up front; they are read up to this.
constexpr std::size_t kMaxStreamBytes = std::size_t{256} << 20;

// Reads the file into `out` (a std::string or a byte vector).
template <typename Buffer>
void read_into(const std::filesystem::path& path, std::string_view what, Buffer& out) {
    const std::string name = path.string();
    int fd = -1;
    do fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        const int err = errno;
        if (err == ENOENT) fail(name, ": cannot open ", what, ": no such file");
        fail(name, ": cannot open ", what, ": ", std::strerror(err));
    }
    struct Close {
        int fd;
        ~Close() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0) fail(name, ": cannot read ", what, ": ", std::strerror(errno));
    if (S_ISDIR(st.st_mode)) fail(name, ": cannot open ", what, ": it is a directory");

    // Regular files: their size up front. Others (pipes, /proc files) report
    // 0 or a guess; they grow as they are read.
    std::size_t size = 0;
    if (S_ISREG(st.st_mode) && st.st_size > 0) {
        require_memory(std::uint64_t(st.st_size), cat(name, ": reading this ", std::uint64_t(st.st_size), "-byte ", what));
        size = std::size_t(st.st_size);
    }
    out.resize(size);
    std::size_t got = 0;
    for (;;) {
        if (got == out.size()) {
            if (S_ISREG(st.st_mode) && got == size && got > 0) {
                // The expected end: one more read tells whether it grew.
                char probe[4096];
                ssize_t n;
                do n = ::read(fd, probe, sizeof probe);
                while (n < 0 && errno == EINTR);
                if (n < 0) fail(name, ": cannot read ", what, ": ", std::strerror(errno));
                if (n == 0) break;
                out.insert(out.end(), probe, probe + n);
                got += std::size_t(n);
                continue;
            }
            const std::size_t grown = out.size() < 65536 ? 65536 : out.size() * 2;
            // A stream without end (/dev/zero, a pipe that never closes)
            // stops at a limit instead of exhausting memory.
            if (!S_ISREG(st.st_mode) && grown > kMaxStreamBytes)
                fail(name, ": cannot read ", what, ": not a regular file, and longer than ",
                     format_bytes(kMaxStreamBytes), " (the limit for pipes and devices)");
            require_memory(grown, cat(name, ": reading more than ", out.size(), " bytes of this ", what));
            out.resize(grown);
        }
        ssize_t n;
        do n = ::read(fd, reinterpret_cast<char*>(out.data()) + got, out.size() - got);
        while (n < 0 && errno == EINTR);
        if (n < 0) fail(name, ": cannot read ", what, ": ", std::strerror(errno));
        if (n == 0) break;
        got += std::size_t(n);
    }
    out.resize(got);
}

}  // namespace

std::string read_file_text(const std::filesystem::path& path, std::string_view what) {
    std::string out;
    read_into(path, what, out);
    return out;
}

std::vector<std::uint8_t> read_file_bytes(const std::filesystem::path& path, std::string_view what) {
    std::vector<std::uint8_t> out;
    read_into(path, what, out);
    return out;
}

}  // namespace neurite
