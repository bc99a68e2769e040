// Small helpers shared by the test files.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <system_error>

#include "neurite/core/error.hpp"
#include "neurite/core/rng.hpp"

namespace neurite::test {

// The message of the neurite::Error that `f` throws ("" when it throws none).
template <typename F>
std::string error_of(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

// Expects `f` to throw a neurite::Error whose message contains `needle`.
template <typename F>
void expect_error(F&& f, const std::string& needle) {
    try {
        f();
        ADD_FAILURE() << "expected neurite::Error containing \"" << needle << "\"";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find(needle), std::string::npos)
            << "message \"" << e.what() << "\" lacks \"" << needle << "\"";
    }
}

// A fresh directory for one test, removed with everything in it afterwards.
struct TempDir {
    std::filesystem::path path;
    TempDir() {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        path = std::filesystem::temp_directory_path() /
               ("neurite_test_" + std::to_string(::getpid()) + "_" + info->test_suite_name() + "_" + info->name());
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::filesystem::path operator/(const std::string& name) const { return path / name; }
    // Writes `text` to a file in the directory and returns its path.
    std::filesystem::path write(const std::string& name, const std::string& text) const {
        std::ofstream(path / name, std::ios::binary) << text;
        return path / name;
    }
};

// `text` with 1 to 3 random edits: a character replaced or inserted (drawn
// from `alphabet`), or 1 to `max_erase` characters removed. For tests that
// feed damaged input to a parser.
inline std::string mutate(std::string text, std::string_view alphabet, Rng& rng, std::size_t max_erase) {
    const int edits = 1 + static_cast<int>(rng.below(3));
    for (int e = 0; e < edits && !text.empty(); ++e) {
        const std::size_t at = rng.below(text.size());
        const char c = alphabet[rng.below(alphabet.size())];
        switch (rng.below(3)) {
            case 0: text[at] = c; break;
            case 1: text.insert(text.begin() + static_cast<long>(at), c); break;
            default: text.erase(at, 1 + rng.below(max_erase)); break;
        }
    }
    return text;
}

}  // namespace neurite::test
