#include "neurite/nn/sequential.hpp"

#include <algorithm>

#include "neurite/core/error.hpp"
#include "neurite/core/memory.hpp"
#include "neurite/kernels/backend.hpp"
#include "neurite/nn/activation_layer.hpp"
#include "neurite/nn/dropout.hpp"

namespace neurite {

template <typename T>
BasicSequential<T>::BasicSequential(std::size_t input_size) : input_size_(input_size) {
    if (input_size == 0) fail("network: input size must be at least 1");
}

template <typename T>
BasicSequential<T>::BasicSequential(BasicSequential&&) noexcept = default;
template <typename T>
BasicSequential<T>& BasicSequential<T>::operator=(BasicSequential&&) noexcept = default;
template <typename T>
BasicSequential<T>::~BasicSequential() = default;

template <typename T>
BasicSequential<T>& BasicSequential<T>::add(std::unique_ptr<Layer<T>> layer) {
    if (built_) fail("network: cannot add layers after build()");
    if (!layer) fail("network: cannot add a null layer");
    layers_.push_back(std::move(layer));
    return *this;
}

template <typename T>
BasicSequential<T>& BasicSequential<T>::dense(std::size_t units, Activation a) {
    if (!is_elementwise(a)) return dense(units).activation(a);
    return add(std::make_unique<Dense<T>>(units, a));
}

template <typename T>
BasicSequential<T>& BasicSequential<T>::dense(const DenseOptions& options) {
    return add(std::make_unique<Dense<T>>(options));
}

template <typename T>
BasicSequential<T>& BasicSequential<T>::activation(Activation a, double alpha) {
    return add(std::make_unique<ActivationLayer<T>>(a, alpha));
}

template <typename T>
BasicSequential<T>& BasicSequential<T>::dropout(double rate, std::uint64_t seed) {
    return add(std::make_unique<Dropout<T>>(rate, seed));
}

template <typename T>
void BasicSequential<T>::build() {
    if (built_) return;
    if (layers_.empty()) fail("network: no layers");
    sizes_.assign(1, input_size_);
    offsets_.clear();
    std::size_t total = 0;
    for (std::size_t i = 0; i < layers_.size(); ++i) {
        const std::size_t in = sizes_.back();
        std::size_t out = 0;
        try {
            out = layers_[i]->output_size(in);
        } catch (const Error& e) {
            fail("layer ", i, " (", layers_[i]->describe(), "): ", e.what());
        }
        offsets_.push_back(total);
        total = saturating_add(total, layers_[i]->param_count(in));
        sizes_.push_back(out);
    }
    // Parameters and gradients: refused before they are allocated when they
    // cannot fit in this machine's memory.
    require_memory(saturating_mul(total, 2 * sizeof(T)),
                   cat("network: its ", total, " parameters and their gradients"));
    params_.assign(total, T(0));
    grads_.assign(total, T(0));
    for (std::size_t i = 0; i < layers_.size(); ++i) {
        const std::size_t count = layers_[i]->param_count(sizes_[i]);
        layers_[i]->bind(sizes_[i], std::span<T>(params_).subspan(offsets_[i], count),
                         std::span<T>(grads_).subspan(offsets_[i], count));
    }
    acts_.resize(layers_.size());
    built_ = true;
}

template <typename T>
void BasicSequential<T>::init(Rng& rng) {
    require_built("init");
    for (auto& layer : layers_) layer->init(rng);
}

template <typename T>
std::size_t BasicSequential<T>::output_size() const {
    require_built("output_size");
    return sizes_.back();
}

template <typename T>
void BasicSequential<T>::require_built(const char* what) const {
    if (!built_) fail("network: ", what, "() needs build() first");
}

template <typename T>
void BasicSequential<T>::ensure_buffers(std::size_t rows) {
    if (rows > checked_rows_) {
        // Each layer's output for the batch, and the deltas of backward (as
        // wide as the widest layer), checked before they are allocated.
        std::uint64_t per_row = 0, widest = 0;
        for (const std::size_t s : sizes_) {
            per_row = saturating_add(per_row, s);
            widest = std::max<std::uint64_t>(widest, s);
        }
        per_row = saturating_add(per_row - sizes_.front(), saturating_mul(widest, 3));
        const std::uint64_t bytes = saturating_add(saturating_mul(saturating_mul(per_row, rows), sizeof(T)),
                                                   saturating_mul(params_.size(), 2 * sizeof(T)));
        require_memory(bytes, cat("network: a batch of ", rows, " rows (activations and deltas of ", layers_.size(),
                                  " layers up to ", widest, " wide, with the parameters and gradients)"));
        checked_rows_ = rows;
    }
    for (std::size_t i = 0; i < layers_.size(); ++i) acts_[i].resize(rows, sizes_[i + 1]);
}

template <typename T>
MatrixView<const T> BasicSequential<T>::forward(MatrixView<const T> x, Phase phase) {
    require_built("forward");
    if (x.cols() != input_size_)
        fail("network: input has ", x.cols(), " columns but the model expects ", input_size_);
    ensure_buffers(x.rows());
    MatrixView<const T> in = x;
    for (std::size_t i = 0; i < layers_.size(); ++i) {
        layers_[i]->forward(in, acts_[i].view(), phase);
        in = acts_[i].view();
    }
    return in;
}

template <typename T>
MatrixView<const T> BasicSequential<T>::activations(std::size_t i) const {
    return acts_.at(i).view();
}

template <typename T>
void BasicSequential<T>::backprop(std::size_t count, MatrixView<const T> x, MatrixView<const T> dout,
                                  const T* sgd_lr, bool dout_is_pre_activation) {
    // Layers [0, count) are back-propagated; dout is dL/d(output of layer count-1).
    MatrixView<const T> delta = dout;
    for (std::size_t i = count; i-- > 0;) {
        const MatrixView<const T> input = i == 0 ? x : acts_[i - 1].view();
        MatrixView<T> dx;
        if (i > 0) {
            BasicMatrix<T>& buf = (count - 1 - i) % 2 == 0 ? delta_a_ : delta_b_;
            buf.resize(x.rows(), sizes_[i]);
            dx = buf.view();
        }
        if (dout_is_pre_activation && i == count - 1) {
            auto& dense = static_cast<Dense<T>&>(*layers_[i]);
            if (sgd_lr != nullptr) {
                dense.backward_sgd_linear(input, delta, dx, *sgd_lr);
            } else {
                dense.backward_linear(input, delta, dx);
            }
        } else if (sgd_lr != nullptr) {
            layers_[i]->backward_sgd(input, acts_[i].view(), delta, dx, *sgd_lr);
        } else {
            layers_[i]->backward(input, acts_[i].view(), delta, dx);
        }
        delta = dx;
    }
}

template <typename T>
void BasicSequential<T>::backward(MatrixView<const T> x, MatrixView<const T> dout) {
    require_built("backward");
    if (acts_.empty() || acts_.back().rows() != x.rows() || dout.rows() != x.rows() ||
        dout.cols() != sizes_.back())
        fail("network: backward() needs a forward() on the same batch and a gradient of shape ", x.rows(),
             "×", sizes_.back());
    backprop(layers_.size(), x, dout);
}

template <typename T>
double BasicSequential<T>::compute_gradients(MatrixView<const T> x, MatrixView<const T> target, Loss loss) {
    return descend(x, target, loss, nullptr);
}

template <typename T>
double BasicSequential<T>::sgd_step(MatrixView<const T> x, MatrixView<const T> target, Loss loss, T lr) {
    return descend(x, target, loss, &lr);
}

template <typename T>
double BasicSequential<T>::descend(MatrixView<const T> x, MatrixView<const T> target, Loss loss, const T* sgd_lr) {
    const SmallBatchScope threads(x.rows());
    const MatrixView<const T> out = forward(x, Phase::train);
    if (target.rows() != out.rows() || target.cols() != out.cols())
        fail("network: targets are ", target.rows(), "×", target.cols(), " but the output is ", out.rows(),
             "×", out.cols());
    // Softmax + categorical cross-entropy and sigmoid + binary cross-entropy
    // are differentiated through the logits: stable, and one pass cheaper.
    const std::size_t n = layers_.size();
    if (const auto* act = dynamic_cast<const ActivationLayer<T>*>(layers_.back().get())) {
        Loss fused = loss;
        if (act->activation() == Activation::softmax && loss == Loss::categorical_cross_entropy)
            fused = Loss::softmax_cross_entropy;
        if (act->activation() == Activation::sigmoid && loss == Loss::binary_cross_entropy)
            fused = Loss::binary_cross_entropy_logits;
        if (fused != loss) {
            const MatrixView<const T> logits = n >= 2 ? acts_[n - 2].view() : x;
            delta_out_.resize(x.rows(), logits.cols());
            const double value = loss_gradient<T>(fused, logits, target, delta_out_.view());
            backprop(n - 1, x, delta_out_.view(), sgd_lr);
            return value;
        }
    }
    // The same for a sigmoid fused into the last Dense layer (a spec's
    // {"dense": 1, "activation": "sigmoid"}): its output σ(z) has rounded
    // to 0 or 1 where |z| > ~17 in float, and the probability form would
    // give a saturated, wrong prediction no gradient; z is recomputed (one
    // small product: the last layer) and differentiated as BCEWithLogitsLoss.
    if (auto* dense = dynamic_cast<Dense<T>*>(layers_.back().get());
        dense != nullptr && dense->activation() == Activation::sigmoid && loss == Loss::binary_cross_entropy) {
        const MatrixView<const T> input = n >= 2 ? acts_[n - 2].view() : x;
        logits_.resize(out.rows(), out.cols());
        dense->pre_activation(input, logits_.view());
        delta_out_.resize(out.rows(), out.cols());
        const double value =
            loss_gradient<T>(Loss::binary_cross_entropy_logits, logits_.view(), target, delta_out_.view());
        backprop(n, x, delta_out_.view(), sgd_lr, true);
        return value;
    }
    delta_out_.resize(out.rows(), out.cols());
    const double value = loss_gradient<T>(loss, out, target, delta_out_.view());
    backprop(n, x, delta_out_.view(), sgd_lr);
    return value;
}

template <typename T>
void BasicSequential<T>::predict(MatrixView<const T> x, MatrixView<T> out, std::size_t chunk) {
    require_built("predict");
    if (out.rows() != x.rows() || out.cols() != sizes_.back())
        fail("network: prediction output must be ", x.rows(), "×", sizes_.back());
    if (chunk == 0) chunk = 1;
    for (std::size_t first = 0; first < x.rows(); first += chunk) {
        const std::size_t count = std::min(chunk, x.rows() - first);
        const auto y = forward(x.rows(first, count), Phase::infer);
        for (std::size_t r = 0; r < count; ++r) std::copy(y.row(r).begin(), y.row(r).end(), out.row(first + r).begin());
    }
}

template class BasicSequential<float>;
template class BasicSequential<double>;

}  // namespace neurite
