#include "neurite/core/read_file.hpp"

#include <gtest/gtest.h>

#include <string>

#include "neurite/core/error.hpp"
#include "test_util.hpp"

using namespace neurite;
using neurite::test::error_of;
using neurite::test::TempDir;

TEST(ReadFile, WholeFileAsTextAndBytes) {
    TempDir dir;
    std::string text(200000, 'a');
    text[123456] = '\0';
    const auto p = dir.write("a.bin", text);
    EXPECT_EQ(read_file_text(p, "data file"), text);
    const auto bytes = read_file_bytes(p, "data file");
    EXPECT_EQ(std::string(bytes.begin(), bytes.end()), text);
    EXPECT_EQ(read_file_text(dir.write("empty", ""), "data file"), "");
}

TEST(ReadFile, SpecialFilesWithoutASizeAreReadToTheEnd) {
    const std::string s = read_file_text("/proc/self/status", "status file");
    EXPECT_NE(s.find("VmHWM"), std::string::npos);
}

TEST(ReadFile, Errors) {
    TempDir dir;
    EXPECT_EQ(error_of([&] { read_file_text(dir / "nope.csv", "CSV file"); }),
              (dir / "nope.csv").string() + ": cannot open CSV file: no such file");
    EXPECT_EQ(error_of([&] { read_file_bytes(dir.path, "IDX file"); }),
              dir.path.string() + ": cannot open IDX file: it is a directory");
    // A read that fails (offset 0 of this process's memory is unmapped):
    // an error, not an empty file. Root gets it too.
    EXPECT_EQ(error_of([] { read_file_text("/proc/self/mem", "CSV file"); }),
              "/proc/self/mem: cannot read CSV file: Input/output error");
}
