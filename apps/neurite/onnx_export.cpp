#include "onnx_export.hpp"

#include <cstring>
#include <exception>
#include <vector>

#include "neurite/core/error.hpp"
#include "neurite/io/model_spec.hpp"
#include "neurite/version.hpp"

#ifdef NEURITE_HAVE_ONNX
#include <onnx/checker.h>
#include <onnx/defs/schema.h>
#include <onnx/onnx_pb.h>
#include <onnx/shape_inference/implementation.h>
#endif

namespace neurite::cli {

#ifndef NEURITE_HAVE_ONNX

void require_onnx() {
    fail("this neurite was built without ONNX (scripts/setup.sh installs libonnx-dev and libprotobuf-dev; then "
         "rebuild)");
}

std::string onnx_model_bytes(const LoadedModel&, const std::string&) {
    require_onnx();
    return {};
}

#else

void require_onnx() {}

namespace {

constexpr int kIrVersion = 8;
constexpr int kOpset = 17;

// One graph under construction: names for the values it makes, tensors as
// initializers, nodes in order.
class GraphWriter {
public:
    explicit GraphWriter(onnx::GraphProto& graph) : g_(graph) {}

    std::string fresh(const std::string& stem) { return stem + "_" + std::to_string(count_++); }

    // A float tensor initializer of the given dims.
    std::string tensor(const std::string& name, const std::vector<std::int64_t>& dims, const std::vector<float>& values) {
        auto* t = g_.add_initializer();
        t->set_name(name);
        t->set_data_type(onnx::TensorProto::FLOAT);
        for (const auto d : dims) t->add_dims(d);
        std::string raw(values.size() * sizeof(float), '\0');  // little-endian, as x86 and ONNX are
        if (!values.empty()) std::memcpy(raw.data(), values.data(), raw.size());
        t->set_raw_data(raw);
        return name;
    }

    onnx::NodeProto& node(const std::string& op, const std::vector<std::string>& inputs, const std::string& output) {
        auto* n = g_.add_node();
        n->set_op_type(op);
        n->set_name(output);
        for (const auto& i : inputs) n->add_input(i);
        n->add_output(output);
        return *n;
    }

    static void attribute(onnx::NodeProto& n, const std::string& name, std::int64_t value) {
        auto* a = n.add_attribute();
        a->set_name(name);
        a->set_type(onnx::AttributeProto::INT);
        a->set_i(value);
    }
    static void attribute(onnx::NodeProto& n, const std::string& name, float value) {
        auto* a = n.add_attribute();
        a->set_name(name);
        a->set_type(onnx::AttributeProto::FLOAT);
        a->set_f(value);
    }

    void io(bool input, const std::string& name, std::size_t width) {
        auto* v = input ? g_.add_input() : g_.add_output();
        v->set_name(name);
        auto* t = v->mutable_type()->mutable_tensor_type();
        t->set_elem_type(onnx::TensorProto::FLOAT);
        t->mutable_shape()->add_dim()->set_dim_param("batch");
        t->mutable_shape()->add_dim()->set_dim_value(static_cast<std::int64_t>(width));
    }

private:
    onnx::GraphProto& g_;
    std::size_t count_ = 0;
};

// The nodes of one activation after value `x`; returns the value they make.
std::string activation(GraphWriter& w, Activation act, double given_alpha, const std::string& x, const std::string& where) {
    const double alpha = given_alpha < 0 ? default_alpha(act) : given_alpha;
    switch (act) {
        case Activation::identity: return x;
        case Activation::relu: return w.node("Relu", {x}, w.fresh("relu")).output(0);
        case Activation::sigmoid: return w.node("Sigmoid", {x}, w.fresh("sigmoid")).output(0);
        case Activation::tanh: return w.node("Tanh", {x}, w.fresh("tanh")).output(0);
        case Activation::leaky_relu: {
            auto& n = w.node("LeakyRelu", {x}, w.fresh("leaky_relu"));
            GraphWriter::attribute(n, "alpha", static_cast<float>(alpha));
            return n.output(0);
        }
        case Activation::elu: {
            auto& n = w.node("Elu", {x}, w.fresh("elu"));
            GraphWriter::attribute(n, "alpha", static_cast<float>(alpha));
            return n.output(0);
        }
        case Activation::softmax:
        case Activation::log_softmax: {
            const bool log = act == Activation::log_softmax;
            auto& n = w.node(log ? "LogSoftmax" : "Softmax", {x}, w.fresh(log ? "log_softmax" : "softmax"));
            GraphWriter::attribute(n, "axis", std::int64_t{1});
            return n.output(0);
        }
        case Activation::step:
        case Activation::step_strict: {
            // f(s) = 1 when s ≥ 0 (step) or s > 0 (step_strict), else 0.
            const std::string zero = w.tensor(w.fresh("zero"), {}, {0.0f});
            const std::string cmp =
                w.node(act == Activation::step ? "GreaterOrEqual" : "Greater", {x, zero}, w.fresh("fires")).output(0);
            auto& n = w.node("Cast", {cmp}, w.fresh("step"));
            GraphWriter::attribute(n, "to", std::int64_t{onnx::TensorProto::FLOAT});
            return n.output(0);
        }
    }
    fail(where, ": activation ", to_string(act), " has no ONNX form");
}

}  // namespace

std::string onnx_model_bytes(const LoadedModel& model, const std::string& source) {
    const ModelSpec spec = spec_of(model.net, true);
    onnx::ModelProto m;
    m.set_ir_version(kIrVersion);
    m.set_producer_name("neurite");
    m.set_producer_version(version());
    m.set_model_version(1);
    auto* opset = m.add_opset_import();
    opset->set_domain("");
    opset->set_version(kOpset);
    onnx::GraphProto& g = *m.mutable_graph();
    g.set_name("neurite");
    g.set_doc_string("exported by neurite " + std::string(version()) + " from " + source);
    GraphWriter w(g);
    w.io(true, "input", spec.input);

    std::string x = "input";
    const Preprocessing& pre = model.preprocessing;
    if (!pre.empty()) {
        // y = (x − offset) · scale, per input.
        const auto n = static_cast<std::int64_t>(spec.input);
        const std::string offset = w.tensor("preprocessing.offset", {n}, pre.offset);
        const std::string scale = w.tensor("preprocessing.scale", {n}, pre.scale);
        x = w.node("Sub", {x, offset}, "centered").output(0);
        x = w.node("Mul", {x, scale}, "scaled").output(0);
    }
    std::size_t width = spec.input;
    bool ends_in_softmax = false;
    for (std::size_t i = 0; i < spec.layers.size(); ++i) {
        const LayerSpec& l = spec.layers[i];
        const std::string where = cat(source, ": layer ", i, " (", l.type, ")");
        ends_in_softmax = false;
        if (l.type == "dense") {
            if (!l.weights || !l.bias) fail(where, ": no weights to export");
            std::vector<float> wts(l.weights->begin(), l.weights->end());  // [units, inputs], neuron-major
            std::vector<float> bias(l.bias->begin(), l.bias->end());
            const auto units = static_cast<std::int64_t>(l.units), inputs = static_cast<std::int64_t>(width);
            const std::string wn = w.tensor(cat("layers.", i, ".weight"), {units, inputs}, wts);
            const std::string bn = w.tensor(cat("layers.", i, ".bias"), {units}, bias);
            auto& gemm = w.node("Gemm", {x, wn, bn}, cat("layers.", i, ".dense"));
            GraphWriter::attribute(gemm, "transB", std::int64_t{1});
            x = activation(w, l.activation, l.alpha, gemm.output(0), where);
            width = l.units;
            ends_in_softmax = !is_elementwise(l.activation);
        } else if (l.type == "activation") {
            x = activation(w, l.activation, l.alpha, x, where);
            ends_in_softmax = !is_elementwise(l.activation);
        } else if (l.type == "dropout") {
            // Inference: a Dropout node passes its input through; it keeps
            // the layer (and its rate) for whoever reads the file back.
            const std::string ratio = w.tensor(cat("layers.", i, ".ratio"), {}, {static_cast<float>(l.rate)});
            x = w.node("Dropout", {x, ratio}, cat("layers.", i, ".dropout")).output(0);
        } else {
            fail(where, ": layer kind \"", l.type, "\" has no ONNX form");
        }
    }
    // The graph's output is a value of its own name.
    x = w.node("Identity", {x}, "output").output(0);
    w.io(false, x, width);

    const bool classes = !model.class_names.empty() || ends_in_softmax;
    const auto meta = [&m](const std::string& key, const std::string& value) {
        auto* p = m.add_metadata_props();
        p->set_key(key);
        p->set_value(value);
    };
    meta("neurite_version", version());
    meta("task", classes ? "classification" : "regression");
    if (!pre.empty()) meta("preprocessing", std::string(to_string(pre.kind)));
    if (classes) {
        meta("classes", std::to_string(model.class_names.empty() ? (width == 1 ? 2 : width) : model.class_names.size()));
        std::string names;
        for (const auto& n : model.class_names) names += (names.empty() ? "" : "\n") + n;
        if (!names.empty()) meta("class_names", names);
    }

    try {
        onnx::checker::check_model(m);
        onnx::ModelProto inferred = m;
        onnx::shape_inference::InferShapes(inferred, onnx::OpSchemaRegistry::Instance(),
                                           onnx::ShapeInferenceOptions(true, 1, false));
    } catch (const std::exception& e) {
        fail(source, ": the ONNX model does not pass ONNX's checker: ", e.what());
    }
    std::string bytes;
    if (!m.SerializeToString(&bytes)) fail(source, ": could not serialize the ONNX model");
    return bytes;
}

#endif

}  // namespace neurite::cli
