#include "neurite/core/memory.hpp"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <limits>

#include "neurite/core/error.hpp"

namespace neurite {
namespace {

constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();

// A cgroup memory limit (v2 memory.max, v1 memory.limit_in_bytes), or 0
// when there is none ("max", a huge v1 value, or no such file).
std::uint64_t cgroup_limit() {
    for (const char* path : {"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}) {
        std::ifstream in(path);
        std::uint64_t v = 0;
        if (in >> v && v > 0) return v;
    }
    return 0;
}

std::uint64_t read_memory() {
    const long pages = ::sysconf(_SC_PHYS_PAGES);
    const long page = ::sysconf(_SC_PAGESIZE);
    std::uint64_t bytes = pages > 0 && page > 0 ? saturating_mul(std::uint64_t(pages), std::uint64_t(page)) : 0;
    const std::uint64_t cgroup = cgroup_limit();
    if (cgroup > 0 && (bytes == 0 || cgroup < bytes)) bytes = cgroup;
    return bytes;
}

}  // namespace

std::uint64_t physical_memory_bytes() {
    static const std::uint64_t bytes = read_memory();
    return bytes;
}

std::uint64_t saturating_mul(std::uint64_t a, std::uint64_t b) {
    std::uint64_t r = 0;
    return __builtin_mul_overflow(a, b, &r) ? kMax : r;
}

std::uint64_t saturating_add(std::uint64_t a, std::uint64_t b) { return a > kMax - b ? kMax : a + b; }

std::string format_bytes(std::uint64_t bytes) {
    if (bytes == kMax) return "more than 16 EiB";
    if (bytes < 1024) return cat(bytes, " B");
    constexpr const char* units[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double v = double(bytes) / 1024.0;
    int u = 0;
    while (v >= 1024.0 && u < 5) v /= 1024.0, ++u;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f %s", v, units[u]);
    return buf;
}

void require_memory(std::uint64_t bytes, std::string_view what) {
    const std::uint64_t have = physical_memory_bytes();
    if (have == 0 || bytes <= have) return;
    fail(what, " needs ", format_bytes(bytes), "; this machine has ", format_bytes(have), " of memory");
}

}  // namespace neurite
