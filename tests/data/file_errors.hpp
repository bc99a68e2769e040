// What every reader of a whole data file (CSV, IDX) must say when the file
// cannot be read at all, checked once for each reader.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <string>

#include "test_util.hpp"

namespace neurite::test {

// Reads, with `read`, a path that does not exist, a directory and a file
// without read permission (named `file_name`, holding `content`; skipped as
// root, who can read it anyway). Each message names the path and its reason
// ("no such file", "directory", and `unreadable_says` for the last).
inline void expect_unreadable_paths_named(const std::function<void(const std::filesystem::path&)>& read,
                                          const std::string& file_name, const std::string& content,
                                          const std::string& unreadable_says) {
    namespace fs = std::filesystem;
    TempDir dir;
    const auto expect = [&](const fs::path& p, const std::string& says) {
        const std::string msg = error_of([&] { read(p); });
        EXPECT_NE(msg.find(p.string()), std::string::npos) << msg;
        EXPECT_NE(msg.find(says), std::string::npos) << msg;
    };
    expect(dir / "nope", "no such file");
    expect(dir.path, "directory");
    if (::geteuid() == 0) return;
    const fs::path p = dir.write(file_name, content);
    fs::permissions(p, fs::perms::none);
    expect(p, unreadable_says);
    fs::permissions(p, fs::perms::owner_all);
}

}  // namespace neurite::test
