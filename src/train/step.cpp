#include "neurite/train/step.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <utility>

#include "neurite/core/error.hpp"
#include "neurite/nn/dense.hpp"
#include "neurite/train/collective.hpp"
#include "neurite/train/epoch.hpp"

namespace neurite {

namespace {

// Calls f(layer) on each dense layer of net (the layers that hold weights
// the penalties and constraints below act on).
template <class F>
void for_each_dense(Sequential& net, F&& f) {
    for (std::size_t i = 0; i < net.size(); ++i)
        if (auto* dense = dynamic_cast<Dense<float>*>(&net.layer(i))) f(*dense);
}

}  // namespace

ClipGradNorm::ClipGradNorm(double max_norm) : max_norm_(max_norm) {
    if (!(max_norm > 0.0) || !std::isfinite(max_norm))
        fail("gradient clipping: the norm must be positive and finite (got ", max_norm, ")");
}

bool ClipGradNorm::apply(Sequential& net) {
    double norm2 = 0.0;
    for (const float g : net.grads()) norm2 += static_cast<double>(g) * g;
    norm_ = std::sqrt(norm2);
    if (!std::isfinite(norm2)) return false;
    if (norm_ > max_norm_) {
        const auto scale = static_cast<float>(max_norm_ / norm_);
        for (float& g : net.grads()) g *= scale;
    }
    return true;
}

WeightPenalty::WeightPenalty(Kind kind, double rate) : kind_(kind), rate_(static_cast<float>(rate)) {
    if (!(rate >= 0.0) || !std::isfinite(rate))
        fail("weight penalty: the rate must be non-negative and finite (got ", rate, ")");
}

bool WeightPenalty::apply(Sequential& net) {
    if (rate_ == 0.0f) return true;
    for_each_dense(net, [this](Dense<float>& dense) {
        const auto w = std::as_const(dense).weights().flat();
        const auto g = dense.weight_grads().flat();
        if (kind_ == Kind::l1) {
            for (std::size_t k = 0; k < g.size(); ++k) g[k] += rate_ * static_cast<float>((w[k] > 0.0f) - (w[k] < 0.0f));
        } else {
            for (std::size_t k = 0; k < g.size(); ++k) g[k] += rate_ * w[k];
        }
    });
    return true;
}

void constrain_max_norm(Sequential& net, double max_norm) {
    if (!(max_norm > 0.0) || !std::isfinite(max_norm))
        fail("max-norm: the norm must be positive and finite (got ", max_norm, ")");
    for_each_dense(net, [max_norm](Dense<float>& dense) {
        const MatrixView<float> w = dense.weights();  // inputs × units: a unit's weights are a column
        const auto units = static_cast<long long>(w.cols());
        // Each thread takes a range of columns and walks the rows over it.
        constexpr long long kColumns = 64;
#pragma omp parallel for schedule(static) if (w.size() >= 65536)
        for (long long first = 0; first < units; first += kColumns) {
            const auto c0 = static_cast<std::size_t>(first);
            const std::size_t n = std::min<std::size_t>(kColumns, w.cols() - c0);
            std::array<double, kColumns> sq{};
            for (std::size_t r = 0; r < w.rows(); ++r) {
                const float* row = w.row(r).data() + c0;
                for (std::size_t c = 0; c < n; ++c) sq[c] += static_cast<double>(row[c]) * row[c];
            }
            std::array<float, kColumns> scale{};
            bool any = false;
            for (std::size_t c = 0; c < n; ++c) {
                const double norm = std::sqrt(sq[c]);
                scale[c] = norm > max_norm ? static_cast<float>(max_norm / norm) : 1.0f;
                any = any || norm > max_norm;
            }
            if (!any) continue;
            for (std::size_t r = 0; r < w.rows(); ++r) {
                float* row = w.row(r).data() + c0;
                for (std::size_t c = 0; c < n; ++c) row[c] *= scale[c];
            }
        }
    });
}

void TrainStep::set_max_norm(double max_norm) {
    if (!(max_norm >= 0.0) || !std::isfinite(max_norm))
        fail("training step: max-norm must be non-negative and finite (got ", max_norm, ")");
    max_norm_ = max_norm;
}

TrainStep::TrainStep(Sequential& net, Optimizer& optimizer, Loss loss) : net_(net), optimizer_(optimizer), loss_(loss) {
    if (!net.built()) fail("training step: the network must be built first");
}

TrainStep::~TrainStep() = default;

void TrainStep::distribute(Collective& collective, std::size_t block_rows) {
    distribute(collective, DataLayout::replicated, block_rows);
}

void TrainStep::distribute(Collective& collective, DataLayout layout, std::size_t block_rows) {
    if (collective_ != nullptr) fail("training step: distribute() was called twice");
    if (collective.size() == 0 || collective.rank() >= collective.size())
        fail("training step: process ", collective.rank(), " of ", collective.size(), " does not exist");
    if (block_rows == 0) fail("training step: blocks of 0 rows");
    collective_ = &collective;
    block_rows_ = block_rows;
    sharded_ = layout == DataLayout::sharded;
    all_reduce_ = std::make_unique<AllReduceGradients>(collective);
    stages_.insert(stages_.begin(), all_reduce_.get());
}

std::pair<std::size_t, std::size_t> batch_share(std::size_t rows, std::size_t rank, std::size_t ranks,
                                                std::size_t block_rows) {
    if (block_rows == 0) fail("share of a batch: blocks of 0 rows");
    const auto [first_block, blocks] = share_of((rows + block_rows - 1) / block_rows, rank, ranks);
    const std::size_t first = std::min(rows, first_block * block_rows);
    return {first, std::min(rows, (first_block + blocks) * block_rows) - first};
}

void AllReduceGradients::start(std::size_t gradient_size, std::size_t rows) {
    sum_.assign(gradient_size, 0.0);
    rows_ = rows;
}

void AllReduceGradients::add(std::span<const float> gradient, std::size_t rows) {
    if (gradient.size() != sum_.size()) fail("all-reduce: a gradient of ", gradient.size(), " for a sum of ", sum_.size());
    const auto weight = static_cast<double>(rows);
    for (std::size_t i = 0; i < gradient.size(); ++i) sum_[i] += weight * static_cast<double>(gradient[i]);
}

bool AllReduceGradients::apply(Sequential& net) {
    const std::span<float> grads = net.grads();
    if (grads.size() != sum_.size()) fail("all-reduce: a sum of ", sum_.size(), " for a gradient of ", grads.size());
    const auto start = std::chrono::steady_clock::now();
    collective_.sum(std::span<double>(sum_));
    seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ++sums_;
    const auto rows = static_cast<double>(std::max<std::size_t>(rows_, 1));
    for (std::size_t i = 0; i < grads.size(); ++i) grads[i] = static_cast<float>(sum_[i] / rows);
    return true;
}

void TrainStep::set_class_weights(std::vector<float> weights, std::size_t classes) {
    if (weights.empty()) {
        class_weights_.clear();
        return;
    }
    if (classes == 0) fail("class weights need a classification data set");
    // Binary cross-entropy has no class weights: PyTorch's BCELoss weight is
    // per element and pos_weight scales the positive term, neither of them a
    // weighted mean over classes.
    if (loss_ != Loss::categorical_cross_entropy && loss_ != Loss::softmax_cross_entropy)
        fail("class weights need categorical cross-entropy (not ", to_string(loss_), ")");
    if (weights.size() != classes) fail("class weights: ", weights.size(), " given for ", classes, " classes");
    for (const float w : weights)
        if (!(w >= 0.0f) || !std::isfinite(w)) fail("class weights must be non-negative and finite (got ", w, ")");
    class_weights_ = std::move(weights);
}

StepResult TrainStep::run(const Batch& batch, double lr) {
    if (class_weights_.empty()) return run_rows(batch.x, batch.target, batch.labels, lr, batch.global_rows);
    if (batch.labels.size() != batch.size()) fail("class weights: the batch has no labels");
    // The loss is a mean over rows (Σ lossᵢ / count), so each row's one-hot
    // target is scaled by w_yᵢ·count / Σ w_yⱼ: the loss and its gradient are
    // then PyTorch's weighted mean. A batch of only zero-weight rows keeps
    // loss 0 and no gradient (PyTorch: 0/0 = NaN). With sharded data the
    // count and the sum are the whole batch's, over all processes.
    const std::size_t count = batch.size();
    double weight_sum = 0.0;
    for (const std::int32_t label : batch.labels) weight_sum += class_weights_.at(static_cast<std::size_t>(label));
    std::array<double, 2> whole{weight_sum, static_cast<double>(count)};
    if (sharded_) collective_->sum(std::span<double>(whole));
    const double scale = whole[0] > 0.0 ? whole[1] / whole[0] : 0.0;
    if (weighted_.rows() < count || weighted_.cols() != batch.target.cols()) weighted_.resize(count, batch.target.cols());
    for (std::size_t r = 0; r < count; ++r) {
        const auto w = static_cast<float>(class_weights_[static_cast<std::size_t>(batch.labels[r])] * scale);
        const auto t = batch.target.row(r);
        auto out = weighted_.row(r);
        for (std::size_t c = 0; c < t.size(); ++c) out[c] = t[c] * w;
    }
    return run_rows(batch.x, std::as_const(weighted_).view().rows(0, count), batch.labels, lr,
                    sharded_ ? static_cast<std::size_t>(whole[1]) : 0);
}

StepResult TrainStep::run(MatrixView<const float> x, MatrixView<const float> target, double lr) {
    return run_rows(x, target, {}, lr);
}

StepResult TrainStep::run_rows(MatrixView<const float> x, MatrixView<const float> target,
                               std::span<const std::int32_t> labels, double lr, std::size_t global_rows) {
    if (!(lr >= 0.0) || !std::isfinite(lr))
        fail("optimizer ", to_string(optimizer_.config().kind), ": learning_rate must be non-negative and finite (got ",
             lr, ")");
    if (collective_ != nullptr) return run_share(x, target, labels, lr, global_rows);
    StepResult result;
    result.rows = x.rows();
    if (stages_.empty() && optimizer_.is_plain_sgd()) {
        result.loss = net_.sgd_step(x, target, loss_, static_cast<float>(lr));
        optimizer_.count_fused_step();
        if (max_norm_ > 0.0) constrain_max_norm(net_, max_norm_);
        return result;
    }
    result.loss = net_.compute_gradients(x, target, loss_);
    return finish(result, lr);
}

// Replicated data: every process got the whole batch and takes its blocks
// of it (batch_share). Sharded data: x is this process's rows of a batch of
// global_rows rows (0: unknown, the processes sum their rows), all of them its own.
TrainStep::Share TrainStep::share(std::size_t rows, std::size_t global_rows) {
    if (!sharded_) {
        const auto [first, count] = batch_share(rows, collective_->rank(), collective_->size(), block_rows_);
        return {first, count, rows};
    }
    if (global_rows == 0) {
        std::array<double, 1> all{static_cast<double>(rows)};
        collective_->sum(std::span<double>(all));
        global_rows = static_cast<std::size_t>(std::llround(all[0]));
    }
    if (global_rows < rows) fail("training step: ", rows, " rows of a batch of ", global_rows);
    return {0, rows, global_rows};
}

// This process's share of the batch, in blocks (collective.hpp): each block's
// mean-loss gradient, times its rows, goes into the all-reduce stage's sum,
// which the stages start with (Σ over processes, / the batch's rows). A
// process without rows adds nothing.
StepResult TrainStep::run_share(MatrixView<const float> x, MatrixView<const float> target,
                                std::span<const std::int32_t> labels, double lr, std::size_t global_rows) {
    const auto [first, count, rows] = share(x.rows(), global_rows);
    all_reduce_->start(net_.grads().size(), rows);
    // The loss times the rows it is a mean over, and the correct rows.
    std::array<double, 2> sums{0.0, 0.0};
    for (std::size_t done = 0; done < count; done += block_rows_) {
        const std::size_t begin = first + done;
        const std::size_t block = std::min(block_rows_, count - done);
        const double loss = net_.compute_gradients(x.rows(begin, block), target.rows(begin, block), loss_);
        sums[0] += loss * static_cast<double>(block);
        if (labels.size() == x.rows())
            sums[1] += static_cast<double>(count_correct(net_.activations(net_.size() - 1), labels.subspan(begin, block)));
        all_reduce_->add(net_.grads(), block);
    }
    collective_->sum(std::span<double>(sums));
    StepResult result;
    result.loss = sums[0] / static_cast<double>(rows);
    result.rows = rows;
    result.correct = static_cast<std::size_t>(std::llround(sums[1]));
    return finish(result, lr);
}

StepResult TrainStep::finish(StepResult result, double lr) {
    for (GradientStage* stage : stages_) {
        if (!stage->apply(net_)) {
            result.gradient_finite = false;
            return result;
        }
    }
    optimizer_.step(net_.params(), net_.grads(), lr);
    if (max_norm_ > 0.0) constrain_max_norm(net_, max_norm_);
    return result;
}

double train_step(Sequential& net, Optimizer& opt, MatrixView<const float> x, MatrixView<const float> target,
                  Loss loss, double lr) {
    return TrainStep(net, opt, loss).run(x, target, lr).loss;
}

double train_step(Sequential& net, Optimizer& opt, MatrixView<const float> x, MatrixView<const float> target,
                  Loss loss) {
    return train_step(net, opt, x, target, loss, opt.config().learning_rate);
}

}  // namespace neurite
