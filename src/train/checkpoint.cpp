#include "neurite/train/checkpoint.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "neurite/core/error.hpp"
#include "neurite/io/model_file.hpp"

namespace neurite {
namespace {

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

CheckpointWriter::CheckpointWriter(Trainer& trainer, std::filesystem::path path, std::size_t every,
                                   Preprocessing preprocessing)
    : trainer_(trainer), path_(std::move(path)), every_(every), preprocessing_(std::move(preprocessing)) {
    if (every_ == 0) fail("checkpoints: the interval must be at least 1 epoch");
    if (path_.empty()) fail("checkpoints: no file given");
    trainer_.checkpoint_path_ = path_;
    trainer_.checkpoint_saved_ = trainer_.resumed_from_ == path_;
    trainer_.add_callback(*this);
}

void CheckpointWriter::on_epoch_end(const EpochRecord& record) {
    using Clock = std::chrono::steady_clock;
    const std::size_t epoch = record.epoch;
    const bool last = epoch == trainer_.config().epochs || trainer_.stopping();
    if (!last && epoch % every_ != 0) return;
    const auto start = Clock::now();
    if (!last && factor_ > 0 && written_ && start - last_end_ < factor_ * last_cost_) return;
    write(epoch);
    written_ = true;
    last_end_ = Clock::now();
    last_cost_ = last_end_ - start;
}

void CheckpointWriter::write(std::size_t epoch) {
    const Trainer& t = trainer_;
    ModelFile file = model_file_of(t.net_, preprocessing_);
    const Rng::State st = t.rng_.state();
    nlohmann::json state = {
        {"epoch", epoch},
        {"rng", {st.s[0], st.s[1], st.s[2], st.s[3]}},
        {"rng_spare", st.spare},
        {"rng_has_spare", st.has_spare},
        {"base_lr", t.base_lr_},
        {"config_lr", t.config_.optimizer.learning_rate},
        {"optimizer", std::string(to_string(t.config_.optimizer.kind))},
        {"optimizer_steps", t.optimizer_.steps()},
        {"optimizer_state_version", kOptimizerStateVersion},
        {"best_value", std::isfinite(t.best_value_) ? nlohmann::json(t.best_value_) : nlohmann::json(nullptr)},
        {"best_epoch", t.best_epoch_},
        {"bad_epochs", t.bad_epochs_},
        {"history", nlohmann::json::parse(t.history_.to_json())},
    };
    if (t.plateau_) state["plateau"] = {{"best", std::isfinite(t.plateau_->best()) ? nlohmann::json(t.plateau_->best()) : nlohmann::json(nullptr)}, {"bad", t.plateau_->bad_epochs()}};
    file.extra_json = nlohmann::json{{"checkpoint", state}}.dump();
    file.blobs["optimizer_state"].assign(t.optimizer_.state().begin(), t.optimizer_.state().end());
    if (!t.best_params_.empty()) file.blobs["best_params"] = t.best_params_;
    save_model_file(path_, file);
    trainer_.checkpoint_written(epoch, path_);
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
        resumed_from_ = path;
        checkpoint_saved_ = !checkpoint_path_.empty() && path == checkpoint_path_;
    } catch (const nlohmann::json::exception& e) {
        fail(source, ": not a training checkpoint (", e.what(), ")");
    } catch (const std::out_of_range&) {
        fail(source, ": not a training checkpoint (no optimizer state)");
    }
}

}  // namespace neurite
