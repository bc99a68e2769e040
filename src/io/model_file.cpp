// neurite's model file: encoding and checked decoding (written atomically by
// core/atomic_file). The byte
// layout is in include/neurite/io/model_file.hpp and, with the JSON header
// and the compatibility promise, in docs/model-file.md.
#include "neurite/io/model_file.hpp"


#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <fstream>
#include <iterator>
#include <limits>
#include <set>
#include <string_view>

#include <nlohmann/json.hpp>

#include "neurite/core/atomic_file.hpp"
#include "neurite/core/error.hpp"
#include "neurite/core/read_file.hpp"

namespace neurite {
namespace {

using json = nlohmann::ordered_json;

constexpr std::array<std::uint8_t, 8> kMagic = {'N', 'E', 'U', 'R', 'I', 'T', 'E', 0x1a};
constexpr std::size_t kFixedHeader = 24;  // magic, version, reserved, header length
constexpr std::size_t kCrcSize = 4;
constexpr std::string_view kFormat = "neurite-model";
constexpr std::string_view kParams = "params";
// Deeper JSON than this in a header is refused before it can exhaust the
// stack of anything that walks it recursively.
constexpr int kMaxDepth = 64;

// ---- CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320) ----------------------

constexpr std::array<std::uint32_t, 256> make_crc_table() {
    std::array<std::uint32_t, 256> table{};
    for (std::uint32_t n = 0; n < 256; ++n) {
        std::uint32_t c = n;
        for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[n] = c;
    }
    return table;
}
constexpr auto kCrcTable = make_crc_table();

std::uint32_t crc32(const std::uint8_t* data, std::size_t size) {
    std::uint32_t c = 0xFFFFFFFFu;
    for (std::size_t i = 0; i < size; ++i) c = kCrcTable[(c ^ data[i]) & 0xFFu] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

// ---- little-endian integers and floats ----------------------------------------

void store_u32(std::uint8_t* p, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) p[i] = std::uint8_t(v >> (8 * i));
}
void store_u64(std::uint8_t* p, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) p[i] = std::uint8_t(v >> (8 * i));
}
std::uint32_t get_u32(const std::uint8_t* p) {
    std::uint32_t v = 0;
    for (int i = 3; i >= 0; --i) v = (v << 8) | p[i];
    return v;
}
std::uint64_t get_u64(const std::uint8_t* p) {
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
    return v;
}

static_assert(sizeof(float) == 4 && std::numeric_limits<float>::is_iec559, "float must be IEEE-754 binary32");

void store_floats(std::uint8_t* p, const std::vector<float>& values) {
    if (values.empty()) return;
    if constexpr (std::endian::native == std::endian::little) {
        std::memcpy(p, values.data(), 4 * values.size());
    } else {
        for (std::size_t i = 0; i < values.size(); ++i) store_u32(p + 4 * i, std::bit_cast<std::uint32_t>(values[i]));
    }
}
std::vector<float> get_floats(const std::uint8_t* p, std::size_t count) {
    std::vector<float> values(count);
    if (count == 0) return values;
    if constexpr (std::endian::native == std::endian::little) {
        std::memcpy(values.data(), p, 4 * count);
    } else {
        for (std::size_t i = 0; i < count; ++i) values[i] = std::bit_cast<float>(get_u32(p + 4 * i));
    }
    return values;
}

// ---- shared checks -----------------------------------------------------------------

ModelSpec without_weights(ModelSpec spec) {
    for (LayerSpec& l : spec.layers) {
        l.weights.reset();
        l.bias.reset();
    }
    return spec;
}

// The preprocessing and the parameter count must agree with the
// architecture, on writing as on reading, so every file we write we also read.
void check_contents(const ModelSpec& spec, const Preprocessing& p, const std::vector<float>* params,
                    const std::string& source) {
    if (p.offset.size() != p.scale.size())
        fail(source, ": preprocessing has ", p.offset.size(), " offsets but ", p.scale.size(), " scales");
    if (p.kind == ScalingKind::none) {
        if (!p.offset.empty()) fail(source, ": preprocessing \"none\" takes no offsets or scales");
    } else if (p.offset.size() != spec.input) {
        fail(source, ": preprocessing has ", p.offset.size(), " features but the network has ", spec.input,
             " inputs");
    }
    for (std::size_t i = 0; i < p.offset.size(); ++i) {
        if (!std::isfinite(p.offset[i])) fail(source, ": preprocessing.offset[", i, "] is not finite");
        if (!std::isfinite(p.scale[i])) fail(source, ": preprocessing.scale[", i, "] is not finite");
    }
    if (params == nullptr) fail(source, " has no \"params\" blob (the network's parameters)");
    const std::uint64_t need = param_count(spec);
    if (params->size() != need) fail(source, " has ", params->size(), " parameters but its architecture needs ", need);
}

const std::vector<float>* find_params(const ModelFile& f) {
    const auto it = f.blobs.find(std::string(kParams));
    return it == f.blobs.end() ? nullptr : &it->second;
}

// JSON parse with a nesting limit; errors name `what`.
json parse_limited(std::string_view text, const std::string& what) {
    const json::parser_callback_t limit = [&](int depth, json::parse_event_t, json&) {
        if (depth > kMaxDepth) fail(what, ": nested deeper than ", kMaxDepth, " levels");
        return true;
    };
    try {
        return json::parse(text.begin(), text.end(), limit);
    } catch (const json::exception& e) {
        std::string_view msg = e.what();
        if (const auto close = msg.find("] "); msg.starts_with("[json.exception.") && close != msg.npos)
            msg.remove_prefix(close + 2);
        // nlohmann quotes the last token read, which may be a huge string.
        if (msg.size() > 200) fail(what, ": invalid JSON: ", utf8_prefix(msg, 200), "...");
        fail(what, ": invalid JSON: ", msg);
    }
}

std::string json_type(const json& v) {
    if (v.is_number()) return "a number";
    return cat("a", v.is_array() || v.is_object() ? "n " : " ", v.type_name());
}

// ---- decoding the header --------------------------------------------------------------

class HeaderReader {
public:
    explicit HeaderReader(const std::string& source) : source_(source) {}

    template <typename... Args>
    [[noreturn]] void bad(const std::string& path, const Args&... args) const {
        fail(source_, ": header: ", path, path.empty() ? "" : ": ", args...);
    }

    const json& member(const json& obj, std::string_view key, const std::string& path) const {
        const auto it = obj.find(key);
        if (it == obj.end()) bad(path, "missing key \"", key, '"');
        return *it;
    }

    std::uint64_t count(const json& v, const std::string& path) const {
        if (v.is_number_unsigned()) return v.get<std::uint64_t>();
        if (v.is_number_integer() && v.get<std::int64_t>() >= 0) return std::uint64_t(v.get<std::int64_t>());
        bad(path, "expected an integer ≥ 0, got ", v.is_number() ? v.dump() : json_type(v));
    }

    std::vector<float> floats(const json& v, const std::string& path) const {
        if (!v.is_array()) bad(path, "expected an array of numbers, got ", json_type(v));
        std::vector<float> out;
        out.reserve(v.size());
        for (std::size_t i = 0; i < v.size(); ++i) {
            const json& e = v[i];
            if (!e.is_number()) bad(cat(path, '[', i, ']'), "expected a number, got ", json_type(e));
            const double d = e.get<double>();
            if (!std::isfinite(d) || std::abs(d) > double(std::numeric_limits<float>::max()))
                bad(cat(path, '[', i, ']'), d, " is out of range for float");
            out.push_back(float(d));
        }
        return out;
    }

    Preprocessing preprocessing(const json& v) const {
        if (!v.is_object()) bad("preprocessing", "expected an object, got ", json_type(v));
        Preprocessing p;
        const json& kind = member(v, "kind", "preprocessing");
        if (!kind.is_string()) bad("preprocessing.kind", "expected a string, got ", json_type(kind));
        try {
            p.kind = parse_scaling(kind.get_ref<const std::string&>());
        } catch (const Error& e) {
            bad("preprocessing.kind", e.what());
        }
        if (const auto it = v.find("offset"); it != v.end()) p.offset = floats(*it, "preprocessing.offset");
        if (const auto it = v.find("scale"); it != v.end()) p.scale = floats(*it, "preprocessing.scale");
        return p;
    }

    std::vector<std::string> class_names(const json& v) const {
        if (!v.is_array()) bad("class_names", "expected an array of strings, got ", json_type(v));
        std::vector<std::string> names;
        names.reserve(v.size());
        for (std::size_t i = 0; i < v.size(); ++i) {
            if (!v[i].is_string()) bad(cat("class_names[", i, ']'), "expected a string, got ", json_type(v[i]));
            names.push_back(v[i].get<std::string>());
        }
        return names;
    }

private:
    std::string source_;
};

struct BlobEntry {
    std::string name;
    std::uint64_t count = 0;
};

// ---- encoding ---------------------------------------------------------------------------

std::vector<std::uint8_t> encode(const ModelFile& f, const std::string& source) {
    const ModelSpec spec = without_weights(f.spec);
    std::string spec_text;
    try {
        spec_text = to_json(spec);  // checks the spec
    } catch (const Error& e) {
        fail(source, ": ", e.what());
    }
    check_contents(spec, f.preprocessing, find_params(f), source);

    json header;
    header["format"] = kFormat;
    header["architecture"] = json::parse(spec_text);
    json pre;
    pre["kind"] = to_string(f.preprocessing.kind);
    pre["offset"] = f.preprocessing.offset;
    pre["scale"] = f.preprocessing.scale;
    header["preprocessing"] = std::move(pre);
    header["class_names"] = f.class_names;
    json extra = parse_limited(f.extra_json, cat(source, ": extra_json"));
    if (!extra.is_object()) fail(source, ": extra_json: expected a JSON object, got ", json_type(extra));
    header["extra"] = std::move(extra);
    json blobs = json::array();
    std::uint64_t total = 0;
    for (const auto& [name, values] : f.blobs) {
        blobs.push_back(json{{"name", name}, {"count", values.size()}});
        total += 4 * std::uint64_t(values.size());
    }
    header["blobs"] = std::move(blobs);

    std::string text;
    try {
        text = header.dump();
    } catch (const json::type_error& e) {  // a string that is not UTF-8
        std::string_view msg = e.what();
        if (const auto close = msg.find("] "); close != msg.npos) msg.remove_prefix(close + 2);
        fail(source, ": cannot write the header: ", msg, " (class names and blob names must be UTF-8)");
    }
    text += '\n';

    std::vector<std::uint8_t> out(kFixedHeader + text.size() + total + kCrcSize);
    std::uint8_t* p = out.data();
    std::memcpy(p, kMagic.data(), kMagic.size());
    store_u32(p + 8, kModelFormatVersion);
    store_u32(p + 12, 0);
    store_u64(p + 16, text.size());
    std::memcpy(p + kFixedHeader, text.data(), text.size());
    p += kFixedHeader + text.size();
    for (const auto& [name, values] : f.blobs) {
        store_floats(p, values);
        p += 4 * values.size();
    }
    store_u32(p, crc32(out.data(), out.size() - kCrcSize));
    return out;
}

bool starts_with_magic(const std::uint8_t* data, std::size_t size) {
    return size >= kMagic.size() && std::equal(kMagic.begin(), kMagic.end(), data);
}

std::string not_model_file(const std::vector<std::uint8_t>& bytes, const std::string& source,
                           std::string_view why) {
    const auto first = std::find_if(bytes.begin(), bytes.end(), [](std::uint8_t c) {
        return c != ' ' && c != '\t' && c != '\r' && c != '\n';
    });
    const bool skip_bom = bytes.size() >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;
    const bool json_like = (first != bytes.end() && *first == '{') || (skip_bom && bytes.size() > 3 && bytes[3] == '{');
    return cat(source, " is not a neurite model file", why,
               json_like ? "; it looks like JSON — a model spec? use it with --model as a spec" : "");
}

// The file size that an unverified header describes (fixed header, JSON
// header, blobs and checksum), or 0 when the header cannot tell. Only used to
// explain a checksum mismatch.
std::uint64_t described_size(const std::uint8_t* data, std::size_t header_size) {
    try {
        const json header = parse_limited(
            std::string_view(reinterpret_cast<const char*>(data + kFixedHeader), header_size), "header");
        const auto it = header.find("blobs");
        if (it == header.end() || !it->is_array()) return 0;
        std::uint64_t total = kFixedHeader + header_size + kCrcSize;
        for (const json& e : *it) {
            const auto count = e.find("count");
            if (!e.is_object() || count == e.end() || !count->is_number_unsigned()) return 0;
            const std::uint64_t c = count->get<std::uint64_t>();
            if (c > (std::numeric_limits<std::uint64_t>::max() - total) / 4) return 0;
            total += 4 * c;
        }
        return total;
    } catch (const std::exception&) {
        return 0;
    }
}

}  // namespace

std::vector<std::uint8_t> encode_model_file(const ModelFile& file) { return encode(file, "model file"); }

ModelFile decode_model_file(const std::vector<std::uint8_t>& bytes, const std::string& source) {
    const std::size_t size = bytes.size();
    const std::uint8_t* data = bytes.data();
    if (size < kFixedHeader + kCrcSize) fail(not_model_file(bytes, source, " (too short)"));
    if (!starts_with_magic(data, size)) fail(not_model_file(bytes, source, ""));
    const std::uint32_t version = get_u32(data + 8);
    if (version > kModelFormatVersion)
        fail(source, " was written by a newer neurite (format version ", version, "; this build reads up to ",
             kModelFormatVersion, ')');
    if (version == 0) fail(source, " has an invalid format version 0");
    // The reserved word (data + 12) is written as 0 and ignored when read.
    const std::uint64_t header_size = get_u64(data + 16);
    const std::size_t room = size - kFixedHeader - kCrcSize;
    if (header_size > room)
        fail(source, " is truncated (the header needs ", header_size, " bytes, ", room, " are left)");
    const std::uint32_t stored = get_u32(data + size - kCrcSize);
    if (crc32(data, size - kCrcSize) != stored) {
        // A file cut short (an interrupted copy) usually still has an intact
        // header whose blob table asks for more bytes than are there: say so.
        if (const std::uint64_t want = described_size(data, std::size_t(header_size)); want > size)
            fail(source, " is truncated (its header describes ", want, " bytes, the file has ", size,
                 "; checksum mismatch)");
        fail(source, " is corrupted (checksum mismatch)");
    }

    const std::string header_source = cat(source, ": header");
    const json header = parse_limited(
        std::string_view(reinterpret_cast<const char*>(data + kFixedHeader), std::size_t(header_size)), header_source);
    const HeaderReader r(source);
    if (!header.is_object()) r.bad("", "expected a JSON object, got ", json_type(header));
    const json& format = r.member(header, "format", "");
    if (!format.is_string() || format.get_ref<const std::string&>() != kFormat)
        r.bad("format", "expected \"", kFormat, "\", got ", format.is_string() ? format.dump() : json_type(format));

    // The blob table first: it must account for every byte after the header.
    const json& table = r.member(header, "blobs", "");
    if (!table.is_array()) r.bad("blobs", "expected an array, got ", json_type(table));
    const std::uint64_t blob_bytes = room - header_size;
    std::uint64_t used = 0;
    std::vector<BlobEntry> entries;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < table.size(); ++i) {
        const std::string path = cat("blobs[", i, ']');
        const json& e = table[i];
        if (!e.is_object()) r.bad(path, "expected an object, got ", json_type(e));
        const json& name = r.member(e, "name", path);
        if (!name.is_string()) r.bad(path + ".name", "expected a string, got ", json_type(name));
        BlobEntry entry{name.get<std::string>(), r.count(r.member(e, "count", path), path + ".count")};
        if (!seen.insert(entry.name).second)
            r.bad(path + ".name", "duplicate blob \"",
                  entry.name.size() > 40 ? cat(utf8_prefix(entry.name, 37), "...") : entry.name, '"');
        if (entry.count > (blob_bytes - used) / 4)
            r.bad(path + ".count", entry.count, " floats do not fit in the ", blob_bytes - used,
                  " bytes left in the file");
        used += 4 * entry.count;
        entries.push_back(std::move(entry));
    }
    if (used != blob_bytes)
        r.bad("blobs", "the blobs take ", used, " bytes but the file holds ", blob_bytes, " after the header");

    ModelFile f;
    const json& arch = r.member(header, "architecture", "");
    if (!arch.is_object()) r.bad("architecture", "expected a model spec object, got ", json_type(arch));
    f.spec = without_weights(parse_model_spec(arch.dump(), cat(source, ": architecture")));
    if (const auto it = header.find("preprocessing"); it != header.end()) f.preprocessing = r.preprocessing(*it);
    if (const auto it = header.find("class_names"); it != header.end()) f.class_names = r.class_names(*it);
    if (const auto it = header.find("extra"); it != header.end()) {
        if (!it->is_object()) r.bad("extra", "expected an object, got ", json_type(*it));
        f.extra_json = it->dump();
    }
    const std::uint8_t* p = data + kFixedHeader + header_size;
    for (const BlobEntry& e : entries) {
        f.blobs.emplace(e.name, get_floats(p, std::size_t(e.count)));
        p += 4 * e.count;
    }
    check_contents(f.spec, f.preprocessing, find_params(f), source);
    return f;
}

void save_model_file(const std::filesystem::path& path, const ModelFile& file) {
    const std::vector<std::uint8_t> bytes = encode(file, path.string());
    write_file_atomic(path, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

ModelFile load_model_file(const std::filesystem::path& path) {
    return decode_model_file(read_file_bytes(path, "model file"), path.string());
}

bool is_model_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::array<char, kMagic.size()> head{};
    if (!in.read(head.data(), std::streamsize(head.size()))) return false;
    return std::equal(kMagic.begin(), kMagic.end(), head.begin(),
                      [](std::uint8_t m, char c) { return m == static_cast<std::uint8_t>(c); });
}

ModelFile model_file_of(const Sequential& net, const Preprocessing& pre, std::vector<std::string> class_names) {
    if (!net.built()) fail("model_file_of: the network is not built");
    ModelFile f;
    f.spec = spec_of<float>(net, false);
    f.preprocessing = pre;
    f.class_names = std::move(class_names);
    const auto params = net.params();
    f.blobs.emplace(std::string(kParams), std::vector<float>(params.begin(), params.end()));
    return f;
}

Sequential network_of(const ModelFile& file) {
    const std::vector<float>* params = find_params(file);
    if (params == nullptr) fail("model file has no \"params\" blob (the network's parameters)");
    const ModelSpec spec = without_weights(file.spec);
    const std::uint64_t need = param_count(spec);
    if (params->size() != need)
        fail("model file has ", params->size(), " parameters but its architecture needs ", need);
    Sequential net = build_network<float>(spec);
    if (net.param_count() != params->size())
        fail("model file has ", params->size(), " parameters but its network has ", net.param_count());
    std::copy(params->begin(), params->end(), net.params().begin());
    return net;
}

}  // namespace neurite
