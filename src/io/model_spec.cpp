// The JSON model spec: parsing (with JSON-path error messages), checking,
// writing, and the conversions to and from a built network. The format is
// documented in docs/model-spec.md.
#include "neurite/io/model_spec.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <memory>
#include <set>
#include <span>
#include <type_traits>

#include <nlohmann/json.hpp>

#include "neurite/core/error.hpp"
#include "neurite/core/memory.hpp"
#include "neurite/core/read_file.hpp"
#include "neurite/core/rng.hpp"
#include "neurite/nn/activation_layer.hpp"
#include "neurite/nn/dense.hpp"
#include "neurite/nn/dropout.hpp"

namespace neurite {
namespace {

using json = nlohmann::ordered_json;

constexpr std::string_view kFormat = "neurite-spec";
constexpr std::uint64_t kVersion = 1;
// Limits checked before anything is allocated.
constexpr std::uint64_t kMaxInput = 100'000'000;
constexpr std::uint64_t kMaxUnits = 1'000'000;
constexpr std::uint64_t kMaxParams = std::uint64_t{1} << 31;
constexpr std::uint64_t kMaxLayers = 10'000;
// JSON nested deeper than this is refused while it is parsed (a spec needs
// five levels: the spec, its layers, a layer, its weights, a row).
constexpr std::size_t kMaxDepth = 64;
// Error messages quote at most this many bytes of a name or key.
constexpr std::size_t kMaxQuoted = 40;

constexpr std::array kActivations = {
    Activation::identity, Activation::step,       Activation::sigmoid, Activation::tanh,
    Activation::relu,     Activation::leaky_relu, Activation::elu,     Activation::softmax,
};
constexpr std::array kInitKinds = {
    InitKind::zeros,          InitKind::constant,      InitKind::uniform,
    InitKind::normal,         InitKind::xavier_uniform, InitKind::xavier_normal,
    InitKind::he_uniform,     InitKind::he_normal,     InitKind::lecun_uniform,
    InitKind::lecun_normal,
};

constexpr std::string_view kTopKeys[] = {"format", "version", "input", "seed", "layers"};
constexpr std::string_view kDenseKeys[] = {"type",      "units",   "activation", "alpha",    "init",
                                           "bias_init", "weights", "bias",       "threshold"};
constexpr std::string_view kActivationKeys[] = {"type", "activation", "alpha"};
constexpr std::string_view kDropoutKeys[] = {"type", "rate"};
constexpr std::string_view kLayerTypes[] = {"dense", "activation", "dropout"};

bool uses_alpha(Activation a) { return a == Activation::leaky_relu || a == Activation::elu; }

std::string_view type_name(LayerType t) {
    switch (t) {
        case LayerType::dense: return "dense";
        case LayerType::activation: return "activation";
        case LayerType::dropout: return "dropout";
    }
    return "?";
}

std::string plural(std::uint64_t n, std::string_view word) {
    return cat(n, ' ', word, n == 1 ? "" : "s");
}

std::string layer_path(std::size_t i) { return cat("layers[", i, ']'); }

// A name or key from the document as messages show it: cut to kMaxQuoted
// bytes (at a UTF-8 boundary) with "..." when longer, so a 50 MB key makes a
// short message.
std::string shown(std::string_view s) {
    if (s.size() <= kMaxQuoted) return std::string(s);
    return cat(utf8_prefix(s, kMaxQuoted - 3), "...");
}

// Optimal string alignment distance (Levenshtein plus transpositions),
// case-insensitive, for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b) {
    const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; };
    const std::size_t n = a.size(), m = b.size();
    std::vector<std::size_t> d((n + 1) * (m + 1));
    const auto at = [&](std::size_t i, std::size_t j) -> std::size_t& { return d[i * (m + 1) + j]; };
    for (std::size_t i = 0; i <= n; ++i) at(i, 0) = i;
    for (std::size_t j = 0; j <= m; ++j) at(0, j) = j;
    for (std::size_t i = 1; i <= n; ++i) {
        for (std::size_t j = 1; j <= m; ++j) {
            const std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
            at(i, j) = std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost});
            if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1]))
                at(i, j) = std::min(at(i, j), at(i - 2, j - 2) + 1);
        }
    }
    return at(n, m);
}

// " (did you mean "units"?)" for the closest candidate, or "".
std::string suggestion(std::string_view word, std::span<const std::string_view> candidates) {
    std::string_view best;
    std::size_t best_d = std::numeric_limits<std::size_t>::max();
    // The distance is at least the difference in length; a word much longer
    // than every candidate (a hostile 50 MB key) is not compared at all.
    if (word.size() > kMaxQuoted) return "";
    for (const auto c : candidates) {
        const std::size_t d = edit_distance(word, c);
        if (d < best_d) best_d = d, best = c;
    }
    const std::size_t limit = best.size() <= 4 ? 1 : 2;
    if (best.empty() || best_d > limit) return "";
    return cat(" (did you mean \"", best, "\"?)");
}

std::string join(std::span<const std::string_view> names) {
    std::string out;
    for (const auto n : names) out += (out.empty() ? "" : ", ") + std::string(n);
    return out;
}

std::vector<std::string_view> activation_names() {
    std::vector<std::string_view> names;
    for (const auto a : kActivations) names.push_back(to_string(a));
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

        std::uint64_t width = spec.input;
        std::uint64_t params = 0;
        spec.layers.reserve(layers.size());
        for (std::size_t i = 0; i < layers.size(); ++i)
            spec.layers.push_back(layer(layers[i], layer_path(i), width, params));
        return spec;
    }

private:
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
        const auto names = activation_names();
        bad(path, "unknown activation \"", shown(name), '"', suggestion(name, names), " (expected one of: ", join(names),
            ')');
    }

    double alpha(const json& layer, const std::string& path, Activation a) const {
        const auto it = layer.find("alpha");
        if (it == layer.end()) return -1.0;
        const std::string p = child(path, "alpha");
        if (!uses_alpha(a)) bad(p, "activation \"", to_string(a), "\" takes no alpha (only leaky_relu and elu do)");
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

    LayerSpec layer(const json& v, const std::string& path, std::uint64_t& width, std::uint64_t& params) const {
        if (!v.is_object()) bad(path, "expected a layer object, got ", describe(v));
        const auto type_it = v.find("type");
        if (type_it == v.end()) {
            std::vector<std::string_view> all(std::begin(kDenseKeys), std::end(kDenseKeys));
            all.push_back("rate");
            check_keys(v, path, all, "a layer");
            bad(path, "missing key \"type\" (expected one of: ", join(kLayerTypes), ')');
        }
        if (!type_it->is_string()) bad(child(path, "type"), "expected a layer type, got ", describe(*type_it));
        const auto& type = type_it->get_ref<const std::string&>();

        LayerSpec s;
        if (type == "dense") {
            s.type = LayerType::dense;
            check_keys(v, path, kDenseKeys, "a dense layer", kDropoutKeys);
            s.units = static_cast<std::size_t>(size(required(v, path, "units"), child(path, "units"), kMaxUnits, "units"));
            if (const auto it = v.find("activation"); it != v.end()) s.activation = activation(*it, child(path, "activation"));
            s.alpha = alpha(v, path, s.activation);
            const std::uint64_t layer_params = (width + 1) * s.units;
            params += layer_params;
            if (params > kMaxParams)
                bad(path, "the network would have ", params, " parameters; at most ", kMaxParams, " are supported");
            if (const auto it = v.find("init"); it != v.end()) s.weight_init = initializer(*it, child(path, "init"));
            if (const auto it = v.find("bias_init"); it != v.end()) s.bias_init = initializer(*it, child(path, "bias_init"));
            if (const auto it = v.find("weights"); it != v.end()) s.weights = weights(*it, child(path, "weights"), s.units, width);
            const auto bias = v.find("bias");
            const auto threshold = v.find("threshold");
            if (bias != v.end() && threshold != v.end())
                bad(path, "give either \"bias\" or \"threshold\" (bias = −threshold), not both");
            if (bias != v.end()) s.bias = per_unit(*bias, child(path, "bias"), s.units, false);
            if (threshold != v.end()) s.bias = per_unit(*threshold, child(path, "threshold"), s.units, true);
            width = s.units;
        } else if (type == "activation") {
            s.type = LayerType::activation;
            check_keys(v, path, kActivationKeys, "an activation layer", kDenseKeys);
            s.activation = activation(required(v, path, "activation"), child(path, "activation"));
            s.alpha = alpha(v, path, s.activation);
        } else if (type == "dropout") {
            s.type = LayerType::dropout;
            check_keys(v, path, kDropoutKeys, "a dropout layer", kDenseKeys);
            const std::string p = child(path, "rate");
            const json& r = required(v, path, "rate");
            if (!r.is_number()) bad(p, "expected a number in [0, 1), got ", describe(r));
            s.rate = r.get<double>();
            if (!(s.rate >= 0 && s.rate < 1)) bad(p, "expected a number in [0, 1), got ", r.dump());
        } else {
            bad(child(path, "type"), "unknown layer type \"", shown(type), '"', suggestion(type, kLayerTypes),
                " (expected one of: ", join(kLayerTypes), ')');
        }
        return s;
    }

    std::string source_;
};

// Checks a ModelSpec built in code (build_network and to_json take any
// spec, not only parsed ones), with the same limits as the parser.
void check_spec(const ModelSpec& spec, std::string_view source) {
    const auto bad = [&](const std::string& path, const auto&... args) {
        fail(source, ": ", path, path.empty() ? "" : ": ", args...);
    };
    const auto finite = [&](const std::vector<double>& values, const std::string& path) {
        for (std::size_t k = 0; k < values.size(); ++k)
            if (!std::isfinite(values[k])) bad(cat(path, '[', k, ']'), "expected a finite number, got ", values[k]);
    };
    const auto check_init = [&](const Initializer& init, const std::string& path) {
        if (!std::isfinite(init.a) || !std::isfinite(init.b)) bad(path, "initializer parameters must be finite");
        if (init.kind == InitKind::uniform && !(init.a < init.b)) bad(path, "uniform initializer needs low < high");
        if (init.kind == InitKind::normal && init.b < 0) bad(path, "normal initializer needs std ≥ 0");
    };
    const auto check_alpha = [&](const LayerSpec& l, const std::string& path) {
        if (l.alpha >= 0 && !uses_alpha(l.activation) && l.alpha != default_alpha(l.activation))
            bad(path, "activation \"", to_string(l.activation), "\" takes no alpha (only leaky_relu and elu do)");
        if (std::isnan(l.alpha) || std::isinf(l.alpha)) bad(path, "alpha must be finite");
    };

    if (spec.input < 1 || spec.input > kMaxInput) bad("input", "expected an integer in [1, ", kMaxInput, "], got ", spec.input);
    if (spec.layers.empty()) bad("layers", "expected at least one layer");
    if (spec.layers.size() > kMaxLayers)
        bad("layers", "at most ", kMaxLayers, " layers are supported, got ", spec.layers.size());
    std::uint64_t width = spec.input;
    std::uint64_t params = 0;
    for (std::size_t i = 0; i < spec.layers.size(); ++i) {
        const LayerSpec& l = spec.layers[i];
        const std::string path = layer_path(i);
        switch (l.type) {
            case LayerType::dense: {
                if (l.units < 1 || l.units > kMaxUnits)
                    bad(path + ".units", "expected an integer in [1, ", kMaxUnits, "], got ", l.units);
                check_alpha(l, path + ".alpha");
                params += (width + 1) * l.units;
                if (params > kMaxParams)
                    bad(path, "the network would have ", params, " parameters; at most ", kMaxParams, " are supported");
                if (l.weight_init) check_init(*l.weight_init, path + ".init");
                check_init(l.bias_init, path + ".bias_init");
                if (l.weights) {
                    if (l.weights->size() != width * l.units)
                        bad(path + ".weights", "expected ", width * l.units, " numbers (", plural(l.units, "unit"),
                            " × ", plural(width, "input"), "), got ", l.weights->size());
                    finite(*l.weights, path + ".weights");
                }
                if (l.bias) {
                    if (l.bias->size() != l.units)
                        bad(path + ".bias", "expected ", plural(l.units, "number"), ", got ", l.bias->size());
                    finite(*l.bias, path + ".bias");
                }
                width = l.units;
                break;
            }
            case LayerType::activation: check_alpha(l, path + ".alpha"); break;
            case LayerType::dropout:
                if (!(l.rate >= 0 && l.rate < 1)) bad(path + ".rate", "expected a number in [0, 1), got ", l.rate);
                break;
            default: bad(path, "unknown layer type");
        }
    }
}

// ---- writing -------------------------------------------------------------------

json init_json(const Initializer& init) {
    switch (init.kind) {
        case InitKind::constant: return json{{"kind", "constant"}, {"value", init.a}};
        case InitKind::uniform: return json{{"kind", "uniform"}, {"low", init.a}, {"high", init.b}};
        case InitKind::normal: return json{{"kind", "normal"}, {"mean", init.a}, {"std", init.b}};
        default: return json(std::string(to_string(init.kind)));
    }
}

constexpr std::size_t kLineWidth = 100;

bool is_number_array(const json& v) {
    return v.is_array() && std::all_of(v.begin(), v.end(), [](const json& e) { return e.is_number(); });
}

// Appends v on one line ("[1.0, 2.0]", "{"a": 1}"); false once `out` would
// grow past `limit` characters (number arrays are never cut off).
bool one_line(const json& v, std::string& out, std::size_t limit) {
    if (!v.is_structured()) {
        out += v.dump();
    } else if (v.is_array()) {
        out += '[';
        bool first = true;
        for (const json& e : v) {
            if (!first) out += ", ";
            first = false;
            if (!one_line(e, out, limit)) return false;
        }
        out += ']';
    } else {
        out += '{';
        bool first = true;
        for (const auto& [key, value] : v.items()) {
            if (!first) out += ", ";
            first = false;
            out += json(key).dump();
            out += ": ";
            if (!one_line(value, out, limit)) return false;
        }
        out += '}';
    }
    return out.size() <= limit;
}

// Indented output: a value stays on one line when it fits, and arrays of
// numbers (one weight row per unit) always do.
void write(const json& v, std::string& out, std::size_t indent, std::size_t column) {
    if (!v.is_structured() || v.empty() || is_number_array(v)) {
        one_line(v, out, std::numeric_limits<std::size_t>::max());
        return;
    }
    std::string line;
    const std::size_t room = column < kLineWidth ? kLineWidth - column - 1 : 0;  // keep room for a ','
    if (one_line(v, line, room)) {
        out += line;
        return;
    }
    const std::string pad(indent + 2, ' ');
    out += v.is_array() ? '[' : '{';
    bool first = true;
    for (const auto& [key, value] : v.items()) {
        out += first ? "\n" : ",\n";
        first = false;
        const std::size_t start = out.size();
        out += pad;
        if (v.is_object()) {
            out += json(key).dump();
            out += ": ";
        }
        write(value, out, indent + 2, out.size() - start);
    }
    out += '\n';
    out += std::string(indent, ' ');
    out += v.is_array() ? ']' : '}';
}

std::uint64_t splitmix64(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

template <typename T>
T to_param(double v, const std::string& path) {
    if constexpr (std::is_same_v<T, float>) {
        if (std::abs(v) > double(std::numeric_limits<float>::max()))
            fail("model spec: ", path, ": ", v, " is out of range for float");
    }
    return static_cast<T>(v);
}

}  // namespace

ModelSpec parse_model_spec(std::string_view json_text, std::string_view source) {
    const json doc = DocumentReader(source).read(json_text);
    return SpecReader(source).read(doc);
}

ModelSpec load_model_spec(const std::filesystem::path& path) {
    return parse_model_spec(read_file_text(path, "model spec"), path.string());
}

std::string to_json(const ModelSpec& spec) {
    check_spec(spec, "model spec");
    json doc;
    doc["format"] = kFormat;
    doc["version"] = kVersion;
    doc["input"] = spec.input;
    if (spec.seed) doc["seed"] = *spec.seed;
    json layers = json::array();
    std::size_t width = spec.input;
    for (const LayerSpec& l : spec.layers) {
        json o;
        o["type"] = type_name(l.type);
        switch (l.type) {
            case LayerType::dense:
                o["units"] = l.units;
                if (l.activation != Activation::identity) o["activation"] = to_string(l.activation);
                if (l.alpha >= 0 && uses_alpha(l.activation)) o["alpha"] = l.alpha;
                if (l.weight_init) o["init"] = init_json(*l.weight_init);
                if (l.bias_init.kind != InitKind::zeros) o["bias_init"] = init_json(l.bias_init);
                if (l.weights) {
                    json rows = json::array();
                    for (std::size_t u = 0; u < l.units; ++u)
                        rows.push_back(json(std::vector<double>(l.weights->begin() + long(u * width),
                                                                l.weights->begin() + long((u + 1) * width))));
                    o["weights"] = std::move(rows);
                }
                if (l.bias) o["bias"] = *l.bias;
                width = l.units;
                break;
            case LayerType::activation:
                o["activation"] = to_string(l.activation);
                if (l.alpha >= 0 && uses_alpha(l.activation)) o["alpha"] = l.alpha;
                break;
            case LayerType::dropout: o["rate"] = l.rate; break;
        }
        layers.push_back(std::move(o));
    }
    doc["layers"] = std::move(layers);
    std::string out;
    write(doc, out, 0, 0);
    out += '\n';
    return out;
}

std::uint64_t training_memory_bytes(const ModelSpec& spec, std::size_t batch_size, std::size_t optimizer_slots) {
    // What BasicSequential allocates: one activation buffer per network layer
    // (a softmax dense layer is two), two delta buffers as wide as the widest
    // layer input and one for the output; then the parameters, gradients and
    // optimizer state.
    std::uint64_t width = spec.input, params = 0, activations = 0, widest = spec.input;
    for (const LayerSpec& l : spec.layers) {
        if (l.type == LayerType::dense) {
            params = saturating_add(params, saturating_mul(saturating_add(width, 1), l.units));
            width = l.units;
            if (l.activation == Activation::softmax) activations = saturating_add(activations, width);
        }
        activations = saturating_add(activations, width);
        widest = std::max(widest, width);
    }
    const std::uint64_t per_row = saturating_add(activations, saturating_mul(widest, 3));
    const std::uint64_t values = saturating_add(saturating_mul(params, saturating_add(2, optimizer_slots)),
                                                saturating_mul(per_row, batch_size));
    return saturating_mul(values, sizeof(float));
}

void check_training_memory(const ModelSpec& spec, std::size_t batch_size, std::size_t optimizer_slots,
                           std::string_view source) {
    std::uint64_t params = 0, width = spec.input;
    for (const LayerSpec& l : spec.layers) {
        if (l.type != LayerType::dense) continue;
        params = saturating_add(params, saturating_mul(saturating_add(width, 1), l.units));
        width = l.units;
    }
    require_memory(training_memory_bytes(spec, batch_size, optimizer_slots),
                   cat(source, ": training this network (", params, " parameters, their gradients, ",
                       plural(optimizer_slots, "optimizer state slot"), ", and a batch of ",
                       plural(batch_size, "row"), ")"));
}

template <typename T>
BasicSequential<T> build_network(const ModelSpec& spec, std::uint64_t default_seed) {
    check_spec(spec, "model spec");
    const std::uint64_t seed = spec.seed.value_or(default_seed);
    BasicSequential<T> net(spec.input);
    // Where each spec layer starts in the network (a softmax dense layer
    // becomes two network layers).
    std::vector<std::size_t> first(spec.layers.size());
    std::size_t count = 0;
    for (std::size_t i = 0; i < spec.layers.size(); ++i) {
        const LayerSpec& l = spec.layers[i];
        first[i] = count;
        switch (l.type) {
            case LayerType::dense: {
                const bool softmax = l.activation == Activation::softmax;
                DenseOptions o;
                o.units = l.units;
                o.activation = softmax ? Activation::identity : l.activation;
                o.alpha = l.alpha < 0 ? default_alpha(o.activation) : l.alpha;
                o.weight_init = l.weight_init;
                o.bias_init = l.bias_init;
                net.dense(o);
                ++count;
                if (softmax) {
                    net.softmax();
                    ++count;
                }
                break;
            }
            case LayerType::activation:
                net.activation(l.activation, l.alpha);
                ++count;
                break;
            case LayerType::dropout:
                // Each dropout layer gets its own mask stream, derived from
                // the seed and the layer's position.
                net.dropout(l.rate, splitmix64(seed ^ splitmix64(i)));
                ++count;
                break;
        }
    }
    net.build();
    Rng rng(seed);
    net.init(rng);

    for (std::size_t i = 0; i < spec.layers.size(); ++i) {
        const LayerSpec& l = spec.layers[i];
        if (l.type != LayerType::dense || (!l.weights && !l.bias)) continue;
        auto& dense = dynamic_cast<Dense<T>&>(net.layer(first[i]));
        const std::string path = layer_path(i);
        if (l.weights) {
            const auto w = dense.weights();  // input-major: w(i, u)
            const std::size_t inputs = w.rows();
            for (std::size_t u = 0; u < l.units; ++u)
                for (std::size_t in = 0; in < inputs; ++in)
                    w(in, u) = to_param<T>((*l.weights)[u * inputs + in], path + ".weights");
        }
        if (l.bias) {
            const auto b = dense.bias();
            for (std::size_t u = 0; u < l.units; ++u) b[u] = to_param<T>((*l.bias)[u], path + ".bias");
        }
    }
    return net;
}

template <typename T>
ModelSpec spec_of(const BasicSequential<T>& net, bool with_weights) {
    ModelSpec spec;
    spec.input = net.input_size();
    const bool weights = with_weights && net.built();
    for (std::size_t i = 0; i < net.size(); ++i) {
        const Layer<T>& layer = net.layer(i);
        LayerSpec l;
        if (const auto* dense = dynamic_cast<const Dense<T>*>(&layer)) {
            const DenseOptions& o = dense->options();
            l.type = LayerType::dense;
            l.units = o.units;
            l.activation = o.activation;
            l.alpha = (uses_alpha(o.activation) && o.alpha != default_alpha(o.activation)) ? o.alpha : -1.0;
            l.weight_init = o.weight_init;
            l.bias_init = o.bias_init;
            if (weights) {
                const auto w = dense->weights();
                const std::size_t inputs = w.rows();
                l.weights.emplace(inputs * o.units);
                for (std::size_t u = 0; u < o.units; ++u)
                    for (std::size_t in = 0; in < inputs; ++in) (*l.weights)[u * inputs + in] = double(w(in, u));
                const auto b = dense->bias();
                l.bias.emplace(b.begin(), b.begin() + long(o.units));
            }
            // Dense(identity) followed by softmax is how a softmax dense
            // layer is built: fold the pair back into one.
            if (o.activation == Activation::identity && i + 1 < net.size()) {
                const auto* next = dynamic_cast<const ActivationLayer<T>*>(&net.layer(i + 1));
                if (next && next->activation() == Activation::softmax) {
                    l.activation = Activation::softmax;
                    ++i;
                }
            }
        } else if (const auto* act = dynamic_cast<const ActivationLayer<T>*>(&layer)) {
            l.type = LayerType::activation;
            l.activation = act->activation();
            l.alpha = (uses_alpha(l.activation) && act->alpha() != default_alpha(l.activation)) ? act->alpha() : -1.0;
        } else if (const auto* drop = dynamic_cast<const Dropout<T>*>(&layer)) {
            l.type = LayerType::dropout;
            l.rate = drop->rate();
        } else {
            fail("spec_of: layer ", i, " (", layer.describe(), ") cannot be described in a model spec");
        }
        spec.layers.push_back(std::move(l));
    }
    return spec;
}

template BasicSequential<float> build_network<float>(const ModelSpec&, std::uint64_t);
template BasicSequential<double> build_network<double>(const ModelSpec&, std::uint64_t);
template ModelSpec spec_of<float>(const BasicSequential<float>&, bool);
template ModelSpec spec_of<double>(const BasicSequential<double>&, bool);

}  // namespace neurite
