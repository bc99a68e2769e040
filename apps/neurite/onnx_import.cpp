#include "onnx_import.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <climits>
#include <cmath>
#include <cstring>
#include <functional>
#include <filesystem>
#include <map>
#include <optional>
#include <queue>
#include <set>
#include <vector>

#include "neurite/core/error.hpp"
#include "neurite/core/read_file.hpp"

#ifdef NEURITE_HAVE_ONNX
#include <onnx/onnx_pb.h>
#endif

namespace neurite::cli {

bool is_onnx_path(const std::string& path) {
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return ext == ".onnx";
}

ModelSpec load_onnx_model(const std::string& path) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > std::uintmax_t(INT_MAX))
        fail(path, ": ", size, " bytes; ONNX files over 2 GB keep their weights as external data, which neurite "
             "does not read");
    const std::vector<std::uint8_t> bytes = read_file_bytes(path, "ONNX file");
    return onnx_model_spec(bytes, path);
}

#ifndef NEURITE_HAVE_ONNX

ModelSpec onnx_model_spec(std::span<const std::uint8_t>, const std::string& source) {
    fail(source, ": this neurite was built without ONNX (scripts/setup.sh installs libonnx-dev and libprotobuf-dev; "
         "then rebuild)");
}

#else

namespace {

// The most elements one tensor may claim (the network's parameter limit).
constexpr std::uint64_t kMaxElements = std::uint64_t{1} << 31;

using onnx::TensorProto;

// One tensor's checked shape: its dims and element count, from claims that
// have been compared with the bytes the file carries.
struct Constant {
    const TensorProto* proto = nullptr;
    std::vector<std::int64_t> dims;
    std::uint64_t count = 1;
};

std::size_t element_bytes(int type) {
    switch (type) {
        case TensorProto::FLOAT: case TensorProto::INT32: return 4;
        case TensorProto::DOUBLE: case TensorProto::INT64: return 8;
        case TensorProto::BOOL: return 1;
        default: return 0;
    }
}

std::string type_name(int type) {
    return TensorProto::DataType_IsValid(type) ? TensorProto::DataType_Name(TensorProto::DataType(type))
                                               : cat("type ", type);
}

std::string dims_text(const std::vector<std::int64_t>& dims) {
    std::string s = "[";
    for (std::size_t i = 0; i < dims.size(); ++i) s += (i ? ", " : "") + std::to_string(dims[i]);
    return s + "]";
}

// Checks a tensor's claims against its data before anything is decoded.
Constant check_tensor(const TensorProto& t, const std::string& where) {
    if (t.data_location() == TensorProto::EXTERNAL || t.external_data_size() > 0)
        fail(where, ": its data is in an external file; neurite reads ONNX files whose weights are inside them");
    if (t.has_segment()) fail(where, ": segmented tensors are not supported");
    const std::size_t size = element_bytes(t.data_type());
    if (size == 0) fail(where, ": element type ", type_name(t.data_type()), " is not supported (float weights)");
    Constant c{&t, {}, 1};
    for (const std::int64_t d : t.dims()) {
        if (d < 0) fail(where, ": dimension ", d, " is negative");
        c.dims.push_back(d);
        if (d != 0 && c.count > kMaxElements / std::uint64_t(d))
            fail(where, ": its dimensions ", dims_text(c.dims), "… claim more than ", kMaxElements, " elements");
        c.count *= std::uint64_t(d);
    }
    if (c.count > kMaxElements)
        fail(where, ": its dimensions ", dims_text(c.dims), " claim ", c.count, " elements; at most ", kMaxElements);
    std::uint64_t have = 0;
    const bool typed = t.float_data_size() + t.double_data_size() + t.int64_data_size() + t.int32_data_size() > 0;
    if (t.has_raw_data() && typed) fail(where, ": it holds its values twice (raw_data and a typed field)");
    if (t.has_raw_data()) {
        have = t.raw_data().size() / size;
        if (t.raw_data().size() != c.count * size)
            fail(where, ": its dimensions ", dims_text(c.dims), " claim ", c.count * size, " bytes but it holds ",
                 t.raw_data().size());
        return c;
    }
    switch (t.data_type()) {
        case TensorProto::FLOAT: have = std::uint64_t(t.float_data_size()); break;
        case TensorProto::DOUBLE: have = std::uint64_t(t.double_data_size()); break;
        case TensorProto::INT64: have = std::uint64_t(t.int64_data_size()); break;
        default: have = std::uint64_t(t.int32_data_size()); break;  // INT32, BOOL
    }
    if (have != c.count)
        fail(where, ": its dimensions ", dims_text(c.dims), " claim ", c.count, " values but it holds ", have);
    return c;
}

// A float attribute as the double with the shortest decimal form that reads
// back as the same float: an alpha of 0.1f becomes 0.1, not 0.100000001.
double shortest(float f) {
    char text[32];
    const auto end = std::to_chars(text, text + sizeof text, f).ptr;
    double d = f;
    std::from_chars(text, end, d);
    return d;
}

template <typename T>
T raw_at(const std::string& raw, std::uint64_t i) {
    T v;
    std::memcpy(&v, raw.data() + i * sizeof(T), sizeof(T));  // little-endian, as ONNX stores them
    return v;
}

// A checked tensor's values as doubles (float and double tensors only).
std::vector<double> numbers(const Constant& c, const std::string& where) {
    const TensorProto& t = *c.proto;
    std::vector<double> out(c.count);
    const bool raw = t.has_raw_data();
    switch (t.data_type()) {
        case TensorProto::FLOAT:
            for (std::uint64_t i = 0; i < c.count; ++i)
                out[i] = raw ? raw_at<float>(t.raw_data(), i) : t.float_data(int(i));
            break;
        case TensorProto::DOUBLE:
            for (std::uint64_t i = 0; i < c.count; ++i)
                out[i] = raw ? raw_at<double>(t.raw_data(), i) : t.double_data(int(i));
            break;
        default: fail(where, ": ", type_name(t.data_type()), " values where float weights are expected");
    }
    for (std::uint64_t i = 0; i < c.count; ++i)
        if (!std::isfinite(out[i])) fail(where, ": value ", i, " is ", out[i], "; weights must be finite");
    return out;
}

// A checked tensor's values as integers (int64 and int32 tensors only).
std::vector<std::int64_t> integers(const Constant& c, const std::string& where) {
    const TensorProto& t = *c.proto;
    std::vector<std::int64_t> out(c.count);
    const bool raw = t.has_raw_data();
    switch (t.data_type()) {
        case TensorProto::INT64:
            for (std::uint64_t i = 0; i < c.count; ++i)
                out[i] = raw ? raw_at<std::int64_t>(t.raw_data(), i) : t.int64_data(int(i));
            break;
        case TensorProto::INT32: case TensorProto::BOOL:
            for (std::uint64_t i = 0; i < c.count; ++i)
                out[i] = raw ? (t.data_type() == TensorProto::BOOL ? raw_at<std::uint8_t>(t.raw_data(), i)
                                                                   : raw_at<std::int32_t>(t.raw_data(), i))
                             : t.int32_data(int(i));
            break;
        default: fail(where, ": ", type_name(t.data_type()), " values where integers are expected");
    }
    return out;
}


class Importer {
public:
    Importer(const onnx::ModelProto& model, std::string source) : m_(model), source_(std::move(source)) {}

    ModelSpec run();

private:
    const onnx::ModelProto& m_;
    std::string source_;
    std::map<std::string, Constant> constants_;
    std::set<std::string> consumed_;  // every value some node takes, and the graph's outputs
    std::vector<TensorProto> made_;  // the tensors of Constant nodes (reserved: pointers stay valid)
    ModelSpec spec_;

    // The chain: the value the next node must take, its shape after the
    // batch dimension, and whether it is a comparison's boolean result.
    std::string head_;
    std::vector<std::int64_t> dims_;
    std::optional<Activation> compared_;  // step or step_strict, awaiting its Cast
    // The element-wise map x ↦ s·x + t in front of the first layer: one
    // value for every column until a constant with one per column comes
    // (so nothing is allocated from the input's claimed width alone).
    std::vector<double> s_{1.0}, t_{0.0};
    // True while the last layer is a dense product nothing has followed but
    // element-wise affine maps: its weights and bias may still absorb them,
    // and an activation may fuse into it.
    bool open_dense_ = false;

    std::size_t width() const {
        std::size_t w = 1;
        for (const auto d : dims_) w *= std::size_t(d);
        return w;
    }

    std::string node_name(int i) const {
        const auto& n = m_.graph().node(i);
        return n.name().empty() ? cat("node ", i, " (", n.op_type(), ")")
                                : cat("node ", i, " '", n.name(), "' (", n.op_type(), ")");
    }
    [[noreturn]] void refuse(int i, const std::string& why) const { fail(source_, ": ", node_name(i), ": ", why); }

    // Node i's attribute `name` of the given type, or nullptr when absent; an
    // attribute of another type is an Error.
    const onnx::AttributeProto* attribute(int i, const std::string& name, onnx::AttributeProto::AttributeType type) const {
        for (const auto& a : m_.graph().node(i).attribute()) {
            if (a.name() != name) continue;
            if (a.type() != type) refuse(i, cat("attribute ", name, " is not ", type == onnx::AttributeProto::INT ? "an integer" : "a float"));
            return &a;
        }
        return nullptr;
    }
    std::int64_t int_attribute(int i, const std::string& name, std::int64_t fallback) const {
        const auto* a = attribute(i, name, onnx::AttributeProto::INT);
        return a ? a->i() : fallback;
    }
    double float_attribute(int i, const std::string& name, double fallback) const {
        const auto* a = attribute(i, name, onnx::AttributeProto::FLOAT);
        if (a && !std::isfinite(a->f())) refuse(i, cat("attribute ", name, " is ", a->f()));
        return a ? shortest(a->f()) : fallback;
    }

    void read_input();
    void read_constants();
    std::vector<int> topological_order();
    void apply(int i);
    const Constant& constant_input(int i, int k);
    bool is_constant(const std::string& v) const { return constants_.count(v) > 0; }

    void dense(int i, const std::vector<double>& w, bool transposed, double alpha, const Constant* c, double beta);
    void affine(int i, const std::string& op);
    void activation(int i, Activation a, double alpha);
    void read_metadata();
};

void Importer::read_input() {
    const auto& g = m_.graph();
    std::set<std::string> initializers;
    for (const auto& t : g.initializer()) initializers.insert(t.name());
    const onnx::ValueInfoProto* input = nullptr;
    for (const auto& v : g.input()) {
        if (initializers.count(v.name())) continue;  // older files list their weights as inputs too
        if (input) fail(source_, ": the graph has two inputs ('", input->name(), "' and '", v.name(),
                        "'); neurite imports networks with one input");
        input = &v;
    }
    if (!input) fail(source_, ": the graph has no input");
    if (!input->type().has_tensor_type()) fail(source_, ": input '", input->name(), "' is not a tensor");
    const auto& tt = input->type().tensor_type();
    if (tt.elem_type() != TensorProto::FLOAT)
        fail(source_, ": input '", input->name(), "' holds ", type_name(tt.elem_type()), "; neurite reads float inputs");
    if (!tt.has_shape() || tt.shape().dim_size() < 2)
        fail(source_, ": input '", input->name(), "' must have a batch dimension and at least one more");
    std::uint64_t count = 1;
    for (int d = 1; d < tt.shape().dim_size(); ++d) {
        const auto& dim = tt.shape().dim(d);
        if (!dim.has_dim_value() || dim.dim_value() <= 0)
            fail(source_, ": input '", input->name(), "' dimension ", d, " has no fixed size; neurite needs the width of a row");
        dims_.push_back(dim.dim_value());
        if (count > kMaxElements / std::uint64_t(dim.dim_value()))
            fail(source_, ": input '", input->name(), "' claims more than ", kMaxElements, " values per row");
        count *= std::uint64_t(dim.dim_value());
    }
    head_ = input->name();
    spec_.input = width();
}

void Importer::read_constants() {
    const auto& g = m_.graph();
    for (int i = 0; i < g.initializer_size(); ++i) {
        const auto& t = g.initializer(i);
        if (t.name().empty()) fail(source_, ": initializer ", i, " has no name");
        if (!constants_.emplace(t.name(), check_tensor(t, cat(source_, ": initializer '", t.name(), "'"))).second)
            fail(source_, ": initializer '", t.name(), "' is defined twice");
    }
    if (g.sparse_initializer_size() > 0) fail(source_, ": sparse initializers are not supported");
    made_.reserve(std::size_t(g.node_size()));
    for (int i = 0; i < g.node_size(); ++i) {
        const auto& n = g.node(i);
        if (n.op_type() != "Constant" || !(n.domain().empty() || n.domain() == "ai.onnx")) continue;
        if (n.output_size() != 1 || n.attribute_size() != 1) refuse(i, "a Constant node has one output and one value");
        const auto& a = n.attribute(0);
        TensorProto t;
        if (a.name() == "value" && a.has_t()) {
            t = a.t();
        } else if (a.name() == "value_float") {
            t.set_data_type(TensorProto::FLOAT);
            t.add_float_data(a.f());
        } else if (a.name() == "value_floats") {
            t.set_data_type(TensorProto::FLOAT);
            t.add_dims(a.floats_size());
            for (const float f : a.floats()) t.add_float_data(f);
        } else if (a.name() == "value_int") {
            t.set_data_type(TensorProto::INT64);
            t.add_int64_data(a.i());
        } else if (a.name() == "value_ints") {
            t.set_data_type(TensorProto::INT64);
            t.add_dims(a.ints_size());
            for (const auto v : a.ints()) t.add_int64_data(v);
        } else {
            refuse(i, cat("a Constant given as '", a.name(), "' is not supported"));
        }
        made_.push_back(std::move(t));
        const std::string& out = n.output(0);
        if (!constants_.emplace(out, check_tensor(made_.back(), cat(source_, ": ", node_name(i)))).second)
            refuse(i, cat("value '", out, "' is defined twice"));
    }
}

// The nodes other than Constant, in an order where each comes after the
// nodes whose outputs it takes (Kahn's algorithm); a cycle is an Error.
std::vector<int> Importer::topological_order() {
    const auto& g = m_.graph();
    std::map<std::string, int> producer;
    std::vector<int> nodes;
    for (int i = 0; i < g.node_size(); ++i) {
        const auto& n = g.node(i);
        if (n.op_type() == "Constant" && (n.domain().empty() || n.domain() == "ai.onnx")) continue;
        nodes.push_back(i);
        for (const auto& out : n.output()) {
            if (out.empty()) continue;
            if (out == head_ || is_constant(out) || !producer.emplace(out, i).second)
                refuse(i, cat("value '", out, "' is defined twice"));
        }
    }
    std::map<int, std::vector<int>> users;
    std::map<int, int> waiting;
    for (const int i : nodes) {
        int deps = 0;
        for (const auto& in : g.node(i).input()) {
            if (in.empty() || in == head_ || is_constant(in)) continue;
            const auto p = producer.find(in);
            if (p == producer.end()) refuse(i, cat("input '", in, "' is not made by any node, initializer or graph input"));
            users[p->second].push_back(i);
            ++deps;
        }
        waiting[i] = deps;
    }
    std::vector<int> order;
    std::priority_queue<int, std::vector<int>, std::greater<>> ready;  // file order among the ready ones
    for (const int i : nodes)
        if (waiting[i] == 0) ready.push(i);
    while (!ready.empty()) {
        const int i = ready.top();
        ready.pop();
        order.push_back(i);
        for (const int u : users[i])
            if (--waiting[u] == 0) ready.push(u);
    }
    if (order.size() != nodes.size()) {
        for (const int i : nodes)
            if (waiting[i] > 0) refuse(i, "the graph has a cycle through this node");
    }
    return order;
}

const Constant& Importer::constant_input(int i, int k) {
    const auto& n = m_.graph().node(i);
    if (k >= n.input_size() || n.input(k).empty()) refuse(i, cat("input ", k, " is missing"));
    const auto c = constants_.find(n.input(k));
    if (c == constants_.end())
        refuse(i, cat("input ", k, " ('", n.input(k), "') must be a constant (an initializer or a Constant node)"));
    return c->second;
}

// A dense layer y = x·W' + b' with W' = alpha·W (W [inputs, units], or
// [units, inputs] when transposed) and b' = beta·c broadcast over units.
void Importer::dense(int i, const std::vector<double>& w, bool transposed, double alpha, const Constant* c,
                     double beta) {
    if (dims_.size() != 1) refuse(i, cat("its input has shape [batch, ", dims_text(dims_).substr(1),
                                         "; add a Flatten in front so that each example is a row"));
    const std::size_t inputs = width();
    const Constant& wc = constant_input(i, 1);
    if (wc.dims.size() != 2) refuse(i, cat("its weights have shape ", dims_text(wc.dims), "; a matrix is expected"));
    const auto k = std::size_t(wc.dims[transposed ? 1 : 0]), units = std::size_t(wc.dims[transposed ? 0 : 1]);
    if (k != inputs)
        refuse(i, cat("its weights ", dims_text(wc.dims), (transposed ? " (transposed)" : ""), " take ", k,
                      " inputs but the value before it has ", inputs, "; the dimensions do not chain"));
    if (units == 0) refuse(i, "its weights have no units");
    LayerSpec l;
    l.type = "dense";
    l.units = units;
    l.weights.emplace(inputs * units);
    for (std::size_t u = 0; u < units; ++u)
        for (std::size_t in = 0; in < inputs; ++in)
            (*l.weights)[u * inputs + in] = alpha * w[transposed ? u * inputs + in : in * units + u];
    l.bias.emplace(units, 0.0);
    if (c) {
        const bool fits = c->count == 1 || (c->count == units && c->dims.size() >= 1 && std::size_t(c->dims.back()) == units);
        if (!fits || c->dims.size() > 2 || (c->dims.size() == 2 && c->dims[0] != 1))
            refuse(i, cat("its bias has shape ", dims_text(c->dims), "; [", units, "] or [1, ", units, "] is expected"));
        const std::vector<double> b = numbers(*c, cat(source_, ": ", node_name(i), ": bias"));
        for (std::size_t u = 0; u < units; ++u) (*l.bias)[u] = beta * b[c->count == 1 ? 0 : u];
    }
    spec_.layers.push_back(std::move(l));
    dims_ = {std::int64_t(units)};
    open_dense_ = true;
}

// x − c, c − x, x + c, x · c, x / c with a constant c broadcast over a row:
// folded into the last dense layer, or into the preprocessing in front.
void Importer::affine(int i, const std::string& op) {
    const auto& n = m_.graph().node(i);
    if (n.input_size() != 2) refuse(i, "takes two inputs");
    const bool head_first = n.input(0) == head_;
    const Constant& c = constant_input(i, head_first ? 1 : 0);
    const std::size_t w = width();
    // The constant must broadcast over the rows: one value, or one per column.
    bool fits = c.count == 1;
    if (!fits && dims_.size() == 1 && c.count == w && !c.dims.empty() && std::size_t(c.dims.back()) == w) {
        fits = true;
        for (std::size_t d = 0; d + 1 < c.dims.size(); ++d) fits = fits && c.dims[d] == 1;
    }
    if (!fits) refuse(i, cat("its constant has shape ", dims_text(c.dims), "; neurite takes one value or one per column (",
                             w, ") here"));
    const std::vector<double> v = numbers(c, cat(source_, ": ", node_name(i), ": constant"));
    const auto at = [&](std::size_t j) { return v[c.count == 1 ? 0 : j]; };
    if (!head_first && op == "Div") refuse(i, "divides by the data, which is not a linear map");
    // The map as x ↦ a·x + b: one value for every column, or one per column.
    const std::size_t n_cols = c.count == 1 ? 1 : w;
    std::vector<double> a(n_cols, 1.0), b(n_cols, 0.0);
    for (std::size_t j = 0; j < n_cols; ++j) {
        if (op == "Add") b[j] = at(j);
        else if (op == "Sub" && head_first) b[j] = -at(j);
        else if (op == "Sub") { a[j] = -1; b[j] = at(j); }
        else if (op == "Mul") a[j] = at(j);
        else a[j] = 1.0 / at(j);
        if (!std::isfinite(a[j]) || a[j] == 0) refuse(i, cat("scales column ", j, " by ", a[j]));
    }
    const auto col = [](const std::vector<double>& values, std::size_t j) { return values[values.size() == 1 ? 0 : j]; };
    if (open_dense_) {
        LayerSpec& l = spec_.layers.back();
        const std::size_t inputs = l.weights->size() / l.units;
        for (std::size_t u = 0; u < l.units; ++u) {
            for (std::size_t in = 0; in < inputs; ++in) (*l.weights)[u * inputs + in] *= col(a, u);
            (*l.bias)[u] = col(a, u) * (*l.bias)[u] + col(b, u);
        }
        return;
    }
    if (!spec_.layers.empty())
        refuse(i, cat(op, " after an activation: neurite's layers are an affine map followed by an activation"));
    if (compared_) refuse(i, "takes a comparison's result");
    if (n_cols > s_.size()) {
        s_.resize(n_cols, s_[0]);
        t_.resize(n_cols, t_[0]);
    }
    for (std::size_t j = 0; j < s_.size(); ++j) {
        s_[j] *= col(a, j);
        t_[j] = col(a, j) * t_[j] + col(b, j);
    }
}

void Importer::activation(int i, Activation a, double alpha) {
    if (compared_) refuse(i, "takes a comparison's result; neurite reads comparisons only as the step function");
    if (!is_elementwise(a) && dims_.size() != 1)
        refuse(i, cat("its input has shape [batch, ", dims_text(dims_).substr(1), "; neurite applies ",
                      to_string(a), " to rows"));
    if (open_dense_ && spec_.layers.back().activation == Activation::identity) {
        spec_.layers.back().activation = a;
        spec_.layers.back().alpha = takes_alpha(a) ? alpha : -1.0;
    } else {
        LayerSpec l;
        l.type = "activation";
        l.activation = a;
        l.alpha = takes_alpha(a) ? alpha : -1.0;
        spec_.layers.push_back(std::move(l));
    }
    open_dense_ = false;
}

void Importer::apply(int i) {
    const auto& n = m_.graph().node(i);
    const std::string& op = n.op_type();
    if (!(n.domain().empty() || n.domain() == "ai.onnx"))
        refuse(i, cat("operator domain '", n.domain(), "' is not the standard one; neurite imports fully connected "
                      "networks"));
    // Every node takes the chain's current value and constants.
    int takes_head = 0;
    for (const auto& in : n.input()) {
        if (in == head_) ++takes_head;
        else if (!in.empty() && !is_constant(in))
            refuse(i, cat("takes '", in, "', which is not the value before it; neurite imports chains of layers, "
                          "without branches"));
    }
    if (takes_head == 0) {
        if (op == "Identity" && n.input_size() == 1 && !n.input(0).empty() && n.output_size() == 1 &&
            !n.output(0).empty()) {  // a constant under a new name
            constants_.emplace(n.output(0), constants_.at(n.input(0)));
            return;
        }
        refuse(i, cat("does not take the value before it ('", head_, "')"));
    }
    if (takes_head > 1) refuse(i, "takes the data twice");
    if (n.output_size() < 1 || n.output(0).empty()) refuse(i, "has no output");
    const std::string out = n.output(0);
    for (int k = 1; k < n.output_size(); ++k)
        if (!n.output(k).empty() && op != "Dropout") refuse(i, "has more than one output");

    if (op == "Gemm") {
        if (n.input(0) != head_) refuse(i, "takes the data as its second input; neurite reads Gemm(data, weights, bias)");
        if (int_attribute(i, "transA", 0) != 0) refuse(i, "transA = 1 would multiply across the examples of a batch");
        const bool transposed = int_attribute(i, "transB", 0) != 0;
        const double alpha = float_attribute(i, "alpha", 1.0), beta = float_attribute(i, "beta", 1.0);
        const Constant& w = constant_input(i, 1);
        const Constant* c = n.input_size() > 2 && !n.input(2).empty() ? &constant_input(i, 2) : nullptr;
        dense(i, numbers(w, cat(source_, ": ", node_name(i), ": weights")), transposed, alpha, c, beta);
    } else if (op == "MatMul") {
        if (n.input(0) != head_) refuse(i, "takes the data as its second input; neurite reads MatMul(data, weights)");
        dense(i, numbers(constant_input(i, 1), cat(source_, ": ", node_name(i), ": weights")), false, 1.0, nullptr, 1.0);
    } else if (op == "Add" || op == "Sub" || op == "Mul" || op == "Div") {
        affine(i, op);
    } else if (op == "Relu") {
        activation(i, Activation::relu, 0);
    } else if (op == "Sigmoid") {
        activation(i, Activation::sigmoid, 0);
    } else if (op == "Tanh") {
        activation(i, Activation::tanh, 0);
    } else if (op == "LeakyRelu") {
        activation(i, Activation::leaky_relu, float_attribute(i, "alpha", 0.01));
    } else if (op == "Elu") {
        activation(i, Activation::elu, float_attribute(i, "alpha", 1.0));
    } else if (op == "Softmax" || op == "LogSoftmax") {
        const std::int64_t axis = int_attribute(i, "axis", 1);  // for a row, the default of every opset
        if (axis != 1 && axis != -1) refuse(i, cat("axis ", axis, "; neurite's ", op, " runs over each row (axis 1)"));
        activation(i, op == "Softmax" ? Activation::softmax : Activation::log_softmax, 0);
    } else if (op == "Greater" || op == "GreaterOrEqual") {
        if (n.input(0) != head_) refuse(i, "compares a constant with the data; neurite reads x > 0 as a step");
        const Constant& zero = constant_input(i, 1);
        if (zero.count != 1 || numbers(zero, cat(source_, ": ", node_name(i)))[0] != 0.0)
            refuse(i, "compares with something other than 0; neurite reads x ≥ 0 and x > 0 as step functions");
        if (compared_) refuse(i, "compares a comparison's result");
        compared_ = op == "GreaterOrEqual" ? Activation::step : Activation::step_strict;
    } else if (op == "Cast") {
        if (int_attribute(i, "to", TensorProto::UNDEFINED) != TensorProto::FLOAT) refuse(i, "casts to a type other than float");
        if (compared_) {
            const Activation step = *compared_;
            compared_.reset();
            activation(i, step, 0);
        }
    } else if (op == "Identity") {
    } else if (op == "Dropout") {
        // Kept as a dropout layer (it passes its input through at inference):
        // its rate is the ratio input (opset 12 on) or attribute, else 0.5.
        double rate = float_attribute(i, "ratio", 0.5);
        if (n.input_size() > 1 && !n.input(1).empty()) {
            const Constant& r = constant_input(i, 1);
            if (r.count != 1) refuse(i, "its ratio is not one number");
            rate = numbers(r, cat(source_, ": ", node_name(i), ": ratio"))[0];
            if (r.proto->data_type() == TensorProto::FLOAT) rate = shortest(float(rate));
        }
        if (!(rate >= 0 && rate < 1)) refuse(i, cat("its ratio ", rate, " is outside [0, 1)"));
        LayerSpec l;
        l.type = "dropout";
        l.rate = rate;
        spec_.layers.push_back(std::move(l));
        open_dense_ = false;
        if (n.input_size() > 2 && !n.input(2).empty()) {
            const auto mode = integers(constant_input(i, 2), cat(source_, ": ", node_name(i), ": training_mode"));
            if (mode.size() != 1 || mode[0] != 0) refuse(i, "is in training mode; neurite imports networks for inference");
        }
        if (n.output_size() > 1 && !n.output(1).empty() && consumed_.count(n.output(1)))
            refuse(i, "its mask is used; neurite's dropout has no mask output");
    } else if (op == "Flatten") {
        const std::int64_t axis = int_attribute(i, "axis", 1);
        if (axis != 1) refuse(i, cat("axis ", axis, "; neurite flattens each example into a row (axis 1)"));
        dims_ = {std::int64_t(width())};
    } else if (op == "Reshape") {
        const auto shape = integers(constant_input(i, 1), cat(source_, ": ", node_name(i), ": shape"));
        const bool zero_copies = int_attribute(i, "allowzero", 0) == 0;
        const auto w = std::int64_t(width());
        const bool batch_kept = shape.size() == 2 && ((shape[0] == 0 && zero_copies) || shape[0] == -1);
        const bool row = batch_kept && (shape[1] == w || (shape[1] == -1 && shape[0] == 0 && zero_copies));
        if (!row) refuse(i, cat("reshapes to ", dims_text(shape), "; neurite imports reshapes to one row of ", w,
                                " per example ([-1, ", w, "] or [0, -1])"));
        dims_ = {w};
    } else {
        refuse(i, "neurite imports fully connected networks (Gemm, MatMul, Add, Sub, Mul, Div, Relu, Sigmoid, Tanh, "
                  "LeakyRelu, Elu, Softmax, LogSoftmax, Flatten, Reshape, Dropout, Identity, Constant)");
    }
    head_ = out;
}

void Importer::read_metadata() {
    for (const auto& p : m_.metadata_props()) {
        if (p.key() != "class_names") continue;
        std::string name;
        for (const char ch : p.value() + "\n") {
            if (ch != '\n') { name += ch; continue; }
            spec_.class_names.push_back(name);
            name.clear();
        }
    }
}

ModelSpec Importer::run() {
    if (!m_.has_graph()) fail(source_, ": the file has no graph");
    const auto& g = m_.graph();
    for (const auto& f : m_.functions()) fail(source_, ": the file defines function '", f.name(), "'; neurite imports plain graphs");
    bool standard_ops = false;
    for (const auto& o : m_.opset_import()) standard_ops = standard_ops || o.domain().empty() || o.domain() == "ai.onnx";
    if (!standard_ops) fail(source_, ": the file names no version of the standard operators (opset_import)");
    read_input();
    read_constants();
    for (const auto& n : g.node()) consumed_.insert(n.input().begin(), n.input().end());
    for (const auto& o : g.output()) consumed_.insert(o.name());
    for (const int i : topological_order()) apply(i);
    if (compared_) fail(source_, ": the graph ends in a comparison; neurite reads a comparison followed by a Cast to float as a step");
    if (g.output_size() != 1) fail(source_, ": the graph has ", g.output_size(), " outputs; neurite imports networks with one");
    if (g.output(0).name() != head_)
        fail(source_, ": the graph's output '", g.output(0).name(), "' is not the end of the chain of layers ('", head_, "')");
    if (dims_.size() != 1)
        fail(source_, ": the output has shape [batch, ", dims_text(dims_).substr(1), "; neurite's outputs are rows");
    // (The first dense layer's weights, which the file holds, also bound the
    // input's width, and so the size of the scaling made below.)
    if (std::none_of(spec_.layers.begin(), spec_.layers.end(), [](const LayerSpec& l) { return l.type == "dense"; }))
        fail(source_, ": the graph has no fully connected layer (Gemm or MatMul)");
    // The preprocessing y = (x − offset)·scale is x ↦ s·x + t with
    // scale = s and offset = −t/s.
    bool scaled = false;
    for (std::size_t j = 0; j < s_.size(); ++j) scaled = scaled || s_[j] != 1.0 || t_[j] != 0.0;
    if (scaled) {
        Preprocessing p;
        p.kind = ScalingKind::scale;  // a fixed map; neurite's own files name their kind
        for (const auto& m : m_.metadata_props())
            if (m.key() == "preprocessing") try {
                p.kind = parse_scaling(m.value());
            } catch (const Error& e) {
                fail(source_, ": metadata \"preprocessing\": ", e.what());
            }
        for (std::size_t j = 0; j < spec_.input; ++j) {
            const double sj = s_[s_.size() == 1 ? 0 : j], tj = t_[t_.size() == 1 ? 0 : j];
            p.scale.push_back(float(sj));
            p.offset.push_back(float(-tj / sj));
            if (!std::isfinite(p.scale.back()) || !std::isfinite(p.offset.back()) || p.scale.back() == 0)
                fail(source_, ": the input scaling of column ", j, " (x·", sj, " + ", tj, ") is out of float's range");
        }
        spec_.preprocessing = std::move(p);
    }
    read_metadata();
    const std::size_t classes = width() == 1 ? 2 : width();
    if (spec_.class_names.size() != classes) spec_.class_names.clear();  // not names of this model's classes
    return std::move(spec_);
}

}  // namespace

ModelSpec onnx_model_spec(std::span<const std::uint8_t> bytes, const std::string& source) {
    if (bytes.empty()) fail(source, ": the file is empty; not an ONNX model");
    if (bytes.size() > std::size_t(INT_MAX)) fail(source, ": over 2 GB; neurite reads ONNX files whose weights are inside them");
    onnx::ModelProto model;
    if (!model.ParseFromArray(bytes.data(), int(bytes.size())))
        fail(source, ": not a valid ONNX file (the protobuf message cannot be read: cut short or not ONNX)");
    return Importer(model, source).run();
}

#endif

}  // namespace neurite::cli
