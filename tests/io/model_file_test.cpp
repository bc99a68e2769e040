// Tests of the model file (include/neurite/io/model_file.hpp,
// docs/model-file.md): the byte layout, round trips, every error path,
// hostile inputs, atomic writes, and the golden files that keep old files
// loadable.
//
// Golden files. tests/data/golden/model_v<N>.nrm were each written once, by
// the DISABLED_ generator test of their version below, and are checked in.
// They are never regenerated: a test loads each one and asserts its exact
// contents, so a reader that stops understanding an old version fails here.
// When the format version goes up, add model_v<N+1>.nrm the same way: copy
// the generator and the golden test, give them the new version's name, run
//   build-mf/tests/neurite_tests --gtest_also_run_disabled_tests
//       --gtest_filter='ModelFileGolden.DISABLED_GenerateModelV<N+1>'
// once, and commit the produced file. Keep every older file and its test.
#include "neurite/core/atomic_file.hpp"
#include "neurite/io/model_file.hpp"

#include <gtest/gtest.h>

#include "test_util.hpp"
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

#include "neurite/core/error.hpp"
#include "neurite/core/rng.hpp"

namespace fs = std::filesystem;
using namespace neurite;

namespace {

const fs::path kData = NEURITE_TEST_DATA;
using Bytes = std::vector<std::uint8_t>;

using neurite::test::error_of;

std::string decode_error(const Bytes& bytes) {
    return error_of([&] { decode_model_file(bytes, "m.nrm"); });
}

// Bitwise CRC-32 (IEEE), independent of the library's table-driven one.
std::uint32_t crc32_bitwise(const std::uint8_t* p, std::size_t n) {
    std::uint32_t c = 0xFFFFFFFFu;
    for (std::size_t i = 0; i < n; ++i) {
        c ^= p[i];
        for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return ~c;
}

std::uint32_t u32_at(const Bytes& b, std::size_t at) {
    return std::uint32_t(b[at]) | std::uint32_t(b[at + 1]) << 8 | std::uint32_t(b[at + 2]) << 16 |
           std::uint32_t(b[at + 3]) << 24;
}
std::uint64_t u64_at(const Bytes& b, std::size_t at) {
    return std::uint64_t(u32_at(b, at)) | std::uint64_t(u32_at(b, at + 4)) << 32;
}
void set_u32(Bytes& b, std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) b[at + std::size_t(i)] = std::uint8_t(v >> (8 * i));
}
void set_u64(Bytes& b, std::size_t at, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) b[at + std::size_t(i)] = std::uint8_t(v >> (8 * i));
}
void fix_crc(Bytes& b) { set_u32(b, b.size() - 4, crc32_bitwise(b.data(), b.size() - 4)); }

// A file assembled by hand: the fixed header, `header` as the JSON, `blob`
// bytes, and a correct CRC, so that the checks after the CRC are reached.
Bytes hand_built(const std::string& header, const Bytes& blob = {}) {
    Bytes b(24 + header.size() + blob.size() + 4);
    std::memcpy(b.data(), "NEURITE\x1a", 8);
    set_u32(b, 8, 1);
    set_u32(b, 12, 0);
    set_u64(b, 16, header.size());
    std::copy(header.begin(), header.end(), b.begin() + 24);
    std::copy(blob.begin(), blob.end(), b.begin() + 24 + long(header.size()));
    fix_crc(b);
    return b;
}

Bytes float_bytes(std::size_t count) {
    Bytes b(4 * count);
    for (std::size_t i = 0; i < count; ++i) {
        const float v = float(i) * 0.5f;
        std::uint32_t bits;
        std::memcpy(&bits, &v, 4);
        for (int k = 0; k < 4; ++k) b[4 * i + std::size_t(k)] = std::uint8_t(bits >> (8 * k));
    }
    return b;
}

// The header of a valid 2-3-1 model (3·2+3 + 3+1 = 13 parameters) with
// `blobs` as its blob table and `pre` as its preprocessing.
std::string header_text(const std::string& blobs = R"([{"name": "params", "count": 13}])",
                        const std::string& pre = R"({"kind": "none", "offset": [], "scale": []})",
                        const std::string& arch = R"({"input": 2, "layers": [{"type": "dense", "units": 3,
                            "activation": "tanh"}, {"type": "dense", "units": 1}]})") {
    return R"({"format": "neurite-model", "architecture": )" + arch + R"(, "preprocessing": )" + pre +
           R"(, "class_names": [], "extra": {}, "blobs": )" + blobs + "}";
}

Sequential small_net(std::uint64_t seed = 7) {
    Sequential net(3);
    net.dense(5, Activation::leaky_relu).dropout(0.25).dense(4, Activation::tanh).dense(2).softmax();
    net.build();
    Rng rng(seed);
    net.init(rng);
    return net;
}

Preprocessing standardize3() {
    Preprocessing p;
    p.kind = ScalingKind::standardize;
    p.offset = {0.1f, -2.5f, 1000.0f};
    p.scale = {3.0f, 0.125f, 1e-3f};
    return p;
}

ModelFile sample_file() {
    ModelFile f = model_file_of(small_net(), standardize3(), {"setosa", "versicolor"});
    f.extra_json = R"({"epoch": 12, "optimizer": {"kind": "adam", "t": 300}, "note": "ünïcode ✓"})";
    f.blobs["adam.m"] = {1.0f, -0.0f, std::numeric_limits<float>::denorm_min(), 3.0e38f};
    f.blobs["adam.v"] = std::vector<float>(f.blobs.at("params").size(), 0.25f);
    f.blobs["empty"] = {};
    return f;
}

// A fresh directory for one test, removed afterwards.
class TempDir {
public:
    TempDir() {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        path_ = fs::temp_directory_path() /
                cat("neurite_mf_", ::getpid(), '_', info->test_suite_name(), '_', info->name());
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    const fs::path& path() const { return path_; }
    fs::path operator/(const std::string& name) const { return path_ / name; }

private:
    fs::path path_;
};

Bytes read_bytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return Bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
void write_bytes(const fs::path& p, const Bytes& b) {
    std::ofstream out(p, std::ios::binary);
    out.write(reinterpret_cast<const char*>(b.data()), std::streamsize(b.size()));
}

std::vector<std::string> files_in(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

Matrix predict_all(Sequential& net, const Matrix& x) {
    Matrix out(x.rows(), net.output_size());
    net.predict(x.view(), out.view());
    return out;
}

}  // namespace

// ---- layout ---------------------------------------------------------------------------

TEST(ModelFileFormat, CrcHelperMatchesTheStandardCheckValue) {
    const std::string check = "123456789";
    EXPECT_EQ(crc32_bitwise(reinterpret_cast<const std::uint8_t*>(check.data()), check.size()), 0xCBF43926u);
}

TEST(ModelFileFormat, BytesFollowTheDocumentedLayout) {
    const ModelFile f = sample_file();
    const Bytes b = encode_model_file(f);
    ASSERT_GE(b.size(), 28u);
    EXPECT_EQ(std::string(b.begin(), b.begin() + 8), std::string("NEURITE\x1a", 8));
    EXPECT_EQ(u32_at(b, 8), kModelFormatVersion);
    EXPECT_EQ(u32_at(b, 8), 1u);
    EXPECT_EQ(u32_at(b, 12), 0u);
    const std::uint64_t h = u64_at(b, 16);
    std::size_t floats = 0;
    for (const auto& [name, values] : f.blobs) floats += values.size();
    EXPECT_EQ(b.size(), 24 + h + 4 * floats + 4);
    const std::string header(b.begin() + 24, b.begin() + 24 + long(h));
    EXPECT_EQ(header.front(), '{');
    // Compact JSON, keys in the documented order, one newline at the end.
    EXPECT_EQ(header.rfind(R"({"format":"neurite-model","architecture":{"format":"neurite-spec",)", 0), 0u)
        << header;
    EXPECT_NE(header.find(R"(},"preprocessing":{"kind":"standardize","offset":[)"), std::string::npos);
    EXPECT_NE(header.find(R"(]},"class_names":["setosa","versicolor"],"extra":{"epoch":12,)"), std::string::npos);
    EXPECT_EQ(header.back(), '\n');
    EXPECT_EQ(header.find("\"weights\""), std::string::npos) << "explicit weights belong in the params blob";
    // Blobs in std::map order, each as a {name, count} entry.
    const auto pos = [&](const std::string& s) { return header.find(s); };
    EXPECT_LT(pos(R"({"name":"adam.m")"), pos(R"({"name":"adam.v")"));
    EXPECT_LT(pos(R"({"name":"adam.v")"), pos(R"({"name":"empty")"));
    EXPECT_LT(pos(R"({"name":"empty")"), pos(R"({"name":"params")"));
    // The first blob ("adam.m") follows the header, little-endian.
    const std::size_t at = 24 + std::size_t(h);
    EXPECT_EQ(u32_at(b, at), 0x3F800000u);      // 1.0f
    EXPECT_EQ(u32_at(b, at + 4), 0x80000000u);  // -0.0f
    EXPECT_EQ(u32_at(b, at + 8), 0x00000001u);  // the smallest denormal
    // The CRC covers every byte before it.
    EXPECT_EQ(u32_at(b, b.size() - 4), crc32_bitwise(b.data(), b.size() - 4));
}

TEST(ModelFileFormat, EncodeDecodeEncodeGivesIdenticalBytes) {
    const Bytes first = encode_model_file(sample_file());
    const ModelFile decoded = decode_model_file(first, "first");
    const Bytes second = encode_model_file(decoded);
    EXPECT_EQ(first, second);
}

TEST(ModelFileFormat, DecodeRestoresEveryField) {
    const ModelFile f = sample_file();
    const ModelFile g = decode_model_file(encode_model_file(f), "x");
    EXPECT_EQ(to_json(g.spec), to_json(f.spec));
    EXPECT_EQ(g.preprocessing.kind, ScalingKind::standardize);
    EXPECT_EQ(g.preprocessing.offset, f.preprocessing.offset);
    EXPECT_EQ(g.preprocessing.scale, f.preprocessing.scale);
    EXPECT_EQ(g.class_names, f.class_names);
    EXPECT_EQ(g.extra_json, R"({"epoch":12,"optimizer":{"kind":"adam","t":300},"note":"ünïcode ✓"})");
    ASSERT_EQ(g.blobs.size(), f.blobs.size());
    for (const auto& [name, values] : f.blobs) {
        ASSERT_TRUE(g.blobs.count(name)) << name;
        const auto& other = g.blobs.at(name);
        ASSERT_EQ(other.size(), values.size()) << name;
        // Bit for bit (the sign of -0.0 and denormals included).
        if (!values.empty()) {
            EXPECT_EQ(0, std::memcmp(other.data(), values.data(), 4 * values.size())) << name;
        }
    }
}

TEST(ModelFileFormat, ExplicitWeightsInTheSpecAreNotWritten) {
    Sequential net = small_net();
    ModelFile f = model_file_of(net);
    f.spec = spec_of<float>(net, true);  // carries weights
    const ModelFile g = decode_model_file(encode_model_file(f), "x");
    for (const LayerSpec& l : g.spec.layers) {
        EXPECT_FALSE(l.weights.has_value());
        EXPECT_FALSE(l.bias.has_value());
    }
    EXPECT_EQ(encode_model_file(f), encode_model_file(model_file_of(net)));
}

TEST(ModelFileFormat, EncodeRejectsWhatDecodeWouldReject) {
    ModelFile f = model_file_of(small_net());
    f.blobs.erase("params");
    EXPECT_NE(error_of([&] { encode_model_file(f); }).find("no \"params\" blob"), std::string::npos);

    f = model_file_of(small_net());
    f.blobs["params"].pop_back();
    EXPECT_EQ(error_of([&] { encode_model_file(f); }),
              "model file has 53 parameters but its architecture needs 54");

    f = model_file_of(small_net(), standardize3());
    f.preprocessing.scale.pop_back();
    EXPECT_NE(error_of([&] { encode_model_file(f); }).find("3 offsets but 2 scales"), std::string::npos);

    f = model_file_of(small_net());
    f.preprocessing = standardize3();
    f.preprocessing.offset.push_back(1);
    f.preprocessing.scale.push_back(1);
    EXPECT_NE(error_of([&] { encode_model_file(f); }).find("4 features but the network has 3 inputs"),
              std::string::npos);

    f = model_file_of(small_net(), standardize3());
    f.preprocessing.scale[1] = std::numeric_limits<float>::infinity();
    EXPECT_NE(error_of([&] { encode_model_file(f); }).find("preprocessing.scale[1] is not finite"),
              std::string::npos);

    f = model_file_of(small_net());
    f.extra_json = "[1, 2]";
    EXPECT_NE(error_of([&] { encode_model_file(f); }).find("extra_json: expected a JSON object"), std::string::npos);
    f.extra_json = "{\"a\": ";
    EXPECT_NE(error_of([&] { encode_model_file(f); }).find("extra_json: invalid JSON"), std::string::npos);

    f = model_file_of(small_net());
    f.class_names = {"ok", std::string("\xff\xfe")};
    EXPECT_NE(error_of([&] { encode_model_file(f); }).find("UTF-8"), std::string::npos);

    f = ModelFile{};  // no architecture
    EXPECT_FALSE(error_of([&] { encode_model_file(f); }).empty());
}

// ---- networks ---------------------------------------------------------------------------

TEST(ModelFileNetwork, SaveLoadGivesIdenticalPredictions) {
    TempDir dir;
    Sequential net = small_net(99);
    Matrix x(37, 3);
    Rng rng(5);
    for (std::size_t i = 0; i < x.rows(); ++i)
        for (std::size_t j = 0; j < 3; ++j) x(i, j) = float(rng.uniform(-3, 3));
    const Matrix before = predict_all(net, x);

    save_model_file(dir / "net.nrm", model_file_of(net, standardize3(), {"a", "b"}));
    const ModelFile f = load_model_file(dir / "net.nrm");
    Sequential loaded = network_of(f);
    ASSERT_EQ(loaded.size(), net.size());
    ASSERT_EQ(loaded.param_count(), net.param_count());
    EXPECT_TRUE(std::equal(net.params().begin(), net.params().end(), loaded.params().begin()));
    const Matrix after = predict_all(loaded, x);
    ASSERT_EQ(after.rows(), before.rows());
    for (std::size_t i = 0; i < before.rows(); ++i)
        for (std::size_t j = 0; j < before.cols(); ++j) EXPECT_EQ(after(i, j), before(i, j)) << i << ',' << j;
    EXPECT_EQ(f.class_names, (std::vector<std::string>{"a", "b"}));
}

TEST(ModelFileNetwork, BothStepConventionsRoundTrip) {
    TempDir dir;
    Sequential net(2);
    net.dense(2, Activation::step).dense(1, Activation::step_strict);
    net.build();
    std::copy_n(std::array<float, 9>{1, -1, -1, 1, 0, 0, 1, 1, -1}.begin(), 9, net.params().begin());
    save_model_file(dir / "steps.nrm", model_file_of(net));
    const ModelFile f = load_model_file(dir / "steps.nrm");
    ASSERT_EQ(f.spec.layers.size(), 2u);
    EXPECT_EQ(f.spec.layers[0].activation, Activation::step);
    EXPECT_EQ(f.spec.layers[1].activation, Activation::step_strict);
    Sequential loaded = network_of(f);
    // The hidden units give (1, 1) for (0, 0); the output 1 + 1 − 1 = 1 > 0.
    // For (1, 1) the hidden units are (1, 1) again; for (1, 0) (1, 0): 1 − 1 = 0, so 0.
    const Matrix x(3, 2, {0, 0, 1, 1, 1, 0});
    const Matrix before = predict_all(net, x), after = predict_all(loaded, x);
    EXPECT_EQ(after.flat()[0], 1.0f);
    EXPECT_EQ(after.flat()[2], 0.0f);
    for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(after.flat()[i], before.flat()[i]) << i;
}

TEST(ModelFileNetwork, NeedsABuiltNetworkAndMatchingParameters) {
    Sequential unbuilt(2);
    unbuilt.dense(1);
    EXPECT_NE(error_of([&] { model_file_of(unbuilt); }).find("not built"), std::string::npos);

    ModelFile f = model_file_of(small_net());
    f.blobs["params"].push_back(1.0f);
    EXPECT_EQ(error_of([&] { network_of(f); }), "model file has 55 parameters but its architecture needs 54");
    f.blobs.erase("params");
    EXPECT_NE(error_of([&] { network_of(f); }).find("no \"params\" blob"), std::string::npos);
}

// ---- errors, in the order they are checked ----------------------------------------------------

TEST(ModelFileErrors, TooShort) {
    const Bytes good = encode_model_file(sample_file());
    for (std::size_t n = 0; n < 28; ++n) {
        const Bytes b(good.begin(), good.begin() + long(n));
        EXPECT_EQ(decode_error(b), "m.nrm is not a neurite model file (too short)") << n;
    }
}

TEST(ModelFileErrors, BadMagic) {
    Bytes b = encode_model_file(sample_file());
    b[3] = 'X';
    EXPECT_EQ(decode_error(b), "m.nrm is not a neurite model file");
    const std::string png = "\x89PNG\r\n\x1a\n and then a lot more bytes than twenty-eight";
    EXPECT_EQ(decode_error(Bytes(png.begin(), png.end())), "m.nrm is not a neurite model file");
}

TEST(ModelFileErrors, JsonSpecGetsAHint) {
    const std::string hint = "; it looks like JSON — a model spec? use it with --model as a spec";
    const std::string spec = "\n  {\"input\": 2, \"layers\": [{\"type\": \"dense\", \"units\": 1}]}\n";
    EXPECT_EQ(decode_error(Bytes(spec.begin(), spec.end())), "m.nrm is not a neurite model file" + hint);
    const std::string tiny = "{}";
    EXPECT_EQ(decode_error(Bytes(tiny.begin(), tiny.end())), "m.nrm is not a neurite model file (too short)" + hint);
    const fs::path json_spec = kData / "xor_step.json";
    EXPECT_EQ(error_of([&] { load_model_file(json_spec); }),
              json_spec.string() + " is not a neurite model file" + hint);
}

TEST(ModelFileErrors, NewerVersion) {
    Bytes b = encode_model_file(sample_file());
    set_u32(b, 8, 2);
    EXPECT_EQ(decode_error(b),
              "m.nrm was written by a newer neurite (format version 2; this build reads up to 1)");
    fix_crc(b);  // the version is checked before the checksum either way
    EXPECT_EQ(decode_error(b),
              "m.nrm was written by a newer neurite (format version 2; this build reads up to 1)");
    set_u32(b, 8, 0);
    EXPECT_EQ(decode_error(b), "m.nrm has an invalid format version 0");
}

TEST(ModelFileErrors, HeaderLengthBeyondTheFile) {
    Bytes b = encode_model_file(sample_file());
    const std::uint64_t room = b.size() - 28;
    for (const std::uint64_t h : {room + 1, room + 1000, std::uint64_t{1} << 40, ~std::uint64_t{0}}) {
        set_u64(b, 16, h);
        fix_crc(b);
        EXPECT_EQ(decode_error(b).rfind("m.nrm is truncated", 0), 0u) << h << ": " << decode_error(b);
    }
    set_u64(b, 16, room + 5);
    fix_crc(b);
    EXPECT_EQ(decode_error(b), cat("m.nrm is truncated (the header needs ", room + 5, " bytes, ", room, " are left)"));
}

TEST(ModelFileErrors, ChecksumMismatch) {
    Bytes b = encode_model_file(sample_file());
    b[b.size() - 10] ^= 0x01;  // inside the last blob
    EXPECT_EQ(decode_error(b), "m.nrm is corrupted (checksum mismatch)");
    b = encode_model_file(sample_file());
    b.back() ^= 0x80;  // the CRC itself
    EXPECT_EQ(decode_error(b), "m.nrm is corrupted (checksum mismatch)");
    b = encode_model_file(sample_file());
    b[13] = 7;  // the reserved word is covered too
    EXPECT_EQ(decode_error(b), "m.nrm is corrupted (checksum mismatch)");
}

TEST(ModelFileErrors, TruncationAtEveryLengthThrows) {
    const Bytes good = encode_model_file(sample_file());
    for (std::size_t n = 0; n < good.size(); ++n) {
        const Bytes b(good.begin(), good.begin() + long(n));
        EXPECT_FALSE(decode_error(b).empty()) << "a file cut to " << n << " bytes was accepted";
    }
    // Trailing garbage is as bad as a missing tail.
    Bytes longer = good;
    longer.push_back(0);
    EXPECT_FALSE(decode_error(longer).empty());
}

TEST(ModelFileErrors, AFlippedBitAnywhereThrows) {
    const Bytes good = encode_model_file(sample_file());
    for (std::size_t at = 0; at < good.size(); ++at) {
        Bytes b = good;
        b[at] ^= std::uint8_t(1u << (at % 8));
        EXPECT_FALSE(decode_error(b).empty()) << "a flipped bit at byte " << at << " was accepted";
    }
}

TEST(ModelFileErrors, RandomDamageBehindAValidChecksumNeverCrashes) {
    // Damage that the CRC does not catch (the checksum recomputed after it),
    // so that every check after the CRC sees hostile input: each result is
    // a decoded file or an Error, never a crash or another exception.
    const Bytes good = encode_model_file(sample_file());
    const std::size_t header_end = 24 + std::size_t(u64_at(good, 16));
    Rng rng(2024);
    const std::string noise = "{}[]\",:0123456789-eE.tfn \\u";
    for (int round = 0; round < 3000; ++round) {
        Bytes b = good;
        const int edits = 1 + int(rng.below(4));
        for (int k = 0; k < edits; ++k) {
            const std::size_t at = 24 + std::size_t(rng.below(header_end - 24));
            b[at] = rng.below(2) ? std::uint8_t(noise[rng.below(noise.size())]) : std::uint8_t(rng.below(256));
        }
        fix_crc(b);
        try {
            const ModelFile f = decode_model_file(b, "m.nrm");
            (void)network_of(f);
        } catch (const Error&) {
        }
    }
}

TEST(ModelFileErrors, HandBuiltFileIsAccepted) {
    // The helpers themselves build a valid file: the error tests below differ
    // from it in one thing only.
    const ModelFile f = decode_model_file(hand_built(header_text(), float_bytes(13)), "m.nrm");
    EXPECT_EQ(f.spec.input, 2u);
    EXPECT_EQ(f.blobs.at("params").size(), 13u);
    EXPECT_EQ(f.blobs.at("params")[3], 1.5f);
    EXPECT_EQ(network_of(f).param_count(), 13u);
}

TEST(ModelFileErrors, HeaderJsonErrors) {
    EXPECT_NE(decode_error(hand_built("{\"format\": ", float_bytes(13))).find("m.nrm: header: invalid JSON"),
              std::string::npos);
    EXPECT_EQ(decode_error(hand_built("[1, 2]")), "m.nrm: header: expected a JSON object, got an array");
    EXPECT_EQ(decode_error(hand_built(R"({"format": "neurite-spec"})")),
              R"(m.nrm: header: format: expected "neurite-model", got "neurite-spec")");
    EXPECT_EQ(decode_error(hand_built(R"({"format": "neurite-model"})")), R"(m.nrm: header: missing key "blobs")");
    const std::string bad_utf8 = "{\"format\": \"neurite-model\", \"x\": \"\xc3\x28\"}";
    EXPECT_NE(decode_error(hand_built(bad_utf8)).find("invalid JSON"), std::string::npos);
    // Deep nesting is refused, not recursed into.
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    EXPECT_NE(decode_error(hand_built(deep)).find("nested deeper than"), std::string::npos);
    const std::string deep_extra = R"({"format": "neurite-model", "extra": )" + std::string(5000, '[') +
                                   std::string(5000, ']') + "}";
    EXPECT_NE(decode_error(hand_built(deep_extra)).find("nested deeper than"), std::string::npos);
}

TEST(ModelFileErrors, HugeBlobCountIsRefusedBeforeAllocating) {
    for (const char* count : {"4611686018427387904", "18446744073709551615", "1073741824", "14"}) {
        const std::string blobs = std::string(R"([{"name": "params", "count": )") + count + "}]";
        const std::string e = decode_error(hand_built(header_text(blobs), float_bytes(13)));
        EXPECT_NE(e.find("m.nrm: header: blobs[0].count: "), std::string::npos) << e;
        EXPECT_NE(e.find("do not fit in the 52 bytes left"), std::string::npos) << e;
    }
    // Two blobs whose counts would overflow a 64-bit sum.
    const std::string e = decode_error(hand_built(
        header_text(R"([{"name": "a", "count": 9223372036854775807}, {"name": "params", "count": 9223372036854775807}])"),
        float_bytes(13)));
    EXPECT_NE(e.find("blobs[0].count"), std::string::npos) << e;
}

TEST(ModelFileErrors, BlobTableMustAccountForEveryByte) {
    EXPECT_EQ(decode_error(hand_built(header_text(R"([{"name": "params", "count": 12}])"), float_bytes(13))),
              "m.nrm: header: blobs: the blobs take 48 bytes but the file holds 52 after the header");
    EXPECT_EQ(decode_error(hand_built(header_text(), float_bytes(13 + 1))),
              "m.nrm: header: blobs: the blobs take 52 bytes but the file holds 56 after the header");
    Bytes odd = float_bytes(13);
    odd.push_back(0);
    EXPECT_NE(decode_error(hand_built(header_text(), odd)).find("after the header"), std::string::npos);
    EXPECT_EQ(
        decode_error(hand_built(header_text(R"([{"name": "params", "count": 13}, {"name": "params", "count": 0}])"),
                                float_bytes(13))),
        R"(m.nrm: header: blobs[1].name: duplicate blob "params")");
    EXPECT_EQ(decode_error(hand_built(header_text(R"([{"name": "params", "count": -1}])"), float_bytes(13))),
              "m.nrm: header: blobs[0].count: expected an integer ≥ 0, got -1");
    EXPECT_EQ(decode_error(hand_built(header_text(R"([{"name": "params", "count": 1.5}])"), float_bytes(13))),
              "m.nrm: header: blobs[0].count: expected an integer ≥ 0, got 1.5");
    EXPECT_EQ(decode_error(hand_built(header_text(R"([{"count": 13}])"), float_bytes(13))),
              R"(m.nrm: header: blobs[0]: missing key "name")");
    EXPECT_EQ(decode_error(hand_built(header_text(R"({"params": 13})"), float_bytes(13))),
              "m.nrm: header: blobs: expected an array, got an object");
}

TEST(ModelFileErrors, InvalidArchitecture) {
    const std::string arch = R"({"input": 2, "layers": [{"type": "dense", "unit": 3}]})";
    const std::string e = decode_error(hand_built(header_text(R"([{"name": "params", "count": 13}])",
                                                              R"({"kind": "none"})", arch),
                                                  float_bytes(13)));
    EXPECT_EQ(e.rfind("m.nrm: architecture: layers[0]: ", 0), 0u) << e;
    EXPECT_NE(e.find("did you mean \"units\""), std::string::npos) << e;
    // A hostile architecture asking for a huge network is refused by the
    // spec's own limits, before anything is built.
    const std::string huge = R"({"input": 100000000, "layers": [{"type": "dense", "units": 1000000}]})";
    EXPECT_FALSE(decode_error(hand_built(header_text(R"([{"name": "params", "count": 13}])", R"({"kind": "none"})",
                                                     huge),
                                         float_bytes(13)))
                     .empty());
}

TEST(ModelFileErrors, ParameterCountMismatch) {
    EXPECT_EQ(decode_error(hand_built(header_text(R"([{"name": "params", "count": 5}])"), float_bytes(5))),
              "m.nrm has 5 parameters but its architecture needs 13");
    EXPECT_EQ(decode_error(hand_built(header_text(R"([{"name": "other", "count": 13}])"), float_bytes(13))),
              R"(m.nrm has no "params" blob (the network's parameters))");
}

TEST(ModelFileErrors, InvalidPreprocessing) {
    const auto with_pre = [](const std::string& pre) {
        return decode_error(hand_built(header_text(R"([{"name": "params", "count": 13}])", pre), float_bytes(13)));
    };
    EXPECT_NE(with_pre(R"({"kind": "standardise", "offset": [0, 0], "scale": [1, 1]})")
                  .find("m.nrm: header: preprocessing.kind: "),
              std::string::npos);
    EXPECT_EQ(with_pre(R"({"kind": "scale", "offset": [0, "x"], "scale": [1, 1]})"),
              "m.nrm: header: preprocessing.offset[1]: expected a number, got a string");
    EXPECT_EQ(with_pre(R"({"kind": "scale", "offset": [0, 1e300], "scale": [1, 1]})"),
              "m.nrm: header: preprocessing.offset[1]: 1e+300 is out of range for float");
    EXPECT_EQ(with_pre(R"({"kind": "scale", "offset": [0], "scale": [1]})"),
              "m.nrm: preprocessing has 1 features but the network has 2 inputs");
    EXPECT_EQ(with_pre(R"({"kind": "minmax", "offset": [0, 0], "scale": [1]})"),
              "m.nrm: preprocessing has 2 offsets but 1 scales");
    EXPECT_EQ(with_pre(R"([])"), "m.nrm: header: preprocessing: expected an object, got an array");
    EXPECT_TRUE(with_pre(R"({"kind": "minmax", "offset": [0, -1], "scale": [1, 0.5]})").empty());
}

// ---- files ---------------------------------------------------------------------------------

TEST(ModelFileIo, LoadErrorsNameThePath) {
    TempDir dir;
    EXPECT_EQ(error_of([&] { load_model_file(dir / "missing.nrm"); }),
              (dir / "missing.nrm").string() + ": cannot open model file: no such file");
    EXPECT_EQ(error_of([&] { load_model_file(dir.path()); }),
              dir.path().string() + ": cannot open model file: it is a directory");
    write_bytes(dir / "empty.nrm", {});
    EXPECT_EQ(error_of([&] { load_model_file(dir / "empty.nrm"); }),
              (dir / "empty.nrm").string() + " is not a neurite model file (too short)");
    if (::geteuid() != 0) {  // root reads everything
        save_model_file(dir / "locked.nrm", sample_file());
        fs::permissions(dir / "locked.nrm", fs::perms::none);
        const std::string e = error_of([&] { load_model_file(dir / "locked.nrm"); });
        EXPECT_EQ(e, (dir / "locked.nrm").string() + ": cannot open model file: Permission denied");
    }
}

TEST(ModelFileIo, IsModelFilePeeksAtTheMagic) {
    TempDir dir;
    save_model_file(dir / "m.nrm", sample_file());
    EXPECT_TRUE(is_model_file(dir / "m.nrm"));
    EXPECT_FALSE(is_model_file(kData / "xor_step.json"));
    EXPECT_FALSE(is_model_file(dir / "missing.nrm"));
    EXPECT_FALSE(is_model_file(dir.path()));
    write_bytes(dir / "short", {'N', 'E', 'U', 'R', 'I', 'T', 'E'});
    EXPECT_FALSE(is_model_file(dir / "short"));
    // Only the magic is looked at: a damaged model file is still one, and
    // loading it says what is wrong.
    write_bytes(dir / "magic_only", {'N', 'E', 'U', 'R', 'I', 'T', 'E', 0x1a});
    EXPECT_TRUE(is_model_file(dir / "magic_only"));
}

TEST(ModelFileAtomic, CreatesDirectoriesAndLeavesNoTempFile) {
    TempDir dir;
    const fs::path path = dir / "a/b/c/model.nrm";
    save_model_file(path, sample_file());
    EXPECT_EQ(files_in(path.parent_path()), std::vector<std::string>{"model.nrm"});
    EXPECT_EQ(read_bytes(path), encode_model_file(sample_file()));
}

TEST(ModelFileAtomic, ReplacesAnExistingFile) {
    TempDir dir;
    const fs::path path = dir / "model.nrm";
    write_bytes(path, Bytes(100000, 0xAB));
    save_model_file(path, sample_file());
    EXPECT_EQ(read_bytes(path), encode_model_file(sample_file()));
    ModelFile other = sample_file();
    other.class_names = {"x", "y"};
    save_model_file(path, other);
    EXPECT_EQ(load_model_file(path).class_names, (std::vector<std::string>{"x", "y"}));
    EXPECT_EQ(files_in(dir.path()), std::vector<std::string>{"model.nrm"});
    // A stale temp file of a crashed writer (".NAME.PID-N.tmp", a process
    // that is gone: no pid is that high) is removed by the next write of the
    // same file; those of running processes (pid 1) and other files are not.
    write_bytes(dir / ".model.nrm.99999999-0.tmp", Bytes(10, 1));
    write_bytes(dir / ".model.nrm.1-3.tmp", Bytes(10, 1));
    write_bytes(dir / ".other.nrm.99999999-0.tmp", Bytes(10, 1));
    write_bytes(dir / "model.nrm.tmp", Bytes(10, 1));
    write_bytes(dir / ".model.nrm.9x-0.tmp", Bytes(10, 1));
    save_model_file(path, sample_file());
    EXPECT_EQ(files_in(dir.path()), (std::vector<std::string>{".model.nrm.1-3.tmp", ".model.nrm.9x-0.tmp",
                                                              ".other.nrm.99999999-0.tmp", "model.nrm",
                                                              "model.nrm.tmp"}));
    EXPECT_EQ(read_bytes(path), encode_model_file(sample_file()));
}

TEST(ModelFileAtomic, WriteFileAtomic) {
    TempDir dir;
    const fs::path path = dir / "out/history.csv";
    write_file_atomic(path, "epoch,loss\n1,0.5\n");
    write_file_atomic(path, "epoch,loss\n1,0.25\n");
    const Bytes b = read_bytes(path);
    EXPECT_EQ(std::string(b.begin(), b.end()), "epoch,loss\n1,0.25\n");
    write_file_atomic(dir / "empty.txt", "");
    EXPECT_TRUE(fs::exists(dir / "empty.txt"));
    EXPECT_EQ(fs::file_size(dir / "empty.txt"), 0u);
    EXPECT_EQ(files_in(path.parent_path()), std::vector<std::string>{"history.csv"});
}

TEST(ModelFileAtomic, FailuresNameThePathAndRemoveTheTempFile) {
    TempDir dir;
    // The target is a directory: the rename fails after the temp file was written.
    fs::create_directories(dir / "taken.nrm/inside");
    const std::string e = error_of([&] { save_model_file(dir / "taken.nrm", sample_file()); });
    EXPECT_EQ(e.rfind((dir / "taken.nrm").string() + ": cannot rename ", 0), 0u) << e;
    EXPECT_NE(e.find("Is a directory"), std::string::npos) << e;
    EXPECT_EQ(files_in(dir.path()), std::vector<std::string>{"taken.nrm"});  // no temp file left
    // A parent that is a file.
    write_bytes(dir / "file", {1});
    const std::string e2 = error_of([&] { write_file_atomic(dir / "file/x.csv", "x"); });
    EXPECT_EQ(e2.rfind((dir / "file/x.csv").string() + ": ", 0), 0u) << e2;
    // A bad model is refused before anything is written.
    ModelFile bad = sample_file();
    bad.blobs.erase("params");
    EXPECT_EQ(error_of([&] { save_model_file(dir / "bad.nrm", bad); }),
              (dir / "bad.nrm").string() + " has no \"params\" blob (the network's parameters)");
    bad = ModelFile{};  // an empty architecture: the spec's own message, after the path
    EXPECT_EQ(error_of([&] { save_model_file(dir / "bad.nrm", bad); }).rfind((dir / "bad.nrm").string() + ": model spec: ", 0),
              0u);
    EXPECT_FALSE(fs::exists(dir / "bad.nrm"));
    EXPECT_FALSE(fs::exists(dir / "bad.nrm.tmp"));
}

// ---- golden files ------------------------------------------------------------------------------

namespace {

// The golden model of format version 1: a 3-4-2 network (tanh, softmax)
// with these parameters, in the network's flat order (per dense layer the
// weights input-major, W[i][u] at i·units + u, then the biases).
constexpr std::array<float, 26> kGoldenV1Params = {
    // layer 0: W (3 inputs × 4 units), then 4 biases
    0.5f, -0.25f, 0.125f, 1.0f,      //
    -0.75f, 0.375f, 0.0f, -1.5f,     //
    0.25f, 0.625f, -0.125f, 0.875f,  //
    0.1f, -0.2f, 0.3f, -0.4f,        //
    // layer 1: W (4 inputs × 2 units), then 2 biases
    1.25f, -1.0f,   //
    -0.5f, 0.75f,   //
    2.0f, -2.0f,    //
    0.0625f, 0.5f,  //
    0.05f, -0.05f,
};
constexpr std::array<float, 3> kGoldenV1Offset = {1.5f, -2.0f, 0.25f};
constexpr std::array<float, 3> kGoldenV1Scale = {0.5f, 2.0f, 4.0f};
// Fixed inputs (before preprocessing), three per row.
constexpr std::array<float, 12> kGoldenInputs = {
    0.0f, 0.0f, 0.0f,   //
    1.5f, -2.0f, 0.25f,  //
    3.0f, -1.0f, 0.5f,   //
    -4.0f, 2.5f, -1.0f,  //
};

// The same network computed here in double, from the documented layout.
std::array<double, 8> golden_reference() {
    std::array<double, 8> out{};
    for (std::size_t r = 0; r < 4; ++r) {
        double x[3], h[4], z[2];
        for (std::size_t i = 0; i < 3; ++i)
            x[i] = (double(kGoldenInputs[r * 3 + i]) - kGoldenV1Offset[i]) * kGoldenV1Scale[i];
        for (std::size_t u = 0; u < 4; ++u) {
            double s = kGoldenV1Params[12 + u];
            for (std::size_t i = 0; i < 3; ++i) s += x[i] * kGoldenV1Params[i * 4 + u];
            h[u] = std::tanh(s);
        }
        for (std::size_t u = 0; u < 2; ++u) {
            double s = kGoldenV1Params[16 + 8 + u];
            for (std::size_t i = 0; i < 4; ++i) s += h[i] * kGoldenV1Params[16 + i * 2 + u];
            z[u] = s;
        }
        const double m = std::max(z[0], z[1]);
        const double e0 = std::exp(z[0] - m), e1 = std::exp(z[1] - m);
        out[r * 2] = e0 / (e0 + e1);
        out[r * 2 + 1] = e1 / (e0 + e1);
    }
    return out;
}

}  // namespace

// Wrote tests/data/golden/model_v1.nrm, once. Never run it again for v1 (it
// refuses to overwrite); copy it for a new format version (see the top of
// this file).
TEST(ModelFileGolden, DISABLED_GenerateModelV1) {
    const fs::path path = kData / "golden" / "model_v1.nrm";
    ASSERT_FALSE(fs::exists(path)) << path << " exists; golden files are never regenerated";
    ASSERT_EQ(kModelFormatVersion, 1u) << "this generator writes version 1 only with a version-1 writer";
    Sequential net(3);
    net.dense(4, Activation::tanh).dense(2).softmax();
    net.build();
    ASSERT_EQ(net.param_count(), kGoldenV1Params.size());
    std::copy(kGoldenV1Params.begin(), kGoldenV1Params.end(), net.params().begin());
    Preprocessing pre;
    pre.kind = ScalingKind::standardize;
    pre.offset.assign(kGoldenV1Offset.begin(), kGoldenV1Offset.end());
    pre.scale.assign(kGoldenV1Scale.begin(), kGoldenV1Scale.end());
    ModelFile f = model_file_of(net, pre, {"no", "yes"});
    f.extra_json = R"({"golden": "v1", "epoch": 3})";
    f.blobs["momentum"] = {0.5f, -1.0f, 0.0f};
    save_model_file(path, f);
}

TEST(ModelFileGolden, LoadsModelV1) {
    const fs::path path = kData / "golden" / "model_v1.nrm";
    const Bytes bytes = read_bytes(path);
    ASSERT_GE(bytes.size(), 28u) << path;
    ASSERT_EQ(u32_at(bytes, 8), 1u) << "the v1 golden file must stay a version-1 file";
    const ModelFile f = load_model_file(path);

    EXPECT_EQ(f.spec.input, 3u);
    ASSERT_EQ(f.spec.layers.size(), 2u);
    EXPECT_EQ(f.spec.layers[0].type, "dense");
    EXPECT_EQ(f.spec.layers[0].units, 4u);
    EXPECT_EQ(f.spec.layers[0].activation, Activation::tanh);
    EXPECT_EQ(f.spec.layers[1].units, 2u);
    EXPECT_EQ(f.spec.layers[1].activation, Activation::softmax);

    EXPECT_EQ(f.preprocessing.kind, ScalingKind::standardize);
    EXPECT_EQ(f.preprocessing.offset, std::vector<float>(kGoldenV1Offset.begin(), kGoldenV1Offset.end()));
    EXPECT_EQ(f.preprocessing.scale, std::vector<float>(kGoldenV1Scale.begin(), kGoldenV1Scale.end()));
    EXPECT_EQ(f.class_names, (std::vector<std::string>{"no", "yes"}));
    EXPECT_EQ(f.extra_json, R"({"golden":"v1","epoch":3})");
    ASSERT_EQ(f.blobs.size(), 2u);
    EXPECT_EQ(f.blobs.at("momentum"), (std::vector<float>{0.5f, -1.0f, 0.0f}));
    EXPECT_EQ(f.blobs.at("params"), std::vector<float>(kGoldenV1Params.begin(), kGoldenV1Params.end()));

    Sequential net = network_of(f);
    Matrix x(4, 3);
    for (std::size_t i = 0; i < kGoldenInputs.size(); ++i) x.data()[i] = kGoldenInputs[i];
    f.preprocessing.apply(x.view());
    EXPECT_FLOAT_EQ(x(1, 0), 0.0f);  // row 1 is the offset itself
    EXPECT_FLOAT_EQ(x(2, 0), 0.75f);
    const Matrix y = predict_all(net, x);
    const auto reference = golden_reference();
    // Also pinned as numbers, so that a change in how the weights are
    // interpreted cannot hide behind a matching change in the reference.
    constexpr std::array<double, 8> expected = {
        0.2138361070932306, 0.7861638929067694,   //
        0.8701686014582699, 0.12983139854173004,  //
        0.30057388458346573, 0.6994261154165343,  //
        0.4006525459656168, 0.5993474540343832,   //
    };
    for (std::size_t r = 0; r < 4; ++r)
        for (std::size_t c = 0; c < 2; ++c) {
            EXPECT_NEAR(y(r, c), reference[r * 2 + c], 1e-6) << r << ',' << c;
            EXPECT_NEAR(y(r, c), expected[r * 2 + c], 1e-6) << r << ',' << c;
        }
}

TEST(ModelFileErrors, ACutInTheParametersSaysTruncated) {
    const Bytes good = encode_model_file(sample_file());
    for (const std::size_t cut : {std::size_t(1), std::size_t(4), std::size_t(9), good.size() / 4}) {
        const Bytes b(good.begin(), good.end() - long(cut));
        const std::string e = decode_error(b);
        if (b.size() < 24 + 4 + 10) continue;  // not even a header left
        EXPECT_EQ(e.rfind("m.nrm is truncated", 0), 0u) << cut << ": " << e;
    }
    const Bytes b(good.begin(), good.end() - 9);
    EXPECT_EQ(decode_error(b), cat("m.nrm is truncated (its header describes ", good.size(), " bytes, the file has ",
                                   good.size() - 9, "; checksum mismatch)"));
    // Damage that keeps the length is still "corrupted".
    Bytes flipped = good;
    flipped[good.size() - 9] ^= 0x10;
    EXPECT_EQ(decode_error(flipped), "m.nrm is corrupted (checksum mismatch)");
}

TEST(ModelFileIo, AFailingReadIsAnError) {
    // Offset 0 of this process's memory cannot be read (EIO), even by root.
    EXPECT_EQ(error_of([] { load_model_file("/proc/self/mem"); }),
              "/proc/self/mem: cannot read model file: Input/output error");
}
