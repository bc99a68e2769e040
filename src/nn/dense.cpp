#include "neurite/nn/dense.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

#include "neurite/core/error.hpp"
#include "neurite/nn/activation_layer.hpp"
#include "neurite/nn/layer_registry.hpp"
#include "neurite/kernels/backend.hpp"
#include "neurite/kernels/bf16.hpp"
#include "neurite/kernels/gemm.hpp"

#include "../kernels/onednn_context.hpp"

namespace neurite {

#ifdef NEURITE_HAVE_ONEDNN
namespace {

// The oneDNN post-op for an element-wise activation; false for those oneDNN
// lacks (step), which are then applied after the product.
bool eltwise_of(Activation a, double alpha, dnnl::algorithm& alg, float& alpha_out) {
    alpha_out = 0.0f;
    switch (a) {
        case Activation::relu: alg = dnnl::algorithm::eltwise_relu; return true;
        case Activation::leaky_relu:
            alg = dnnl::algorithm::eltwise_relu;
            alpha_out = static_cast<float>(alpha);
            return true;
        case Activation::elu:
            alg = dnnl::algorithm::eltwise_elu;
            alpha_out = static_cast<float>(alpha);
            return true;
        case Activation::tanh: alg = dnnl::algorithm::eltwise_tanh; return true;
        case Activation::sigmoid: alg = dnnl::algorithm::eltwise_logistic; return true;
        default: return false;
    }
}

}  // namespace
#endif

// y = f(x·W + b) as one oneDNN matmul primitive with bias and the activation
// as a post-op, created once per batch size (and precision) and reused. In
// bf16 (kernels/backend.hpp) x and W are rounded into scratch buffers first.
template <typename T>
struct Dense<T>::Fused {
#ifdef NEURITE_HAVE_ONEDNN
    std::size_t rows = 0, inputs = 0, units = 0;
    bool bf16 = false;
    bool activation_fused = false;
    dnnl::matmul prim;
    dnnl::memory src, wei, bia, dst;
    std::vector<std::uint16_t> x16, w16;

    void prepare(std::size_t m, std::size_t k, std::size_t n, Activation act, double alpha, bool in_bf16) {
        if (rows == m && inputs == k && units == n && bf16 == in_bf16 && prim) return;
        using tag = dnnl::memory::format_tag;
        using dt = dnnl::memory::data_type;
        const auto M = static_cast<dnnl::memory::dim>(m);
        const auto K = static_cast<dnnl::memory::dim>(k);
        const auto N = static_cast<dnnl::memory::dim>(n);
        const dt operands = in_bf16 ? dt::bf16 : dt::f32;
        dnnl::memory::desc src_md({M, K}, operands, tag::ab);
        dnnl::memory::desc wei_md({K, N}, operands, tag::ab);
        dnnl::memory::desc bia_md({1, N}, dt::f32, tag::ab);
        dnnl::memory::desc dst_md({M, N}, dt::f32, tag::ab);
        dnnl::primitive_attr attr;
        dnnl::algorithm alg{};
        float a = 0.0f;
        activation_fused = eltwise_of(act, alpha, alg, a);
        if (activation_fused) {
            dnnl::post_ops po;
            po.append_eltwise(1.0f, alg, a, 0.0f);
            attr.set_post_ops(po);
        }
        dnnl::matmul::desc desc(src_md, wei_md, bia_md, dst_md);
        dnnl::matmul::primitive_desc pd(desc, attr, onednn_engine());
        prim = dnnl::matmul(pd);
        src = dnnl::memory(src_md, onednn_engine(), DNNL_MEMORY_NONE);
        wei = dnnl::memory(wei_md, onednn_engine(), DNNL_MEMORY_NONE);
        bia = dnnl::memory(bia_md, onednn_engine(), DNNL_MEMORY_NONE);
        dst = dnnl::memory(dst_md, onednn_engine(), DNNL_MEMORY_NONE);
        rows = m;
        inputs = k;
        units = n;
        bf16 = in_bf16;
        if (bf16) {
            x16.resize(m * k);
            w16.resize(k * n);
        }
    }

    void run(const float* x, const float* w, const float* b, float* y) {
        if (bf16) {
            to_bf16(x, rows, inputs, inputs, x16.data());
            to_bf16(w, inputs, units, units, w16.data());
            src.set_data_handle(x16.data());
            wei.set_data_handle(w16.data());
        } else {
            src.set_data_handle(const_cast<float*>(x));
            wei.set_data_handle(const_cast<float*>(w));
        }
        bia.set_data_handle(const_cast<float*>(b));
        dst.set_data_handle(y);
        // The C API takes the arguments as an array, so no map is allocated per call.
        dnnl_exec_arg_t args[4] = {{DNNL_ARG_SRC, src.get()},
                                   {DNNL_ARG_WEIGHTS, wei.get()},
                                   {DNNL_ARG_BIAS, bia.get()},
                                   {DNNL_ARG_DST, dst.get()}};
        const auto st = dnnl_primitive_execute(prim.get(), onednn_stream().get(), 4, args);
        if (st != dnnl_success) fail("oneDNN matmul failed (status ", static_cast<int>(st), ")");
        onednn_stream().wait();
    }
#endif
};

template <typename T>
Dense<T>::Dense(DenseOptions options) : options_(std::move(options)) {
    if (options_.units == 0) fail("dense: units must be at least 1");
    if (!is_elementwise(options_.activation))
        fail("dense: activation ", to_string(options_.activation),
             " cannot be fused into a dense layer; add it as its own layer");
    if (options_.alpha < 0) options_.alpha = default_alpha(options_.activation);
}

template <typename T>
Dense<T>::Dense(std::size_t units, Activation activation) : Dense([&] {
    DenseOptions o;
    o.units = units;
    o.activation = activation;
    return o;
}()) {}

template <typename T>
std::string Dense<T>::describe() const {
    if (options_.activation == Activation::identity) return cat("dense(", options_.units, ")");
    return cat("dense(", options_.units, ", ", to_string(options_.activation), ")");
}

template <typename T>
std::size_t Dense<T>::output_size(std::size_t input_size) const {
    if (input_size == 0) fail("dense: input size must be at least 1");
    return options_.units;
}

template <typename T>
std::size_t Dense<T>::param_count(std::size_t input_size) const {
    return input_size * options_.units + options_.units;
}

template <typename T>
void Dense<T>::bind(std::size_t input_size, std::span<T> params, std::span<T> grads) {
    if (params.size() != param_count(input_size) || grads.size() != param_count(input_size))
        fail("dense: bound buffers have the wrong size");
    this->input_size_ = input_size;
    params_ = params;
    grads_ = grads;
    nonzero_.assign(input_size, 0);
    fused_.reset();
}

template <typename T>
void Dense<T>::init(Rng& rng) {
    Initializer w = options_.weight_init.value_or(Initializer::zeros());
    if (!options_.weight_init) {
        const Activation a = options_.activation;
        const bool relu_like = a == Activation::relu || a == Activation::leaky_relu || a == Activation::elu;
        w = Initializer::of(relu_like ? InitKind::he_uniform : InitKind::xavier_uniform);
    }
    initialize<T>(w, params_.first(this->input_size_ * options_.units), this->input_size_, options_.units,
                  rng);
    initialize<T>(options_.bias_init, bias(), this->input_size_, options_.units, rng);
}

template <typename T>
void Dense<T>::small_forward(MatrixView<const T> x, MatrixView<T> y) {
    const std::size_t in = this->input_size_, out = options_.units;
    const T* w = params_.data();
    const auto b = bias();
    for (std::size_t r = 0; r < x.rows(); ++r) {
        T* __restrict yr = y.row(r).data();
        std::copy(b.begin(), b.end(), yr);
        const T* xr = x.row(r).data();
        // Zero inputs (MNIST's blank pixels) contribute nothing, as the
        // portable GEMM also assumes: list the others, then add four weight
        // rows per pass over y, so y is loaded and stored a quarter as often.
        std::size_t nnz = 0;
        for (std::size_t i = 0; i < in; ++i)
            if (xr[i] != T(0)) nonzero_[nnz++] = static_cast<std::uint32_t>(i);
        std::size_t k = 0;
        for (; k + 4 <= nnz; k += 4) {
            const std::size_t i0 = nonzero_[k], i1 = nonzero_[k + 1], i2 = nonzero_[k + 2], i3 = nonzero_[k + 3];
            const T x0 = xr[i0], x1 = xr[i1], x2 = xr[i2], x3 = xr[i3];
            const T* __restrict w0 = w + i0 * out;
            const T* __restrict w1 = w + i1 * out;
            const T* __restrict w2 = w + i2 * out;
            const T* __restrict w3 = w + i3 * out;
            for (std::size_t j = 0; j < out; ++j) yr[j] += x0 * w0[j] + x1 * w1[j] + x2 * w2[j] + x3 * w3[j];
        }
        for (; k < nnz; ++k) {
            const T xi = xr[nonzero_[k]];
            const T* __restrict wi = w + nonzero_[k] * out;
            for (std::size_t j = 0; j < out; ++j) yr[j] += xi * wi[j];
        }
        activate<T>(options_.activation, static_cast<T>(options_.alpha), y.row(r), y.row(r));
    }
}

template <typename T>
void Dense<T>::small_backward(MatrixView<const T> x, MatrixView<const T> dz, MatrixView<T> dx, T lr) {
    const std::size_t in = this->input_size_, out = options_.units, n = x.rows();
    T* w = params_.data();
    T* gw = grads_.data();
    const bool sgd = lr != T(0);
    for (std::size_t i = 0; i < in; ++i) {
        T* __restrict wi = w + i * out;
        if (!dx.empty()) {
            for (std::size_t r = 0; r < n; ++r) {  // from the weights before any update
                const T* dzr = dz.row(r).data();
                T sum = 0;
                for (std::size_t j = 0; j < out; ++j) sum += wi[j] * dzr[j];
                dx(r, i) = sum;
            }
        }
        if (sgd) {
            for (std::size_t r = 0; r < n; ++r) {
                const T a = -lr * x(r, i);
                if (a == T(0)) continue;
                const T* dzr = dz.row(r).data();
                for (std::size_t j = 0; j < out; ++j) wi[j] += a * dzr[j];
            }
        } else {
            T* __restrict gi = gw + i * out;
            std::fill(gi, gi + out, T(0));
            for (std::size_t r = 0; r < n; ++r) {
                const T a = x(r, i);
                const T* dzr = dz.row(r).data();
                for (std::size_t j = 0; j < out; ++j) gi[j] += a * dzr[j];
            }
        }
    }
    if (sgd) {
        add_column_sums(dz, bias(), -lr);
    } else {
        const auto db = bias_grads();
        std::fill(db.begin(), db.end(), T(0));
        add_column_sums(dz, db, T(1));
    }
}

template <typename T>
void Dense<T>::forward(MatrixView<const T> x, MatrixView<T> y, Phase /*phase*/) {
    const std::size_t in = this->input_size_, out = options_.units;
    if (x.cols() != in || y.cols() != out || x.rows() != y.rows())
        fail("dense: expected input of width ", in, ", got ", x.cols());
    if (x.rows() <= kSmallRows) {
        small_forward(x, y);
        return;
    }
#ifdef NEURITE_HAVE_ONEDNN
    if constexpr (std::is_same_v<T, float>) {
        if (backend() == Backend::onednn && x.contiguous() && y.contiguous() && x.rows() > 0) {
            if (!fused_) fused_ = std::make_shared<Fused>();
            fused_->prepare(x.rows(), in, out, options_.activation, options_.alpha, precision() == Precision::bf16);
            fused_->run(x.data(), params_.data(), bias().data(), y.data());
            if (!fused_->activation_fused && options_.activation != Activation::identity) {
                const auto flat = y.flat();
                activate<T>(options_.activation, static_cast<T>(options_.alpha), flat, flat);
            }
            return;
        }
    }
#endif
    gemm<T>(Trans::no, Trans::no, T(1), x, weights(), T(0), y);
    const auto b = bias();
    const T alpha = static_cast<T>(options_.alpha);
    for (std::size_t r = 0; r < y.rows(); ++r) {
        const auto row = y.row(r);
        for (std::size_t j = 0; j < out; ++j) row[j] += b[j];
        activate<T>(options_.activation, alpha, row, row);
    }
}

template <typename T>
MatrixView<const T> Dense<T>::output_delta(MatrixView<const T> x, MatrixView<const T> y, MatrixView<const T> dy) {
    const std::size_t in = this->input_size_, out = options_.units, n = x.rows();
    if (x.cols() != in || y.cols() != out || dy.cols() != out || y.rows() != n || dy.rows() != n)
        fail("dense: backward shapes do not match the forward pass");
    if (options_.activation == Activation::identity) return dy;
    // dz = dy ⊙ f'(z), from the output y.
    dz_.resize(n, out);
    const T alpha = static_cast<T>(options_.alpha);
    // Rows are independent, so both cores share a large batch's pass (between
    // two GEMMs that use both, one core would otherwise wait for the other).
    const auto rows = static_cast<long long>(n);
#pragma omp parallel for schedule(static) if (n * out >= 16384)
    for (long long r = 0; r < rows; ++r) {
        const auto i = static_cast<std::size_t>(r);
        activation_backward<T>(options_.activation, alpha, y.row(i), dy.row(i), dz_.row(i));
    }
    return dz_.view();
}

template <typename T>
void Dense<T>::add_column_sums(MatrixView<const T> dz, std::span<T> out, T scale) {
    for (std::size_t r = 0; r < dz.rows(); ++r) {
        const auto row = dz.row(r);
        for (std::size_t j = 0; j < out.size(); ++j) out[j] += scale * row[j];
    }
}

template <typename T>
void Dense<T>::pre_activation(MatrixView<const T> x, MatrixView<T> z) {
    const std::size_t in = this->input_size_, out = options_.units;
    if (x.cols() != in || z.cols() != out || x.rows() != z.rows())
        fail("dense: pre-activation of an input of width ", x.cols(), " (expected ", in, ") into ", z.cols(),
             " columns (expected ", out, ")");
    gemm<T>(Trans::no, Trans::no, T(1), x, MatrixView<const T>(weights()), T(0), z);
    const auto b = bias();
    for (std::size_t r = 0; r < z.rows(); ++r) {
        const auto row = z.row(r);
        for (std::size_t j = 0; j < out; ++j) row[j] += b[j];
    }
}

template <typename T>
void Dense<T>::backward(MatrixView<const T> x, MatrixView<const T> y, MatrixView<const T> dy,
                        MatrixView<T> dx) {
    backward_linear(x, output_delta(x, y, dy), dx);
}

template <typename T>
void Dense<T>::backward_sgd(MatrixView<const T> x, MatrixView<const T> y, MatrixView<const T> dy,
                            MatrixView<T> dx, T lr) {
    backward_sgd_linear(x, output_delta(x, y, dy), dx, lr);
}

template <typename T>
void Dense<T>::backward_linear(MatrixView<const T> x, MatrixView<const T> dz, MatrixView<T> dx) {
    if (x.cols() != this->input_size_ || dz.cols() != options_.units || dz.rows() != x.rows())
        fail("dense: backward shapes do not match the forward pass");
    if (!dx.empty() && (dx.rows() != x.rows() || dx.cols() != this->input_size_)) fail("dense: dx has the wrong shape");
    if (x.rows() <= kSmallRows) {
        small_backward(x, dz, dx, T(0));
        return;
    }
    // dW = xᵀ dz, db = Σ_rows dz, dx = dz Wᵀ
    gemm<T>(Trans::yes, Trans::no, T(1), x, dz, T(0), weight_grads());
    const auto db = bias_grads();
    std::fill(db.begin(), db.end(), T(0));
    add_column_sums(dz, db, T(1));
    if (!dx.empty()) gemm<T>(Trans::no, Trans::yes, T(1), dz, MatrixView<const T>(weights()), T(0), dx);
}

template <typename T>
void Dense<T>::backward_sgd_linear(MatrixView<const T> x, MatrixView<const T> dz, MatrixView<T> dx, T lr) {
    if (x.cols() != this->input_size_ || dz.cols() != options_.units || dz.rows() != x.rows())
        fail("dense: backward shapes do not match the forward pass");
    if (!dx.empty() && (dx.rows() != x.rows() || dx.cols() != this->input_size_)) fail("dense: dx has the wrong shape");
    if (x.rows() <= kSmallRows && lr != T(0)) {
        small_backward(x, dz, dx, lr);
        return;
    }
    if (!dx.empty())  // from the weights before the update
        gemm<T>(Trans::no, Trans::yes, T(1), dz, MatrixView<const T>(weights()), T(0), dx);
    // W ← W − lr·xᵀdz and b ← b − lr·Σ dz, straight into the parameters.
    gemm<T>(Trans::yes, Trans::no, -lr, x, dz, T(1), weights());
    add_column_sums(dz, bias(), -lr);
}

template class Dense<float>;
template class Dense<double>;

// ---- the "dense" kind of the model spec --------------------------------------------

namespace {

// The most units a spec's dense layer may have, checked before anything is
// allocated.
constexpr std::size_t kMaxUnits = 1'000'000;

std::string plural(std::uint64_t n, std::string_view word) { return cat(n, ' ', word, n == 1 ? "" : "s"); }

void parse_dense(SpecFields& in, LayerSpec& s) {
    s.units = in.size("units", kMaxUnits, "units");
    if (in.has("activation")) s.activation = in.activation("activation");
    s.alpha = in.alpha(s.activation);
    in.count_parameters(s);  // before the weights: a too-big layer is refused unread
    if (in.has("init")) s.weight_init = in.initializer("init");
    if (in.has("bias_init")) s.bias_init = in.initializer("bias_init");
    if (in.has("weights")) s.weights = in.rows("weights", s.units, in.input_size());
    const bool bias = in.has("bias"), threshold = in.has("threshold");
    if (bias && threshold) in.fail("", "give either \"bias\" or \"threshold\" (bias = −threshold), not both");
    if (bias) s.bias = in.per_unit("bias", s.units);
    if (threshold) s.bias = in.per_unit("threshold", s.units, true);
}

void check_dense(SpecPlace& at, const LayerSpec& l) {
    if (l.units < 1 || l.units > kMaxUnits)
        at.fail("units", cat("expected an integer in [1, ", kMaxUnits, "], got ", l.units));
    at.check_alpha(l);
    at.count_parameters(l);
    if (l.weight_init) at.check_init(*l.weight_init, "init");
    at.check_init(l.bias_init, "bias_init");
    const std::size_t width = at.input_size();
    if (l.weights) {
        if (l.weights->size() != width * l.units)
            at.fail("weights", cat("expected ", width * l.units, " numbers (", plural(l.units, "unit"), " × ",
                                   plural(width, "input"), "), got ", l.weights->size()));
        at.check_finite(*l.weights, "weights");
    }
    if (l.bias) {
        if (l.bias->size() != l.units)
            at.fail("bias", cat("expected ", plural(l.units, "number"), ", got ", l.bias->size()));
        at.check_finite(*l.bias, "bias");
    }
}

void write_dense(const LayerSpec& l, std::size_t input_size, SpecOut& out) {
    out.integer("units", l.units);
    if (l.activation != Activation::identity) out.text("activation", to_string(l.activation));
    if (l.alpha >= 0 && takes_alpha(l.activation)) out.number("alpha", l.alpha);
    if (l.weight_init) out.initializer("init", *l.weight_init);
    if (l.bias_init.kind != InitKind::zeros) out.initializer("bias_init", l.bias_init);
    if (l.weights) out.rows("weights", *l.weights, input_size);
    if (l.bias) out.numbers("bias", *l.bias);
}

// The kind's layer code, for float and double (see with_ops).
struct DenseOps {
    template <typename T>
    static LayerList<T> make(const LayerSpec& l, std::uint64_t seed);
    template <typename T>
    static void load(std::span<Layer<T>* const> made, const LayerSpec& l, const std::string& path);
    template <typename T>
    static std::size_t describe(std::span<const Layer<T>* const> layers, bool with_weights, LayerSpec& l);
};

// A softmax (or log_softmax) dense layer is a Dense layer followed by an
// activation layer: they are not element-wise, so they cannot be fused.
template <typename T>
LayerList<T> DenseOps::make(const LayerSpec& l, std::uint64_t /*seed*/) {
    const bool softmax = !is_elementwise(l.activation);
    DenseOptions o;
    o.units = l.units;
    o.activation = softmax ? Activation::identity : l.activation;
    o.alpha = l.alpha < 0 ? default_alpha(o.activation) : l.alpha;
    o.weight_init = l.weight_init;
    o.bias_init = l.bias_init;
    LayerList<T> out;
    out.push_back(std::make_unique<Dense<T>>(o));
    if (softmax) out.push_back(std::make_unique<ActivationLayer<T>>(l.activation));
    return out;
}

template <typename T>
T to_param(double v, const std::string& path) {
    if constexpr (std::is_same_v<T, float>) {
        if (std::abs(v) > double(std::numeric_limits<float>::max()))
            fail("model spec: ", path, ": ", v, " is out of range for float");
    }
    return static_cast<T>(v);
}

template <typename T>
void DenseOps::load(std::span<Layer<T>* const> made, const LayerSpec& l, const std::string& path) {
    auto& dense = dynamic_cast<Dense<T>&>(*made[0]);
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

template <typename T>
std::size_t DenseOps::describe(std::span<const Layer<T>* const> layers, bool with_weights, LayerSpec& l) {
    const auto& dense = dynamic_cast<const Dense<T>&>(*layers[0]);
    const DenseOptions& o = dense.options();
    l.units = o.units;
    l.activation = o.activation;
    l.alpha = (takes_alpha(o.activation) && o.alpha != default_alpha(o.activation)) ? o.alpha : -1.0;
    l.weight_init = o.weight_init;
    l.bias_init = o.bias_init;
    if (with_weights) {
        const auto w = dense.weights();
        const std::size_t inputs = w.rows();
        l.weights.emplace(inputs * o.units);
        for (std::size_t u = 0; u < o.units; ++u)
            for (std::size_t in = 0; in < inputs; ++in) (*l.weights)[u * inputs + in] = double(w(in, u));
        const auto b = dense.bias();
        l.bias.emplace(b.begin(), b.begin() + long(o.units));
    }
    // Dense(identity) followed by softmax (or log_softmax) is how make builds
    // such a dense layer: fold the pair back into one.
    if (o.activation == Activation::identity && layers.size() > 1) {
        const auto* next = dynamic_cast<const ActivationLayer<T>*>(layers[1]);
        if (next && !is_elementwise(next->activation())) {
            l.activation = next->activation();
            return 2;
        }
    }
    return 1;
}

}  // namespace

const LayerKind& dense_layer_kind() {
    static const LayerKind kind = with_ops<DenseOps>(
        {.name = "dense", .what = "a dense layer",
         .keys = {"type", "units", "activation", "alpha", "init", "bias_init", "weights", "bias", "threshold"},
         .parse = parse_dense, .check = check_dense, .write = write_dense});
    return kind;
}

}  // namespace neurite
