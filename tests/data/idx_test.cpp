#include "neurite/data/idx.hpp"

#include <gtest/gtest.h>

#include "file_errors.hpp"
#include "test_util.hpp"
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "neurite/core/error.hpp"

namespace fs = std::filesystem;
using neurite::Error;
using neurite::IdxArray;
using neurite::IdxType;
using neurite::parse_idx;
using neurite::read_idx;
using neurite::write_idx;

namespace {

const fs::path kFixtures = fs::path(NEURITE_TEST_DATA) / "fixtures";

using neurite::test::error_of;

std::string parse_error(const std::vector<std::uint8_t>& bytes) {
    return error_of([&] { parse_idx(bytes, "x.idx"); });
}

using neurite::test::TempDir;

void write_bytes(const fs::path& p, const std::vector<std::uint8_t>& bytes) {
    std::ofstream out(p, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
}

std::vector<std::uint8_t> read_bytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A header: magic, type, rank, then the sizes big-endian.
std::vector<std::uint8_t> header(std::uint8_t type, const std::vector<std::uint32_t>& dims) {
    std::vector<std::uint8_t> b{0, 0, type, std::uint8_t(dims.size())};
    for (const std::uint32_t d : dims)
        for (int s = 24; s >= 0; s -= 8) b.push_back(std::uint8_t(d >> s));
    return b;
}

// Values exactly representable in each type, extremes included.
std::vector<float> sample_values(IdxType t, std::size_t n) {
    std::vector<float> pool;
    switch (t) {
        case IdxType::u8: pool = {0, 1, 127, 128, 255, 42}; break;
        case IdxType::i8: pool = {-128, -1, 0, 1, 127, 42}; break;
        case IdxType::i16: pool = {-32768, -1, 0, 1, 32767, 258}; break;
        case IdxType::i32: pool = {-2147483648.0f, -1, 0, 1, 2147483520.0f, 16909060}; break;
        case IdxType::f32: pool = {0.0f, -0.1f, 3.4e38f, 1e-40f, 1.5f, -2.25f}; break;
        case IdxType::f64: pool = {0.0f, -0.1f, 3.4e38f, 1e-30f, 1.5f, -2.25f}; break;
    }
    std::vector<float> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = pool[i % pool.size()];
    return v;
}

}  // namespace

TEST(Idx, RoundTripEveryTypeAndRank) {
    TempDir tmp;
    const std::vector<std::vector<std::size_t>> shapes = {{7}, {3, 4}, {2, 3, 2}, {2, 1, 3, 2}};
    for (const IdxType t : {IdxType::u8, IdxType::i8, IdxType::i16, IdxType::i32, IdxType::f32, IdxType::f64}) {
        for (const auto& dims : shapes) {
            std::size_t n = 1;
            for (const std::size_t d : dims) n *= d;
            const std::vector<float> values = sample_values(t, n);
            const fs::path p = tmp.path / "a.idx";
            write_idx(p, t, dims, values);
            const IdxArray a = read_idx(p);
            SCOPED_TRACE(testing::Message() << "type " << int(t) << " rank " << dims.size());
            EXPECT_EQ(a.type, t);
            EXPECT_EQ(a.dims, dims);
            EXPECT_EQ(a.values, values);
            EXPECT_EQ(a.items(), dims[0]);
            EXPECT_EQ(a.item_size(), n / dims[0]);
        }
    }
}

TEST(Idx, WritesBigEndian) {
    TempDir tmp;
    const std::size_t dims[] = {2};
    write_idx(tmp.path / "a", IdxType::i16, dims, std::vector<float>{-2, 258});
    EXPECT_EQ(read_bytes(tmp.path / "a"), (std::vector<std::uint8_t>{0, 0, 0x0B, 1, 0, 0, 0, 2, 0xFF, 0xFE, 0x01, 0x02}));
    write_idx(tmp.path / "b", IdxType::f32, dims, std::vector<float>{1.0f, -2.0f});
    EXPECT_EQ(read_bytes(tmp.path / "b"),
              (std::vector<std::uint8_t>{0, 0, 0x0D, 1, 0, 0, 0, 2, 0x3F, 0x80, 0, 0, 0xC0, 0, 0, 0}));
}

TEST(Idx, ParsesKnownBytes) {
    std::vector<std::uint8_t> b = header(0x0C, {2});
    for (const std::uint8_t x : {0xFF, 0xFF, 0xFF, 0xFE, 0x00, 0x01, 0x00, 0x00}) b.push_back(x);
    const IdxArray a = parse_idx(b, "x");
    EXPECT_EQ(a.type, IdxType::i32);
    EXPECT_EQ(a.values, (std::vector<float>{-2, 65536}));
}

TEST(Idx, AsMatrixIsItemsByItemSize) {
    std::vector<std::uint8_t> b = header(0x08, {2, 2, 3});
    for (std::uint8_t i = 0; i < 12; ++i) b.push_back(i);
    const IdxArray a = parse_idx(b, "x");
    const neurite::Matrix m = a.as_matrix();
    ASSERT_EQ(m.rows(), 2u);
    ASSERT_EQ(m.cols(), 6u);
    EXPECT_EQ(m(1, 5), 11.0f);
    EXPECT_EQ(m(0, 3), 3.0f);
}

TEST(Idx, ZeroItemsIsAnEmptyArray) {
    const IdxArray a = parse_idx(header(0x08, {0, 28, 28}), "x");
    EXPECT_EQ(a.items(), 0u);
    EXPECT_TRUE(a.values.empty());
    EXPECT_EQ(a.as_matrix().rows(), 0u);
}

TEST(Idx, BadMagic) {
    std::vector<std::uint8_t> b = header(0x08, {1});
    b.push_back(0);
    b[0] = 1;
    const std::string e = parse_error(b);
    EXPECT_NE(e.find("x.idx"), std::string::npos) << e;
    EXPECT_NE(e.find("first two bytes"), std::string::npos) << e;
    b[0] = 0x1f, b[1] = 0x8b;
    EXPECT_NE(parse_error(b).find("gzip"), std::string::npos);
}

TEST(Idx, TooShortForAHeader) {
    EXPECT_NE(parse_error({}).find("x.idx"), std::string::npos);
    EXPECT_NE(parse_error({0, 0, 8}).find("header"), std::string::npos);
}

TEST(Idx, UnknownTypeCode) {
    std::vector<std::uint8_t> b = header(0x0A, {1});
    b.push_back(0);
    const std::string e = parse_error(b);
    EXPECT_NE(e.find("x.idx"), std::string::npos) << e;
    EXPECT_NE(e.find("type code 0x0a"), std::string::npos) << e;
}

TEST(Idx, RankZeroAndRankAboveSixteen) {
    std::string e = parse_error({0, 0, 8, 0});
    EXPECT_NE(e.find("rank 0"), std::string::npos) << e;
    EXPECT_NE(e.find("x.idx"), std::string::npos) << e;
    e = parse_error({0, 0, 8, 200, 0, 0, 0, 1});
    EXPECT_NE(e.find("rank 200"), std::string::npos) << e;
    e = parse_error(header(0x08, std::vector<std::uint32_t>(17, 1)));
    EXPECT_NE(e.find("rank 17"), std::string::npos) << e;
    // Rank 16 is allowed.
    std::vector<std::uint8_t> b = header(0x08, std::vector<std::uint32_t>(16, 1));
    b.push_back(7);
    EXPECT_EQ(parse_idx(b, "x").values, std::vector<float>{7});
}

TEST(Idx, TruncatedHeader) {
    const std::vector<std::uint8_t> b{0, 0, 8, 3, 0, 0, 0, 1, 0, 0};
    const std::string e = parse_error(b);
    EXPECT_NE(e.find("truncated IDX header"), std::string::npos) << e;
}

TEST(Idx, HeaderClaimingABillionItemsFailsAtOnce) {
    // 10⁹ images of 28 × 28 in a file of a few bytes: an Error, not an
    // allocation of 784 GB.
    std::vector<std::uint8_t> b = header(0x08, {1000000000, 28, 28});
    b.insert(b.end(), 100, 0);
    const std::string e = parse_error(b);
    EXPECT_NE(e.find("truncated"), std::string::npos) << e;
    EXPECT_NE(e.find("1000000000 × 28 × 28"), std::string::npos) << e;
    EXPECT_NE(e.find("x.idx"), std::string::npos) << e;

    TempDir tmp;
    write_bytes(tmp.path / "huge.idx", b);
    EXPECT_NE(error_of([&] { read_idx(tmp.path / "huge.idx"); }).find("huge.idx"), std::string::npos);
}

TEST(Idx, SizesWhoseProductOverflows) {
    const std::string e = parse_error(header(0x0E, std::vector<std::uint32_t>(16, 0xFFFFFFFFu)));
    EXPECT_NE(e.find("overflows"), std::string::npos) << e;
    EXPECT_NE(e.find("x.idx"), std::string::npos) << e;
    // A zero size makes the product zero whatever the others are.
    std::vector<std::uint32_t> dims(16, 0xFFFFFFFFu);
    dims[15] = 0;
    EXPECT_TRUE(parse_idx(header(0x0E, dims), "x").values.empty());
}

TEST(Idx, TruncatedData) {
    std::vector<std::uint8_t> b = header(0x0B, {3});
    b.insert(b.end(), {0, 1, 0, 2, 0});  // 5 of 6 bytes
    const std::string e = parse_error(b);
    EXPECT_NE(e.find("truncated IDX file"), std::string::npos) << e;
    EXPECT_NE(e.find("need 6 bytes"), std::string::npos) << e;
}

TEST(Idx, TrailingBytes) {
    std::vector<std::uint8_t> b = header(0x08, {2});
    b.insert(b.end(), {1, 2, 3});
    const std::string e = parse_error(b);
    EXPECT_NE(e.find("1 trailing bytes"), std::string::npos) << e;
    EXPECT_NE(e.find("x.idx"), std::string::npos) << e;
}

TEST(Idx, MissingDirectoryOrUnreadable) {
    const std::vector<std::uint8_t> bytes = header(0x08, {0});
    neurite::test::expect_unreadable_paths_named([](const fs::path& p) { read_idx(p); }, "locked.idx",
                                                 std::string(bytes.begin(), bytes.end()), "locked.idx");
}

TEST(Idx, ReadsGzipCompressedFiles) {
    // Made with: gzip -n of an IDX u8 file holding 0 … 9.
    const IdxArray a = read_idx(kFixtures / "tiny-labels-idx1-ubyte.gz");
    EXPECT_EQ(a.dims, std::vector<std::size_t>{10});
    EXPECT_EQ(a.values, (std::vector<float>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

TEST(Idx, CorruptGzipIsAnError) {
    TempDir tmp;
    std::vector<std::uint8_t> gz = read_bytes(kFixtures / "tiny-labels-idx1-ubyte.gz");
    gz.resize(gz.size() - 12);  // cut into the compressed data
    write_bytes(tmp.path / "cut.gz", gz);
    const std::string e = error_of([&] { read_idx(tmp.path / "cut.gz"); });
    EXPECT_NE(e.find("cut.gz"), std::string::npos) << e;
    EXPECT_NE(e.find("gzip"), std::string::npos) << e;
}

TEST(Idx, WriteChecksItsArguments) {
    TempDir tmp;
    const std::size_t dims[] = {2};
    EXPECT_NE(error_of([&] { write_idx(tmp.path / "a", IdxType::u8, dims, std::vector<float>{1}); }).find("1 values"),
              std::string::npos);
    EXPECT_NE(error_of([&] { write_idx(tmp.path / "a", IdxType::u8, dims, std::vector<float>{1, 256}); }).find("256"),
              std::string::npos);
    EXPECT_NE(error_of([&] { write_idx(tmp.path / "a", IdxType::i8, dims, std::vector<float>{0.5f, 1}); }).find("0.5"),
              std::string::npos);
    EXPECT_NE(error_of([&] { write_idx(tmp.path / "a", IdxType::u8, std::span<const std::size_t>{}, std::vector<float>{}); })
                  .find("rank 0"),
              std::string::npos);
}
