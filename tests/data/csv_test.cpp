#include "neurite/data/csv.hpp"

#include <gtest/gtest.h>

#include "file_errors.hpp"
#include "test_util.hpp"
#include <sys/resource.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "neurite/core/error.hpp"
#include "neurite/core/rng.hpp"

namespace fs = std::filesystem;
using neurite::CsvOptions;
using neurite::CsvTable;
using neurite::Error;
using neurite::parse_csv;
using neurite::read_csv;

namespace {

const fs::path kData = NEURITE_TEST_DATA;

using neurite::test::error_of;

std::string parse_error(std::string_view text, const CsvOptions& options = {}) {
    return error_of([&] { parse_csv(text, "x.csv", options); });
}

void expect_values(const CsvTable& t, std::size_t rows, std::size_t cols, const std::vector<float>& values) {
    ASSERT_EQ(t.values.rows(), rows);
    ASSERT_EQ(t.values.cols(), cols);
    ASSERT_EQ(values.size(), rows * cols);
    for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t c = 0; c < cols; ++c) EXPECT_EQ(t.values(r, c), values[r * cols + c]) << r << ',' << c;
}

// A temporary directory removed at the end of the test.
using neurite::test::TempDir;

}  // namespace

TEST(CsvParse, CommaWithoutHeader) {
    const CsvTable t = parse_csv("1,2,3\n4,5,6\n", "x.csv");
    EXPECT_TRUE(t.header.empty());
    expect_values(t, 2, 3, {1, 2, 3, 4, 5, 6});
}

TEST(CsvParse, LastLineWithoutNewline) {
    expect_values(parse_csv("1,2\n3,4", "x.csv"), 2, 2, {1, 2, 3, 4});
}

TEST(CsvParse, DetectsSemicolon) {
    expect_values(parse_csv("1;2\n3;4\n", "x.csv"), 2, 2, {1, 2, 3, 4});
}

TEST(CsvParse, DetectsTab) {
    expect_values(parse_csv("1\t2\n3\t4\n", "x.csv"), 2, 2, {1, 2, 3, 4});
}

TEST(CsvParse, SemicolonWinsOverCommaInTheFirstLine) {
    // A semicolon file with a decimal comma: the comma is not the separator,
    // and the error says what is wrong.
    const std::string msg = parse_error("1,5;2\n");
    EXPECT_NE(msg.find("x.csv:1:1: not a number: \"1,5\""), std::string::npos) << msg;
    EXPECT_NE(msg.find("decimal separator must be '.'"), std::string::npos) << msg;
}

TEST(CsvParse, SeparatorInsideQuotesIsNotCounted) {
    const CsvTable t = parse_csv("\"a;b\",c\n1,2\n", "x.csv");
    ASSERT_EQ(t.header.size(), 2u);
    EXPECT_EQ(t.header[0], "a;b");
    EXPECT_EQ(t.header[1], "c");
    expect_values(t, 1, 2, {1, 2});
}

TEST(CsvParse, SingleColumn) {
    expect_values(parse_csv("1\n2\n3\n", "x.csv"), 3, 1, {1, 2, 3});
}

TEST(CsvParse, ExplicitSeparator) {
    CsvOptions options;
    options.separator = '|';
    expect_values(parse_csv("1|2\n3|4\n", "x.csv", options), 2, 2, {1, 2, 3, 4});
    options.separator = ' ';
    expect_values(parse_csv("1 2\n3 4\n", "x.csv", options), 2, 2, {1, 2, 3, 4});
}

TEST(CsvParse, InvalidSeparatorOption) {
    CsvOptions options;
    options.separator = '"';
    EXPECT_NE(parse_error("1,2\n", options).find("x.csv: invalid CSV separator"), std::string::npos);
}

TEST(CsvParse, DetectsHeader) {
    const CsvTable t = parse_csv("x,y,label\n0.5,-1,1\n", "x.csv");
    EXPECT_EQ(t.header, (std::vector<std::string>{"x", "y", "label"}));
    expect_values(t, 1, 3, {0.5f, -1, 1});
}

TEST(CsvParse, HeaderWithSomeNumericNames) {
    const CsvTable t = parse_csv("1,2,class\n1,2,3\n", "x.csv");
    EXPECT_EQ(t.header, (std::vector<std::string>{"1", "2", "class"}));
    expect_values(t, 1, 3, {1, 2, 3});
}

TEST(CsvParse, ForcedHeader) {
    CsvOptions options;
    options.header = true;
    const CsvTable t = parse_csv("1,2\n3,4\n", "x.csv", options);
    EXPECT_EQ(t.header, (std::vector<std::string>{"1", "2"}));
    expect_values(t, 1, 2, {3, 4});
}

TEST(CsvParse, ForcedNoHeader) {
    CsvOptions options;
    options.header = false;
    EXPECT_NE(parse_error("a,b\n1,2\n", options).find("x.csv:1:1: not a number: \"a\""), std::string::npos);
}

TEST(CsvParse, QuotedFields) {
    const CsvTable t = parse_csv("\"say \"\"hi\"\"\", \"a,b\" ,\"multi\nline\"\n\"1\",2,  \"3.5\"  \n", "x.csv");
    EXPECT_EQ(t.header, (std::vector<std::string>{"say \"hi\"", "a,b", "multi\nline"}));
    expect_values(t, 1, 3, {1, 2, 3.5f});
}

TEST(CsvParse, LineNumbersCountLinesInsideQuotes) {
    // The header spans lines 1–2, so the bad cell is on line 4.
    const std::string msg = parse_error("\"a\nb\",c\n1,2\n3,x\n");
    EXPECT_NE(msg.find("x.csv:4:2: not a number: \"x\""), std::string::npos) << msg;
}

TEST(CsvParse, Crlf) {
    const CsvTable t = parse_csv("a,b\r\n1,2\r\n3,4\r\n", "x.csv");
    EXPECT_EQ(t.header, (std::vector<std::string>{"a", "b"}));
    expect_values(t, 2, 2, {1, 2, 3, 4});
}

TEST(CsvParse, ByteOrderMark) {
    const CsvTable t = parse_csv("\xEF\xBB\xBFx,y\n1,2\n", "x.csv");
    EXPECT_EQ(t.header, (std::vector<std::string>{"x", "y"}));
    expect_values(t, 1, 2, {1, 2});
    // A BOM before numbers does not turn the first row into a header.
    const CsvTable u = parse_csv("\xEF\xBB\xBF" "1,2\n", "x.csv");
    EXPECT_TRUE(u.header.empty());
    expect_values(u, 1, 2, {1, 2});
}

TEST(CsvParse, TrailingBlankLines) {
    expect_values(parse_csv("1,2\n3,4\n\n\r\n  \n", "x.csv"), 2, 2, {1, 2, 3, 4});
}

TEST(CsvParse, LeadingBlankLinesAreSkippedAndCounted) {
    const std::string msg = parse_error("\n\n1,2\n3,x\n");
    EXPECT_NE(msg.find("x.csv:4:2: not a number"), std::string::npos) << msg;
    expect_values(parse_csv("\n\n1,2\n", "x.csv"), 1, 2, {1, 2});
}

TEST(CsvParse, SpacesAroundNumbers) {
    expect_values(parse_csv(" 1 , 2\n3,\t4 \n", "x.csv"), 2, 2, {1, 2, 3, 4});
}

TEST(CsvParse, NumberForms) {
    const CsvTable t = parse_csv("+1,-2.5,1e3,.5,-0,1E-2,1e-50,3.\n", "x.csv");
    expect_values(t, 1, 8, {1, -2.5f, 1000, 0.5f, 0, 0.01f, 0, 3});
}

TEST(CsvParse, FloatValuesRoundCorrectly) {
    const CsvTable t = parse_csv("0.1,16777217,3.4028234e38\n", "x.csv");
    expect_values(t, 1, 3, {0.1f, 16777216.0f, 3.4028234e38f});
}

TEST(CsvParse, IgnoresLocale) {
    // from_chars never reads a decimal comma, whatever the C locale.
    expect_values(parse_csv("1.25\n", "x.csv"), 1, 1, {1.25f});
}

// ---- errors -------------------------------------------------------------------

// Malformed input and the exact message each gets, line and column first.
struct BadCsv {
    const char* what;
    const char* text;
    const char* message;
};

const BadCsv kBadCsv[] = {
    {"EmptyFile", "", "x.csv: empty file"},
    {"EmptyFile", "\xEF\xBB\xBF", "x.csv: empty file"},
    {"EmptyFile", "\n\r\n  \n", "x.csv: empty file"},
    {"RaggedRow", "1,2,3,4\n5,6,7,8\n1,2,3\n", "x.csv:3: expected 4 columns, got 3"},
    {"RaggedRow", "a,b\n1,2,3\n", "x.csv:2: expected 2 columns, got 3"},
    {"NotANumber", "1,2\n3,4\n5,6\n7,8\n9,abc\n", "x.csv:5:2: not a number: \"abc\""},
    {"NotANumber", "1,2\n3,4x\n", "x.csv:2:2: not a number: \"4x\""},
    {"NotANumber", "1,2\n0x10,4\n", "x.csv:2:1: not a number: \"0x10\""},
    {"NotANumber", "1,2\n1.5e,4\n", "x.csv:2:1: not a number: \"1.5e\""},
    {"EmptyCell", "1,2\n3,\n", "x.csv:2:2: empty cell"},
    {"EmptyCell", "1,,3\n", "x.csv:1:2: empty cell"},
    {"EmptyCell", "a,b\n\"\",1\n", "x.csv:2:1: empty cell"},
    {"NanAndInf", "1,2\nNaN,3\n", "x.csv:2:1: NaN is not allowed"},
    {"NanAndInf", "nan,3\n", "x.csv:1:1: NaN is not allowed"},
    {"NanAndInf", "1,2\n3,inf\n", "x.csv:2:2: Inf is not allowed"},
    {"NanAndInf", "1,2\n3,-Infinity\n", "x.csv:2:2: Inf is not allowed"},
    {"OutOfRange", "1,2\n3,1e39\n", "x.csv:2:2: number out of range for float: \"1e39\""},
    {"OutOfRange", "1,2\n3,-1e400\n", "x.csv:2:2: number out of range for float: \"-1e400\""},
    {"BlankLineBetweenRows", "1,2\n\n3,4\n", "x.csv:2: blank line between rows"},
    {"UnterminatedQuote", "a,b\n1,\"2\n", "x.csv:2:2: unterminated quoted field"},
    {"TextAfterClosingQuote", "\"a\"b,c\n1,2\n", "x.csv:1:1: unexpected \"b\" after a closing quote"},
};

TEST(CsvErrors, ExactMessages) {
    for (const BadCsv& c : kBadCsv) EXPECT_EQ(parse_error(c.text), c.message) << c.what << ": " << c.text;
}

TEST(CsvErrors, HeaderOnly) {
    EXPECT_NE(parse_error("a,b\n").find("x.csv: no data rows"), std::string::npos);
}

TEST(CsvErrors, LongCellIsShortenedInTheMessage) {
    const std::string msg = parse_error("1\n" + std::string(100, 'z') + "\n");
    EXPECT_NE(msg.find("x.csv:2:1: not a number: \"zzz"), std::string::npos);
    EXPECT_NE(msg.find("...\""), std::string::npos);
    EXPECT_LT(msg.size(), 80u);
}

TEST(CsvErrors, Utf16) {
    EXPECT_NE(parse_error("\xFF\xFE" "1\0,\0" "2\0").find("x.csv: the file is UTF-16"), std::string::npos);
}

// Damaged tables give an Error, never another exception or a crash.
TEST(CsvErrors, MutationsThrowOnlyError) {
    const std::string base = "\xEF\xBB\xBF\"a\",b;c\r\n1.5,-2,3e1\r\n\"4\",5,6\n7,8,9\n\n";
    const std::string alphabet = ",;\t\"\r\n 0123456789.-+eEnaif\xC3";
    neurite::Rng rng(5);
    int errors = 0;
    for (int trial = 0; trial < 5000; ++trial) {
        const std::string text = neurite::test::mutate(base, alphabet, rng, 3);
        try {
            const CsvTable t = parse_csv(text, "fuzz.csv");
            EXPECT_GT(t.values.rows(), 0u);
            if (!t.header.empty()) {
                EXPECT_EQ(t.header.size(), t.values.cols());
            }
        } catch (const Error&) {
            ++errors;
        } catch (const std::exception& e) {
            ADD_FAILURE() << "unexpected exception: " << e.what();
        }
    }
    EXPECT_GT(errors, 100);
}

// ---- files ----------------------------------------------------------------------

TEST(CsvRead, XorInputs) {
    const CsvTable t = read_csv(kData / "xor_inputs.csv");
    EXPECT_TRUE(t.header.empty());
    expect_values(t, 4, 2, {0, 0, 0, 1, 1, 0, 1, 1});
}

TEST(CsvRead, BomCrlfSemicolonQuotedHeader) {
    const CsvTable t = read_csv(kData / "csv_bom_crlf_semicolon.csv");
    EXPECT_EQ(t.header, (std::vector<std::string>{"x 1", "x;2", "label"}));
    expect_values(t, 2, 3, {1.5f, -2, 0, 3, 0.4f, 1});
}

TEST(CsvRead, ErrorsNameTheFile) {
    TempDir dir;
    const fs::path p = dir.write("bad.csv", "a,b\n1,2\n3,?\n");
    const std::string msg = error_of([&] { read_csv(p); });
    EXPECT_EQ(msg, p.string() + ":3:2: not a number: \"?\"");
}

TEST(CsvRead, MissingDirectoryOrUnreadable) {
    neurite::test::expect_unreadable_paths_named([](const fs::path& p) { read_csv(p); }, "locked.csv", "1,2\n",
                                                 ": cannot open CSV file");
}

TEST(CsvRead, LargeFile) {
    std::string text = "a,b,c\n";
    constexpr int rows = 100000;
    for (int r = 0; r < rows; ++r) text += std::to_string(r) + "," + std::to_string(r * 0.5) + ",-1\r\n";
    const CsvTable t = parse_csv(text, "big.csv");
    ASSERT_EQ(t.values.rows(), std::size_t(rows));
    EXPECT_EQ(t.values(rows - 1, 0), float(rows - 1));
    EXPECT_EQ(t.values(12345, 1), 6172.5f);
    EXPECT_EQ(t.values(rows - 1, 2), -1.0f);
}

TEST(CsvErrors, TooManyColumns) {
    std::string row;
    for (int i = 0; i < 1000000; ++i) row += "0,";
    row += "0\n";
    EXPECT_EQ(parse_error(row), "x.csv:1:1000001: more than 1000000 columns in one row");
    EXPECT_EQ(parse_error("1,2\n" + row), "x.csv:2:1000001: more than 1000000 columns in one row");
    row.erase(row.size() - 3);  // exactly 10⁶ cells
    row += "\n";
    const CsvTable t = parse_csv(row, "x.csv");
    EXPECT_EQ(t.values.cols(), 1000000u);
}

namespace {

bool sanitized() {
#if defined(__SANITIZE_ADDRESS__)
    return true;
#else
    const char* env = std::getenv("NEURITE_SANITIZED");
    return env != nullptr && std::string(env) == "1";
#endif
}

// The growth of this process's peak resident memory while `f` runs, in bytes.
template <typename F>
long peak_growth(F&& f) {
    rusage before{};
    ::getrusage(RUSAGE_SELF, &before);
    f();
    rusage after{};
    ::getrusage(RUSAGE_SELF, &after);
    return (after.ru_maxrss - before.ru_maxrss) * 1024L;  // ru_maxrss is in KiB
}

}  // namespace

TEST(CsvErrors, HundredMegabyteLineFailsWithBoundedMemory) {
    // 100 MB on one line without a newline: 50 million "0," cells.
    std::string text;
    text.reserve(100'000'000);
    while (text.size() < 100'000'000) text += "0,";
    std::string msg;
    const long grown = peak_growth([&] { msg = parse_error(text); });
    EXPECT_EQ(msg, "x.csv:1:1000001: more than 1000000 columns in one row");
    if (!sanitized()) {
        EXPECT_LT(grown, 300L << 20) << "peak memory grew by " << (grown >> 20) << " MiB";
    }

    // One cell of 100 MB: a number too large for float.
    text.assign(100'000'000, '7');
    const long grown2 = peak_growth([&] { msg = parse_error(text); });
    EXPECT_EQ(msg.rfind("x.csv:1:1: number out of range for float: \"777", 0), 0u) << msg.substr(0, 200);
    EXPECT_LT(msg.size(), 100u);
    if (!sanitized()) {
        EXPECT_LT(grown2, 300L << 20) << "peak memory grew by " << (grown2 >> 20) << " MiB";
    }
}

TEST(CsvRead, AFailingReadIsAnErrorNotAnEmptyFile) {
    // Reading offset 0 of this process's memory fails with EIO, even for root.
    EXPECT_EQ(error_of([] { read_csv("/proc/self/mem"); }), "/proc/self/mem: cannot read CSV file: Input/output error");
}
