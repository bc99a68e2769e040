// Atomic file writes: temporary file, fsync, rename, fsync of the folder
// (docs/model-file.md, "Writing atomically").
#include "neurite/core/atomic_file.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>

#include "neurite/core/error.hpp"

namespace neurite {
namespace {

std::string errno_text(int err) { return std::strerror(err); }

// Writes all of `size` bytes, retrying on EINTR and short writes.
bool write_all(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        const ssize_t n = ::write(fd, data, std::min<std::size_t>(size, std::size_t{1} << 30));
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        data += n;
        size -= std::size_t(n);
    }
    return true;
}

// fsync of the directory that holds `path`, so the rename itself is durable.
// File systems that cannot sync a directory (EINVAL) are not an error.
void sync_directory(const std::filesystem::path& path) {
    std::filesystem::path dir = path.parent_path();
    if (dir.empty()) dir = ".";
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) fail(path.string(), ": cannot open its directory to sync it: ", errno_text(errno));
    int rc;
    do rc = ::fsync(fd);
    while (rc != 0 && errno == EINTR);
    const int err = errno;
    ::close(fd);
    if (rc != 0 && err != EINVAL && err != ENOTSUP)
        fail(path.string(), ": cannot sync its directory: ", errno_text(err));
}

// Temporary files are named ".NAME.PID-N.tmp" next to NAME: hidden, never
// taken for the real file, unique per process and write (so two writers of
// the same file never share one), and owned by the process whose id they
// carry. A writer killed mid-write (SIGKILL, power loss) leaves its temporary
// file behind; the next write of the same NAME removes those whose process is
// gone, so leftovers stay bounded by the number of live writers.
std::string temp_prefix(const std::filesystem::path& path) {
    std::string prefix(1, '.');
    prefix += path.filename().string();
    prefix += '.';
    return prefix;
}

// The numbers of this process's temporary files: unique within a process.
std::atomic<unsigned long> temp_counter{0};

struct TempOwner {
    long pid = 0;  // 0: not a temporary file of the prefix
    unsigned long number = 0;
};

// The process id and number in a temporary file name of `prefix`, or pid 0
// when the name is not one (so other files in the folder are never touched).
TempOwner temp_owner(const std::string& name, const std::string& prefix) {
    constexpr std::string_view suffix = ".tmp";
    if (name.size() <= prefix.size() + suffix.size() || name.compare(0, prefix.size(), prefix) != 0 ||
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
        return {};
    const std::string_view middle(name.data() + prefix.size(), name.size() - prefix.size() - suffix.size());
    const std::size_t dash = middle.find('-');
    if (dash == 0 || dash == std::string_view::npos || dash > 9 || middle.size() - dash - 1 == 0 ||
        middle.size() - dash - 1 > 18)
        return {};
    TempOwner owner;
    for (std::size_t i = 0; i < middle.size(); ++i) {
        if (i == dash) continue;
        if (middle[i] < '0' || middle[i] > '9') return {};
        if (i < dash) owner.pid = owner.pid * 10 + (middle[i] - '0');
        else owner.number = owner.number * 10 + static_cast<unsigned long>(middle[i] - '0');
    }
    return owner;
}

// Best effort: errors (an unreadable folder, a file removed meanwhile) are
// left for the write itself to report, if they matter to it. A file of this
// process's id with a number it has not used yet is a leftover of an earlier
// process that had the same id.
void remove_stale_temps(const std::filesystem::path& path) {
    const std::filesystem::path dir = path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
    const std::string prefix = temp_prefix(path);
    const long self = static_cast<long>(::getpid());
    std::error_code ec;
    for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        const TempOwner owner = temp_owner(name, prefix);
        if (owner.pid <= 0) continue;
        if (owner.pid == self) {
            if (owner.number < temp_counter.load()) continue;  // may be this process's, being written
        } else if (::kill(static_cast<pid_t>(owner.pid), 0) == 0 || errno != ESRCH) {
            continue;  // its process runs (EPERM: another user's)
        }
        ::unlink(it->path().c_str());
    }
}

}  // namespace

void write_file_atomic(const std::filesystem::path& path, std::string_view bytes) {
    const char* data = bytes.data();
    const std::size_t size = bytes.size();
    if (path.empty() || path.filename().empty()) fail("cannot write a file with an empty name: '", path.string(), "'");
    const std::filesystem::path parent = path.parent_path();
    if (!parent.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(parent, ec);
        if (ec) fail(path.string(), ": cannot create directory ", parent.string(), ": ", ec.message());
    }
    remove_stale_temps(path);
    std::filesystem::path tmp = path;
    tmp.replace_filename(cat(temp_prefix(path), ::getpid(), '-', temp_counter.fetch_add(1), ".tmp"));
    int fd;
    do fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    while (fd < 0 && errno == EINTR);
    if (fd < 0) fail(path.string(), ": cannot write ", tmp.string(), ": ", errno_text(errno));
    const auto give_up = [&](std::string_view what, int err, bool close_fd) {
        if (close_fd) ::close(fd);
        ::unlink(tmp.c_str());
        fail(path.string(), ": ", what, ": ", errno_text(err));
    };
    if (!write_all(fd, data, size)) give_up("cannot write", errno, true);
    // The data must be on disk before the rename makes it the file: else a
    // crash could leave the new name pointing at an empty or partial file.
    int rc;
    do rc = ::fsync(fd);
    while (rc != 0 && errno == EINTR);
    if (rc != 0) give_up("cannot flush to disk", errno, true);
    if (::close(fd) != 0) give_up("cannot close", errno, false);
    if (::rename(tmp.c_str(), path.c_str()) != 0) give_up(cat("cannot rename ", tmp.string(), " over it"), errno, false);
    sync_directory(path);
}

}  // namespace neurite
