// Writing a model spec as indented JSON; each layer's keys are written by
// its registered kind.
#include <algorithm>
#include <limits>

#include "spec_detail.hpp"

namespace neurite {
namespace {

using spec_detail::json;

json init_json(const Initializer& init) {
    switch (init.kind) {
        case InitKind::constant: return json{{"kind", "constant"}, {"value", init.a}};
        case InitKind::uniform: return json{{"kind", "uniform"}, {"low", init.a}, {"high", init.b}};
        case InitKind::normal: return json{{"kind", "normal"}, {"mean", init.a}, {"std", init.b}};
        default: return json(std::string(to_string(init.kind)));
    }
}

// A layer object being written, its keys in the order the kind writes them.
class JsonOut final : public SpecOut {
public:
    explicit JsonOut(json& o) : o_(o) {}
    void integer(std::string_view key, std::uint64_t value) override { o_[std::string(key)] = value; }
    void number(std::string_view key, double value) override { o_[std::string(key)] = value; }
    void text(std::string_view key, std::string_view value) override { o_[std::string(key)] = value; }
    void initializer(std::string_view key, const Initializer& init) override { o_[std::string(key)] = init_json(init); }
    void numbers(std::string_view key, std::span<const double> values) override {
        o_[std::string(key)] = std::vector<double>(values.begin(), values.end());
    }
    void rows(std::string_view key, std::span<const double> values, std::size_t columns) override {
        json rows = json::array();
        for (std::size_t at = 0; columns > 0 && at < values.size(); at += columns)
            rows.push_back(json(std::vector<double>(values.begin() + long(at),
                                                    values.begin() + long(std::min(at + columns, values.size())))));
        o_[std::string(key)] = std::move(rows);
    }

private:
    json& o_;
};

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

}  // namespace

std::string to_json(const ModelSpec& spec) {
    spec_detail::check_spec(spec, "model spec");
    json doc;
    doc["format"] = spec_detail::kFormat;
    doc["version"] = spec_detail::kVersion;
    doc["input"] = spec.input;
    if (spec.seed) doc["seed"] = *spec.seed;
    json layers = json::array();
    std::size_t width = spec.input;
    for (std::size_t i = 0; i < spec.layers.size(); ++i) {
        const LayerSpec& l = spec.layers[i];
        const LayerKind& kind = spec_detail::kind_of(l, i, "model spec");
        json o;
        o["type"] = kind.name;
        JsonOut out(o);
        kind.write(l, width, out);
        const auto shape = spec_detail::layer_shape(kind, l, width);
        if (!shape.outputs.empty()) width = shape.outputs.back();
        layers.push_back(std::move(o));
    }
    doc["layers"] = std::move(layers);
    if (spec.preprocessing) {
        const Preprocessing& p = *spec.preprocessing;
        const std::size_t want = p.kind == ScalingKind::none ? 0 : spec.input;
        if (p.offset.size() != want || p.scale.size() != want)
            fail("model spec: preprocessing has ", p.offset.size(), " offsets and ", p.scale.size(),
                 " scales for a network of ", spec.input, " inputs");
        json pre;
        pre["kind"] = to_string(spec.preprocessing->kind);
        pre["offset"] = spec.preprocessing->offset;
        pre["scale"] = spec.preprocessing->scale;
        doc["preprocessing"] = std::move(pre);
    }
    if (!spec.class_names.empty()) doc["class_names"] = spec.class_names;
    std::string out;
    write(doc, out, 0, 0);
    out += '\n';
    return out;
}

}  // namespace neurite
