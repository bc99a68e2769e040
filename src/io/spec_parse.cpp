// Parsing a model spec: the JSON document (with JSON-path error messages and
// a nesting limit), its top-level keys, and each layer through its registered
// kind, which reads its own keys via SpecFields. The format is documented in
// docs/model-spec.md.
#include "neurite/io/model_spec.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <iterator>
#include <limits>
#include <set>
#include <span>

#include "neurite/core/error.hpp"
#include "neurite/core/read_file.hpp"
#include "spec_detail.hpp"

namespace neurite {
namespace {

using namespace spec_detail;

// JSON nested deeper than this is refused while it is parsed (a spec needs
// five levels: the spec, its layers, a layer, its weights, a row).
constexpr std::size_t kMaxDepth = 64;

constexpr std::array kInitKinds = {
    InitKind::zeros,          InitKind::constant,      InitKind::uniform,
    InitKind::normal,         InitKind::xavier_uniform, InitKind::xavier_normal,
    InitKind::he_uniform,     InitKind::he_normal,     InitKind::lecun_uniform,
    InitKind::lecun_normal,
};

constexpr std::string_view kTopKeys[] = {"format", "version", "input", "seed", "layers", "preprocessing", "class_names"};
constexpr std::string_view kPreprocessingKeys[] = {"kind", "offset", "scale"};

std::vector<std::string_view> activation_name_list() {
    std::vector<std::string_view> names;
    for (const auto& entry : activation_names()) names.push_back(entry.name);
    return names;
}

std::vector<std::string_view> init_names() {
    std::vector<std::string_view> names;
    for (const auto k : kInitKinds) names.push_back(to_string(k));
    return names;
}

// A short description of a JSON value for "got ..." in messages.
std::string describe(const json& v) {
    switch (v.type()) {
        case json::value_t::array: return v.empty() ? "an empty array" : cat("an array of ", v.size());
        case json::value_t::object: return "an object";
        case json::value_t::string: {
            const auto& s = v.get_ref<const std::string&>();
            if (s.size() <= 40) return v.dump();
            return json(cat(utf8_prefix(s, 37), "...")).dump();
        }
        default: return v.dump();
    }
}

// Parses the JSON document, with error messages naming `source`, and rejects
// duplicate keys (nlohmann keeps the last one silently).
class DocumentReader {
public:
    explicit DocumentReader(std::string_view source) : source_(source) {}

    json read(std::string_view text) {
        if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
            fail(source_, ": empty spec (expected a JSON object)");
        json doc;
        try {
            doc = json::parse(
                text.begin(), text.end(),
                [this](int, json::parse_event_t event, json& parsed) { return on_event(event, parsed); });
        } catch (const json::parse_error& e) {
            fail(source_, ": invalid JSON", location(e.what()), " (byte ", e.byte, "): ", shortened(detail(e.what())));
        } catch (const json::exception& e) {
            fail(source_, ": invalid JSON: ", shortened(detail(e.what())));
        }
        if (!duplicate_.empty()) fail(source_, ": ", duplicate_);
        return doc;
    }

private:
    struct Frame {
        bool array = false;
        std::size_t index = 0;
        std::string key;
        std::set<std::string> keys;
    };

    // nlohmann messages read "[json.exception.parse_error.101] parse error
    // at line 3, column 1: syntax error while ...".
    static std::string_view detail(std::string_view what) {
        if (const auto close = what.find("] "); what.starts_with("[json.exception.") && close != what.npos)
            what.remove_prefix(close + 2);
        if (what.starts_with("parse error at line ")) {
            if (const auto colon = what.find(": "); colon != what.npos) what.remove_prefix(colon + 2);
        } else if (what.starts_with("parse error: ")) {
            what.remove_prefix(13);
        }
        return what;
    }
    // nlohmann quotes the last token read, which may be a whole 50 MB
    // string: keep the message to one readable line.
    static std::string shortened(std::string_view what) {
        constexpr std::size_t max = 200;
        if (what.size() <= max) return std::string(what);
        return cat(utf8_prefix(what, max), "...");
    }
    static std::string location(std::string_view what) {
        const auto at = what.find("parse error at line ");
        if (at == what.npos) return "";
        const auto begin = at + 15;  // "line ..."
        const auto colon = what.find(": ", begin);
        if (colon == what.npos) return "";
        return cat(" at ", what.substr(begin, colon - begin));
    }

    std::string path_of_container() const {
        std::string p;
        for (std::size_t i = 0; i + 1 < stack_.size(); ++i) {
            const Frame& f = stack_[i];
            if (f.array) {
                p += cat('[', f.index, ']');
            } else {
                if (!p.empty()) p += '.';
                p += shown(f.key);
            }
        }
        return p;
    }

    void value_done() {
        if (stack_.empty() || !stack_.back().array) return;
        ++stack_.back().index;
        // The top-level "layers" array is counted as it is parsed: a list of
        // millions of layers is refused before it is all in memory.
        if (stack_.size() == 2 && stack_[0].key == "layers" && stack_[1].index > kMaxLayers)
            fail(source_, ": layers: at most ", kMaxLayers, " layers are supported, got more");
    }

    bool on_event(json::parse_event_t event, json& parsed) {
        switch (event) {
            case json::parse_event_t::object_start:
            case json::parse_event_t::array_start:
                // Refused while parsing, before a deep document is built: what
                // walks it afterwards (dump, comparisons) recurses.
                if (stack_.size() == kMaxDepth)
                    fail(source_, ": ", path_of_container().empty() ? "" : path_of_container() + ": ",
                         "JSON nested deeper than ", kMaxDepth, " levels");
                stack_.emplace_back().array = event == json::parse_event_t::array_start;
                break;
            case json::parse_event_t::object_end:
            case json::parse_event_t::array_end:
                stack_.pop_back();
                value_done();
                break;
            case json::parse_event_t::key: {
                Frame& f = stack_.back();
                f.key = parsed.get<std::string>();
                if (!f.keys.insert(f.key).second && duplicate_.empty()) {
                    const std::string p = path_of_container();
                    duplicate_ = cat(p, p.empty() ? "" : ": ", "duplicate key \"", shown(f.key), '"');
                }
                break;
            }
            case json::parse_event_t::value: value_done(); break;
        }
        return true;
    }

    std::string source_;
    std::vector<Frame> stack_;
    std::string duplicate_;
};

// Turns a parsed JSON document into a ModelSpec, checking every field.
class SpecReader {
public:
    explicit SpecReader(std::string_view source) : source_(source) {}

    ModelSpec read(const json& doc) {
        if (!doc.is_object()) bad("", "expected a JSON object at the top level, got ", describe(doc));
        // The format and version first: a newer file should say so rather
        // than complain about keys this version does not know.
        if (const auto it = doc.find("format"); it != doc.end()) {
            if (!it->is_string() || it->get_ref<const std::string&>() != kFormat)
                bad("format", "expected \"", kFormat, "\", got ", describe(*it));
        }
        if (const auto it = doc.find("version"); it != doc.end()) {
            const std::uint64_t v = integer(*it, "version", 0, std::numeric_limits<std::uint64_t>::max());
            if (v != kVersion) bad("version", "unsupported spec version ", v, " (this build reads version ", kVersion, ')');
        }
        check_keys(doc, "", kTopKeys, "the spec");

        ModelSpec spec;
        spec.input = static_cast<std::size_t>(size(required(doc, "", "input"), "input", kMaxInput, "inputs"));
        if (const auto it = doc.find("seed"); it != doc.end())
            spec.seed = integer(*it, "seed", 0, std::numeric_limits<std::uint64_t>::max());

        const json& layers = required(doc, "", "layers");
        if (!layers.is_array()) bad("layers", "expected an array of layers, got ", describe(layers));
        if (layers.empty()) bad("layers", "expected at least one layer");
        if (layers.size() > kMaxLayers)
            bad("layers", "at most ", kMaxLayers, " layers are supported, got ", layers.size());

        Tally tally;
        tally.input = spec.input;
        spec.layers.reserve(layers.size());
        for (std::size_t i = 0; i < layers.size(); ++i) {
            spec.layers.push_back(layer(layers[i], layer_path(i), tally));
            tally.input = tally.output;
        }
        if (const auto it = doc.find("preprocessing"); it != doc.end()) spec.preprocessing = preprocessing(*it, spec.input);
        if (const auto it = doc.find("class_names"); it != doc.end())
            spec.class_names = class_names(*it, tally.output);
        return spec;
    }

    // {"kind": K, "offset": [...], "scale": [...]}: one offset and one scale
    // per input, none for "none" (the model file's preprocessing).
    Preprocessing preprocessing(const json& v, std::size_t inputs) const {
        const std::string path = "preprocessing";
        if (!v.is_object()) bad(path, "expected an object, got ", describe(v));
        check_keys(v, path, kPreprocessingKeys, "preprocessing");
        const json& kind = required(v, path, "kind");
        if (!kind.is_string()) bad(child(path, "kind"), "expected a string, got ", describe(kind));
        Preprocessing p;
        try {
            p.kind = parse_scaling(kind.get_ref<const std::string&>());
        } catch (const Error& e) {
            bad(child(path, "kind"), e.what());
        }
        const auto values = [&](std::string_view key) {
            std::vector<float> out;
            const auto it = v.find(key);
            if (it == v.end()) return out;
            const std::string p2 = child(path, key);
            if (!it->is_array()) bad(p2, "expected an array of numbers, got ", describe(*it));
            const std::size_t want = p.kind == ScalingKind::none ? 0 : inputs;
            if (it->size() != want) bad(p2, "expected ", want, " numbers (one per input), got ", it->size());
            for (std::size_t i = 0; i < it->size(); ++i) {
                const double d = number((*it)[i], cat(p2, '[', i, ']'));
                if (!std::isfinite(static_cast<float>(d))) bad(cat(p2, '[', i, ']'), d, " does not fit a float");
                out.push_back(static_cast<float>(d));
            }
            return out;
        };
        p.offset = values("offset");
        p.scale = values("scale");
        if (p.kind != ScalingKind::none && (p.offset.size() != inputs || p.scale.size() != inputs))
            bad(path, "\"", to_string(p.kind), "\" needs \"offset\" and \"scale\", one number per input each");
        return p;
    }

    // The names of the network's classes: one per output (or two for one
    // sigmoid output).
    std::vector<std::string> class_names(const json& v, std::size_t outputs) const {
        const std::string path = "class_names";
        if (!v.is_array()) bad(path, "expected an array of strings, got ", describe(v));
        if (v.size() != outputs && !(outputs == 1 && v.size() == 2))
            bad(path, "expected ", outputs == 1 ? std::string("2 names (one sigmoid output)") : cat(outputs, " names (one per output)"),
                ", got ", v.size());
        std::vector<std::string> names;
        for (std::size_t i = 0; i < v.size(); ++i) {
            if (!v[i].is_string()) bad(cat(path, '[', i, ']'), "expected a string, got ", describe(v[i]));
            names.push_back(v[i].get<std::string>());
        }
        return names;
    }

    // The helpers below are what JsonFields offers to the layer kinds.

    template <typename... Args>
    [[noreturn]] void bad(const std::string& path, const Args&... args) const {
        if (path.empty()) fail(source_, ": ", args...);
        fail(source_, ": ", path, ": ", args...);
    }

    static std::string child(const std::string& path, std::string_view key) {
        return path.empty() ? std::string(key) : cat(path, '.', key);
    }

    const json& required(const json& obj, const std::string& path, std::string_view key) const {
        const auto it = obj.find(key);
        if (it == obj.end()) bad(path, "missing key \"", key, '"');
        return *it;
    }

    void check_keys(const json& obj, const std::string& path, std::span<const std::string_view> allowed,
                    std::string_view what, std::span<const std::string_view> elsewhere = {}) const {
        for (const auto& [key, value] : obj.items()) {
            if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
            if (std::find(elsewhere.begin(), elsewhere.end(), key) != elsewhere.end())
                bad(path, "key \"", shown(key), "\" does not apply to ", what);
            std::string hint = suggestion(key, allowed);
            if (hint.empty()) hint = cat(" (", what, " takes: ", join(allowed), ')');
            bad(path, "unknown key \"", shown(key), '"', hint);
        }
    }

    double number(const json& v, const std::string& path) const {
        if (!v.is_number()) bad(path, "expected a number, got ", describe(v));
        const double d = v.get<double>();
        if (!std::isfinite(d)) bad(path, "expected a finite number, got ", d);
        return d;
    }

    // An integer in [lo, hi]; integral floats such as 2.0 or 1e3 are accepted.
    std::uint64_t integer(const json& v, const std::string& path, std::uint64_t lo, std::uint64_t hi) const {
        const auto expected = [&] { return lo == 0 ? std::string("an integer ≥ 0") : cat("an integer ≥ ", lo); };
        std::uint64_t value = 0;
        if (v.is_number_unsigned()) {
            value = v.get<std::uint64_t>();
        } else if (v.is_number_integer()) {
            if (v.get<std::int64_t>() < 0) bad(path, "expected ", expected(), ", got ", v.dump());
            value = static_cast<std::uint64_t>(v.get<std::int64_t>());
        } else if (v.is_number_float()) {
            const double d = v.get<double>();
            if (!(d >= 0) || d != std::floor(d) || d >= 18446744073709551616.0)
                bad(path, "expected ", expected(), ", got ", v.dump());
            value = static_cast<std::uint64_t>(d);
        } else {
            bad(path, "expected ", expected(), ", got ", describe(v));
        }
        if (value < lo) bad(path, "expected ", expected(), ", got ", v.dump());
        if (value > hi) bad(path, "expected an integer ≤ ", hi, ", got ", v.dump());
        return value;
    }

    // A size ≥ 1 with an upper limit, e.g. "at most 1000000 units".
    std::uint64_t size(const json& v, const std::string& path, std::uint64_t max, std::string_view what) const {
        const std::uint64_t n = integer(v, path, 1, std::numeric_limits<std::uint64_t>::max());
        if (n > max) bad(path, "at most ", max, ' ', what, " are supported, got ", n);
        return n;
    }

    Activation activation(const json& v, const std::string& path) const {
        if (!v.is_string()) bad(path, "expected an activation name, got ", describe(v));
        const auto& name = v.get_ref<const std::string&>();
        try {
            return parse_activation(name);
        } catch (const Error&) {
        }
        const auto names = activation_name_list();
        bad(path, "unknown activation \"", shown(name), '"', suggestion(name, names), " (expected one of: ", join(names),
            ')');
    }

    double alpha(const json& layer, const std::string& path, Activation a) const {
        const auto it = layer.find("alpha");
        if (it == layer.end()) return -1.0;
        const std::string p = child(path, "alpha");
        if (!takes_alpha(a)) bad(p, "activation \"", to_string(a), "\" takes no alpha (only leaky_relu and elu do)");
        const double d = number(*it, p);
        if (d < 0) bad(p, "expected a number ≥ 0, got ", it->dump());
        return d;
    }

    Initializer initializer(const json& v, const std::string& path) const {
        const auto names = init_names();
        const auto kind_of = [&](const json& name, const std::string& p) {
            if (!name.is_string()) bad(p, "expected an initializer name, got ", describe(name));
            const auto& s = name.get_ref<const std::string&>();
            try {
                return parse_init(s);
            } catch (const Error&) {
            }
            bad(p, "unknown initializer \"", shown(s), '"', suggestion(s, names), " (expected one of: ", join(names), ')');
        };
        if (v.is_string()) {
            const InitKind k = kind_of(v, path);
            switch (k) {
                case InitKind::constant:
                    bad(path, "\"constant\" needs a value: write {\"kind\": \"constant\", \"value\": ...}");
                case InitKind::uniform:
                    bad(path, "\"uniform\" needs bounds: write {\"kind\": \"uniform\", \"low\": ..., \"high\": ...}");
                case InitKind::normal:
                    bad(path, "\"normal\" needs parameters: write {\"kind\": \"normal\", \"mean\": ..., \"std\": ...}");
                default: return Initializer::of(k);
            }
        }
        if (!v.is_object()) bad(path, "expected an initializer name or object, got ", describe(v));
        const InitKind k = kind_of(required(v, path, "kind"), child(path, "kind"));
        const auto param = [&](std::string_view key) { return number(required(v, path, key), child(path, key)); };
        const std::string what = cat("a \"", to_string(k), "\" initializer");
        switch (k) {
            case InitKind::constant: {
                constexpr std::string_view keys[] = {"kind", "value"};
                check_keys(v, path, keys, what);
                return Initializer::constant(param("value"));
            }
            case InitKind::uniform: {
                constexpr std::string_view keys[] = {"kind", "low", "high"};
                check_keys(v, path, keys, what);
                const double lo = param("low"), hi = param("high");
                if (!(lo < hi)) bad(child(path, "high"), "expected a number greater than low (", lo, "), got ", hi);
                return Initializer::uniform(lo, hi);
            }
            case InitKind::normal: {
                constexpr std::string_view keys[] = {"kind", "mean", "std"};
                check_keys(v, path, keys, what);
                const double mean = param("mean"), sd = param("std");
                if (sd < 0) bad(child(path, "std"), "expected a number ≥ 0, got ", sd);
                return Initializer::normal(mean, sd);
            }
            default: {
                constexpr std::string_view keys[] = {"kind"};
                check_keys(v, path, keys, what);
                return Initializer::of(k);
            }
        }
    }

    std::vector<double> weights(const json& v, const std::string& path, std::uint64_t units,
                                std::uint64_t inputs) const {
        const std::string shape = cat(plural(units, "row"), " of ", plural(inputs, "number"));
        if (!v.is_array()) bad(path, "expected ", shape, ", got ", describe(v));
        if (v.empty()) bad(path, "expected ", shape, ", got an empty array");
        std::vector<double> w;
        if (v.front().is_array()) {  // nested: one row per unit
            if (v.size() != units) bad(path, "expected ", shape, ", got ", plural(v.size(), "row"));
            w.reserve(units * inputs);
            for (std::size_t u = 0; u < v.size(); ++u) {
                const std::string p = cat(path, '[', u, ']');
                const json& row = v[u];
                if (!row.is_array()) bad(p, "expected a row of ", plural(inputs, "number"), ", got ", describe(row));
                if (row.size() != inputs) bad(p, "expected ", plural(inputs, "number"), ", got ", row.size());
                for (std::size_t i = 0; i < row.size(); ++i) w.push_back(number(row[i], cat(p, '[', i, ']')));
            }
        } else {  // flat, neuron-major
            if (v.size() != units * inputs)
                bad(path, "expected ", shape, " (or ", plural(units * inputs, "number"), " flat), got ",
                    plural(v.size(), "number"));
            w.reserve(units * inputs);
            for (std::size_t k = 0; k < v.size(); ++k) w.push_back(number(v[k], cat(path, '[', k, ']')));
        }
        return w;
    }

    // "bias": [units] or a number; "threshold" likewise, with bias = −threshold.
    std::vector<double> per_unit(const json& v, const std::string& path, std::uint64_t units, bool negate) const {
        std::vector<double> out;
        if (v.is_number()) {
            out.assign(units, number(v, path));
        } else if (v.is_array()) {
            if (v.size() != units)
                bad(path, "expected ", plural(units, "number"), " (one per unit), got ", v.size());
            out.reserve(units);
            for (std::size_t u = 0; u < v.size(); ++u) out.push_back(number(v[u], cat(path, '[', u, ']')));
        } else {
            bad(path, "expected a number or an array of ", plural(units, "number"), ", got ", describe(v));
        }
        if (negate)
            for (double& d : out) d = 0.0 - d;  // 0.0 − 0.0 is +0.0, not −0.0
        return out;
    }

    LayerSpec layer(const json& v, const std::string& path, Tally& tally) const;

    std::string source_;
};

// One layer object as its kind reads it.
class JsonFields final : public SpecFields {
public:
    JsonFields(const SpecReader& reader, const json& v, const std::string& path, const LayerKind& kind, Tally& tally)
        : r_(reader), v_(v), path_(path), kind_(kind), tally_(tally) {}

    std::size_t input_size() const override { return tally_.input; }
    [[noreturn]] void fail(std::string_view key, const std::string& message) const override {
        r_.bad(at(key), message);
    }
    void count_parameters(const LayerSpec& spec) override { tally_.count(kind_, spec, *this); }

    bool has(std::string_view key) const override { return v_.contains(key); }
    std::string shown(std::string_view key) const override { return describe(get(key)); }
    double number(std::string_view key, std::string_view expected) const override {
        const json& n = get(key);
        if (!n.is_number()) r_.bad(at(key), "expected ", expected, ", got ", describe(n));
        return n.get<double>();
    }
    double finite(std::string_view key) const override { return r_.number(get(key), at(key)); }
    std::size_t size(std::string_view key, std::size_t max, std::string_view what) const override {
        return static_cast<std::size_t>(r_.size(get(key), at(key), max, what));
    }
    Activation activation(std::string_view key) const override { return r_.activation(get(key), at(key)); }
    double alpha(Activation a) const override { return r_.alpha(v_, path_, a); }
    Initializer initializer(std::string_view key) const override { return r_.initializer(get(key), at(key)); }
    std::vector<double> rows(std::string_view key, std::size_t rows, std::size_t columns) const override {
        return r_.weights(get(key), at(key), rows, columns);
    }
    std::vector<double> per_unit(std::string_view key, std::size_t count, bool negate) const override {
        return r_.per_unit(get(key), at(key), count, negate);
    }

private:
    std::string at(std::string_view key) const { return key.empty() ? path_ : cat(path_, '.', key); }
    const json& get(std::string_view key) const { return r_.required(v_, path_, key); }

    const SpecReader& r_;
    const json& v_;
    const std::string& path_;
    const LayerKind& kind_;
    Tally& tally_;
};

LayerSpec SpecReader::layer(const json& v, const std::string& path, Tally& tally) const {
    if (!v.is_object()) bad(path, "expected a layer object, got ", describe(v));
    const auto kinds = layer_kinds();
    const auto names = layer_type_names();
    const auto type_it = v.find("type");
    if (type_it == v.end()) {
        std::vector<std::string_view> all;  // every kind's keys, each once
        for (const LayerKind* k : kinds)
            for (const auto& key : k->keys)
                if (std::find(all.begin(), all.end(), key) == all.end()) all.push_back(key);
        check_keys(v, path, all, "a layer");
        bad(path, "missing key \"type\" (expected one of: ", join(names), ')');
    }
    if (!type_it->is_string()) bad(child(path, "type"), "expected a layer type, got ", describe(*type_it));
    const auto& type = type_it->get_ref<const std::string&>();
    const LayerKind* kind = find_layer_kind(type);
    if (kind == nullptr)
        bad(child(path, "type"), "unknown layer type \"", shown(type), '"', suggestion(type, names),
            " (expected one of: ", join(names), ')');

    // A key of another kind is named as such, not as a misspelling.
    const std::vector<std::string_view> own(kind->keys.begin(), kind->keys.end());
    std::vector<std::string_view> elsewhere;
    for (const LayerKind* k : kinds)
        for (const auto& key : k->keys)
            if (std::find(own.begin(), own.end(), key) == own.end()) elsewhere.push_back(key);
    check_keys(v, path, own, kind->what, elsewhere);

    LayerSpec s;
    s.type = kind->name;
    tally.counted = false;
    JsonFields in(*this, v, path, *kind, tally);
    kind->parse(in, s);
    in.count_parameters(s);
    return s;
}

}  // namespace

ModelSpec parse_model_spec(std::string_view json_text, std::string_view source) {
    const json doc = DocumentReader(source).read(json_text);
    return SpecReader(source).read(doc);
}

ModelSpec load_model_spec(const std::filesystem::path& path) {
    return parse_model_spec(read_file_text(path, "model spec"), path.string());
}

}  // namespace neurite
