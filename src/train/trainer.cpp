#include "neurite/train/trainer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "neurite/core/error.hpp"
#include "neurite/io/model_file.hpp"

namespace neurite {
namespace {

using Clock = std::chrono::steady_clock;

// Number of rows whose predicted class (argmax, or ≥ 0.5 for one output)
// equals the label. Allocates nothing.
std::size_t count_correct(MatrixView<const float> out, const std::int32_t* labels) {
    std::size_t correct = 0;
    for (std::size_t r = 0; r < out.rows(); ++r) {
        const auto row = out.row(r);
        std::int32_t predicted = 0;
        if (row.size() == 1) {
            predicted = row[0] >= 0.5f ? 1 : 0;
        } else {
            predicted = static_cast<std::int32_t>(std::max_element(row.begin(), row.end()) - row.begin());
        }
        correct += predicted == labels[r] ? 1 : 0;
    }
    return correct;
}

bool is_cross_entropy(Loss l) {
    return l == Loss::categorical_cross_entropy || l == Loss::softmax_cross_entropy;
}

void check_data(const Sequential& net, const Dataset& data, const char* what) {
    if (data.size() == 0) fail(what, " set is empty");
    if (data.features.cols() != net.input_size())
        fail(what, " set has ", data.features.cols(), " features but the model expects ", net.input_size());
    if (data.targets.cols() != net.output_size())
        fail(what, " set has ", data.targets.cols(), " target columns but the model has ", net.output_size(),
             " outputs");
    if (data.targets.rows() != data.size()) fail(what, " set has ", data.targets.rows(), " targets for ", data.size(), " rows");
}

// Version 2 of a checkpoint's optimizer state: the momentum velocity in
// PyTorch's units (a sum of gradients, v ← μv + g). Version 1, neurite 0.1.0,
// kept the rate inside it (v ← μv − ηg); other kinds' state is unchanged.
constexpr std::uint64_t kOptimizerStateVersion = 2;

bool uses_velocity(OptimizerKind k) { return k == OptimizerKind::momentum || k == OptimizerKind::nesterov; }

// v₂ = −v₁/η, with η the rate of the last epoch before the save. Exact when
// the rate was constant; after a schedule changed it, the older gradients'
// share (already decayed by μ per step) is rescaled by the last rate instead
// of their own, so the next few steps differ slightly from an unbroken run.
std::vector<float> velocity_from_version_1(std::span<const float> v1, double lr, const std::string& source) {
    if (!(lr > 0.0) || !std::isfinite(lr))
        fail(source, ": the checkpoint's momentum state was written by neurite 0.1.0 (velocity scaled by the "
                     "learning rate) and its last learning rate is ", lr, ", so it cannot be converted; start "
                     "training again, or resume with a fresh optimizer by loading the weights (--init-from)");
    std::vector<float> v2(v1.size());
    for (std::size_t i = 0; i < v1.size(); ++i) v2[i] = static_cast<float>(-static_cast<double>(v1[i]) / lr);
    return v2;
}

}  // namespace

double train_step(Sequential& net, Optimizer& opt, MatrixView<const float> x, MatrixView<const float> target,
                  Loss loss, double lr) {
    if (opt.is_plain_sgd()) {
        if (!(lr >= 0.0) || !std::isfinite(lr))
            fail("optimizer sgd: learning_rate must be non-negative and finite (got ", lr, ")");
        const double value = net.sgd_step(x, target, loss, static_cast<float>(lr));
        opt.count_fused_step();
        return value;
    }
    const double value = net.compute_gradients(x, target, loss);
    opt.step(net.params(), net.grads(), lr);
    return value;
}

double train_step(Sequential& net, Optimizer& opt, MatrixView<const float> x, MatrixView<const float> target,
                  Loss loss) {
    return train_step(net, opt, x, target, loss, opt.config().learning_rate);
}

Evaluation evaluate(Sequential& net, const Dataset& data, Loss loss, std::size_t chunk) {
    check_data(net, data, "evaluation");
    Evaluation result;
    double loss_sum = 0.0;
    std::size_t correct = 0;
    const bool classification = data.is_classification();
    for (std::size_t first = 0; first < data.size(); first += chunk) {
        const std::size_t count = std::min(chunk, data.size() - first);
        const auto out = net.forward(data.features.view().rows(first, count), Phase::infer);
        const auto target = data.targets.view().rows(first, count);
        // A network that ends in softmax and is scored with cross-entropy is
        // scored on its probabilities (categorical form).
        loss_sum += loss_value<float>(loss == Loss::softmax_cross_entropy ? Loss::categorical_cross_entropy : loss,
                                      out, target) *
                    static_cast<double>(count);
        if (classification) correct += count_correct(out, data.labels.data() + first);
    }
    result.loss = loss_sum / static_cast<double>(data.size());
    if (classification) result.accuracy = static_cast<double>(correct) / static_cast<double>(data.size());
    return result;
}

void Trainer::diverged(std::size_t epoch, std::size_t batch, std::size_t batches, const char* what, bool nan,
                       double lr) const {
    const std::string where =
        config_.checkpoint.empty() ? std::string("no checkpoints were being written")
        : checkpoint_saved_        ? cat("the last good checkpoint is ", config_.checkpoint.string())
                                   : std::string("no checkpoint had been written yet");
    fail("training diverged at epoch ", epoch, batch > 0 ? cat(", batch ", batch, " of ", batches) : std::string(),
         ": ", what, " became ", nan ? "NaN" : "infinite", " (learning rate ", lr, "); ", where,
         ". Lower the learning rate or clip gradients (--clip-norm)");
}

Trainer::Trainer(Sequential& net, TrainConfig config)
    : net_(net),
      config_(std::move(config)),
      optimizer_(config_.optimizer, net.param_count()),
      rng_(config_.seed),
      base_lr_(config_.optimizer.learning_rate) {
    if (!net.built()) fail("trainer: the network must be built first");
    if (config_.epochs == 0) fail("trainer: epochs must be at least 1");
    if (config_.batch_size == 0) fail("trainer: batch size must be at least 1");
    if (config_.checkpoint_every == 0) fail("trainer: checkpoint interval must be at least 1 epoch");
    if (!(config_.clip_norm >= 0.0)) fail("trainer: clip norm must be ≥ 0");
    if (config_.plateau)
        plateau_.emplace(config_.plateau->factor, config_.plateau->patience, config_.plateau->min_lr);
}

History Trainer::fit(const Dataset& train, const Dataset* validation) {
    check_data(net_, train, "training");
    if (validation != nullptr) check_data(net_, *validation, "validation");
    const bool classification = train.is_classification();
    if (!config_.class_weights.empty()) {
        if (!classification) fail("class weights need a classification data set");
        // Binary cross-entropy has no class weights: PyTorch's BCELoss weight
        // is per element and pos_weight scales the positive term, neither of
        // them a weighted mean over classes.
        if (!is_cross_entropy(config_.loss))
            fail("class weights need categorical cross-entropy (not ", to_string(config_.loss), ")");
        if (config_.class_weights.size() != train.classes)
            fail("class weights: ", config_.class_weights.size(), " given for ", train.classes, " classes");
        for (const float w : config_.class_weights)
            if (!(w >= 0.0f) || !std::isfinite(w)) fail("class weights must be non-negative and finite (got ", w, ")");
    }

    const std::size_t n = train.size();
    const std::size_t bs = std::min(config_.batch_size, n);
    const std::size_t batches = (n + bs - 1) / bs;
    Matrix xb(bs, train.features.cols());
    Matrix yb(bs, train.targets.cols());
    std::vector<std::int32_t> lb(classification ? bs : 0);
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});

    for (auto* cb : callbacks_) cb->on_train_begin(config_.epochs, batches, start_epoch_);
    bool stop = false;
    std::string stop_reason = "completed";
    for (std::size_t epoch = start_epoch_; epoch <= config_.epochs && !stop; ++epoch) {
        const auto epoch_start = Clock::now();
        const double lr = config_.schedule.rate(base_lr_, epoch - 1);
        for (auto* cb : callbacks_) cb->on_epoch_begin(epoch);
        if (config_.shuffle) {
            // The same permutation for the same seed and epoch, also after a resume.
            std::iota(order.begin(), order.end(), std::size_t{0});
            for (std::size_t i = n - 1; i > 0; --i) std::swap(order[i], order[rng_.below(i + 1)]);
        }
        double loss_sum = 0.0;
        std::size_t correct = 0, seen = 0;
        for (std::size_t b = 0; b < batches; ++b) {
            const std::size_t first = b * bs, count = std::min(bs, n - first);
            double weight_sum = 0.0;
            for (std::size_t r = 0; r < count; ++r) {
                const std::size_t src = order[first + r];
                const auto f = train.features.row(src);
                std::copy(f.begin(), f.end(), xb.row(r).begin());
                const auto t = train.targets.row(src);
                std::copy(t.begin(), t.end(), yb.row(r).begin());
                if (classification) {
                    lb[r] = train.labels[src];
                    if (!config_.class_weights.empty())
                        weight_sum += config_.class_weights[static_cast<std::size_t>(lb[r])];
                }
            }
            if (!config_.class_weights.empty() && weight_sum > 0.0) {
                // PyTorch's CrossEntropyLoss(weight=w): Σ w_yᵢ·lossᵢ / Σ w_yᵢ,
                // a weighted mean over the batch. The loss is a mean over rows
                // (Σ lossᵢ / count), so each row's one-hot target is scaled by
                // w_yᵢ·count / Σ w_yⱼ: the loss and its gradient are then
                // PyTorch's. A batch of only zero-weight rows keeps loss 0
                // and no gradient (PyTorch: 0/0 = NaN).
                const double scale = static_cast<double>(count) / weight_sum;
                for (std::size_t r = 0; r < count; ++r) {
                    const auto w = static_cast<float>(config_.class_weights[static_cast<std::size_t>(lb[r])] * scale);
                    for (float& v : yb.row(r)) v *= w;
                }
            } else if (!config_.class_weights.empty()) {
                for (std::size_t r = 0; r < count; ++r)
                    for (float& v : yb.row(r)) v = 0.0f;
            }
            const auto xv = xb.view().rows(0, count);
            const auto yv = yb.view().rows(0, count);
            double loss = 0.0, norm2 = 0.0;
            if (config_.clip_norm > 0.0) {
                loss = net_.compute_gradients(xv, yv, config_.loss);
                for (float g : net_.grads()) norm2 += static_cast<double>(g) * g;
                if (std::isfinite(loss) && std::isfinite(norm2)) {
                    const double norm = std::sqrt(norm2);
                    if (norm > config_.clip_norm) {
                        const float scale = static_cast<float>(config_.clip_norm / norm);
                        for (float& g : net_.grads()) g *= scale;
                    }
                    optimizer_.step(net_.params(), net_.grads(), lr);
                }
            } else {
                loss = train_step(net_, optimizer_, xv, yv, config_.loss, lr);
            }
            if (!std::isfinite(loss) || !std::isfinite(norm2))
                diverged(epoch, b + 1, batches, std::isfinite(loss) ? "the gradient" : "the loss",
                         std::isnan(std::isfinite(loss) ? norm2 : loss), lr);
            loss_sum += loss * static_cast<double>(count);
            seen += count;
            if (classification) correct += count_correct(net_.activations(net_.size() - 1), lb.data());
            const double acc = classification ? static_cast<double>(correct) / static_cast<double>(seen)
                                              : std::numeric_limits<double>::quiet_NaN();
            for (auto* cb : callbacks_) cb->on_batch_end(epoch, b + 1, loss_sum / static_cast<double>(seen), acc);
        }

        // A step that overflowed in the epoch's last batch shows only in the
        // weights (the loss was computed before it): such weights are never
        // validated, checkpointed or returned as a trained model.
        for (float p : net_.params())
            if (!std::isfinite(p)) diverged(epoch, 0, batches, "a weight", std::isnan(p), lr);

        EpochRecord rec;
        rec.epoch = epoch;
        rec.loss = loss_sum / static_cast<double>(seen);
        if (classification) rec.accuracy = static_cast<double>(correct) / static_cast<double>(seen);
        if (validation != nullptr) {
            const Evaluation ev = evaluate(net_, *validation, config_.loss);
            rec.val_loss = ev.loss;
            rec.val_accuracy = ev.accuracy;
        }
        rec.learning_rate = lr;
        rec.seconds = std::chrono::duration<double>(Clock::now() - epoch_start).count();
        history_.epochs.push_back(rec);

        const double monitored = validation != nullptr ? rec.val_loss : rec.loss;
        if (plateau_) {
            const double next = plateau_->update(monitored, base_lr_);
            base_lr_ = next;
        }
        if (config_.early_stopping.patience > 0) {
            if (monitored < best_value_ - config_.early_stopping.min_delta) {
                best_value_ = monitored;
                best_epoch_ = epoch;
                bad_epochs_ = 0;
                if (config_.early_stopping.restore_best) best_params_.assign(net_.params().begin(), net_.params().end());
            } else if (++bad_epochs_ >= config_.early_stopping.patience) {
                stop = true;
                stop_reason = cat("early stopping at epoch ", epoch, " (best epoch ", best_epoch_, ")");
                if (config_.early_stopping.restore_best && !best_params_.empty())
                    std::copy(best_params_.begin(), best_params_.end(), net_.params().begin());
            }
        }
        for (auto* cb : callbacks_) cb->on_epoch_end(rec);
        if (!config_.checkpoint.empty() && (epoch % config_.checkpoint_every == 0 || epoch == config_.epochs || stop)) {
            write_checkpoint(epoch, history_);
            History so_far = history_;
            so_far.stop_reason = stop || epoch == config_.epochs ? stop_reason : cat("checkpoint at epoch ", epoch, " of ", config_.epochs);
            for (auto* cb : callbacks_) cb->on_checkpoint(epoch, so_far);
        }
    }
    history_.stop_reason = stop_reason;
    for (auto* cb : callbacks_) cb->on_train_end(history_);
    return history_;
}

void Trainer::write_checkpoint(std::size_t epoch, const History& history) {
    ModelFile file = model_file_of(net_, config_.preprocessing);
    const Rng::State st = rng_.state();
    nlohmann::json state = {
        {"epoch", epoch},
        {"rng", {st.s[0], st.s[1], st.s[2], st.s[3]}},
        {"rng_spare", st.spare},
        {"rng_has_spare", st.has_spare},
        {"base_lr", base_lr_},
        {"config_lr", config_.optimizer.learning_rate},
        {"optimizer", std::string(to_string(config_.optimizer.kind))},
        {"optimizer_steps", optimizer_.steps()},
        {"optimizer_state_version", kOptimizerStateVersion},
        {"best_value", std::isfinite(best_value_) ? nlohmann::json(best_value_) : nlohmann::json(nullptr)},
        {"best_epoch", best_epoch_},
        {"bad_epochs", bad_epochs_},
        {"history", nlohmann::json::parse(history.to_json())},
    };
    if (plateau_) state["plateau"] = {{"best", std::isfinite(plateau_->best()) ? nlohmann::json(plateau_->best()) : nlohmann::json(nullptr)}, {"bad", plateau_->bad_epochs()}};
    file.extra_json = nlohmann::json{{"checkpoint", state}}.dump();
    file.blobs["optimizer_state"].assign(optimizer_.state().begin(), optimizer_.state().end());
    if (!best_params_.empty()) file.blobs["best_params"] = best_params_;
    save_model_file(config_.checkpoint, file);
    checkpoint_saved_ = true;
}

void Trainer::resume_from(const std::filesystem::path& path) {
    const ModelFile file = load_model_file(path);
    const std::string source = path.string();
    if (to_json(file.spec) != to_json(spec_of<float>(net_, false)))
        fail(source, ": the checkpoint's architecture differs from the model being trained");
    nlohmann::json extra;
    try {
        extra = nlohmann::json::parse(file.extra_json).at("checkpoint");
        const auto& params = file.blobs.at("params");
        std::copy(params.begin(), params.end(), net_.params().begin());
        if (extra.at("optimizer").get<std::string>() != to_string(config_.optimizer.kind))
            fail(source, ": the checkpoint was trained with ", extra.at("optimizer").get<std::string>(),
                 ", not ", to_string(config_.optimizer.kind));
        const auto& state = file.blobs.at("optimizer_state");
        const auto state_version = extra.value("optimizer_state_version", std::uint64_t{1});
        if (state_version > kOptimizerStateVersion)
            fail(source, ": the checkpoint's optimizer state has version ", state_version,
                 "; this build reads up to ", kOptimizerStateVersion);
        optimizer_.set_state(state, extra.at("optimizer_steps").get<std::uint64_t>());
        if (state_version < 2 && uses_velocity(config_.optimizer.kind)) {
            const History saved = History::from_json(extra.at("history").dump());
            const double lr = saved.epochs.empty() ? 0.0 : saved.epochs.back().learning_rate;
            optimizer_.set_state(velocity_from_version_1(state, lr, source), optimizer_.steps());
        }
        Rng::State st{};
        for (std::size_t i = 0; i < 4; ++i) st.s[i] = extra.at("rng").at(i).get<std::uint64_t>();
        st.spare = extra.at("rng_spare").get<double>();
        st.has_spare = extra.at("rng_has_spare").get<bool>();
        rng_.set_state(st);
        // The rate continues where it was (a plateau may have lowered it),
        // unless this run asks for a different one than the checkpoint's run.
        if (extra.at("config_lr").get<double>() == config_.optimizer.learning_rate)
            base_lr_ = extra.at("base_lr").get<double>();
        best_value_ = extra.at("best_value").is_null() ? std::numeric_limits<double>::infinity()
                                                       : extra.at("best_value").get<double>();
        best_epoch_ = extra.at("best_epoch").get<std::size_t>();
        bad_epochs_ = extra.at("bad_epochs").get<std::size_t>();
        if (const auto it = file.blobs.find("best_params"); it != file.blobs.end()) best_params_ = it->second;
        if (plateau_ && extra.contains("plateau")) {
            const auto& p = extra.at("plateau");
            plateau_->restore(p.at("best").is_null() ? std::numeric_limits<double>::infinity() : p.at("best").get<double>(),
                              p.at("bad").get<std::size_t>());
        }
        history_ = History::from_json(extra.at("history").dump());
        start_epoch_ = extra.at("epoch").get<std::size_t>() + 1;
        checkpoint_saved_ = path == config_.checkpoint;
    } catch (const nlohmann::json::exception& e) {
        fail(source, ": not a training checkpoint (", e.what(), ")");
    } catch (const std::out_of_range&) {
        fail(source, ": not a training checkpoint (no optimizer state)");
    }
}

}  // namespace neurite
