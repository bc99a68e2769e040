#include "neurite/train/trainer.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "neurite/core/error.hpp"
#include "neurite/io/model_file.hpp"
#include "neurite/train/checkpoint.hpp"
#include "neurite/nn/dense.hpp"
#include "test_util.hpp"
#include "tiny_net.hpp"

namespace neurite {
namespace {

// Two noisy Gaussian blobs in 4-D: an easy, fast classification problem.
Dataset blobs(std::size_t n, std::uint64_t seed) {
    Rng rng(seed);
    Matrix x(n, 4);
    std::vector<std::int32_t> labels(n);
    for (std::size_t i = 0; i < n; ++i) {
        labels[i] = static_cast<std::int32_t>(i % 2);
        for (std::size_t j = 0; j < 4; ++j)
            x(i, j) = static_cast<float>(rng.normal(labels[i] == 1 ? 1.0 : -1.0, 0.8));
    }
    return make_classification(std::move(x), std::move(labels), 2);
}

// The default config but for the number of epochs and the batch size.
TrainConfig train_config(std::size_t epochs, std::size_t batch_size = TrainConfig().batch_size) {
    TrainConfig cfg;
    cfg.epochs = epochs;
    cfg.batch_size = batch_size;
    return cfg;
}

// Blobs with the labels flipped: as validation data for a net trained on
// blobs, its loss rises as training improves, so the best epoch is the first.
Dataset flipped_blobs(std::size_t n, std::uint64_t seed) {
    Dataset d = blobs(n, seed);
    for (auto& l : d.labels) l = 1 - l;
    d.targets = one_hot(d.labels, 2);
    return d;
}

Sequential small_net(std::uint64_t seed = 1) { return test::tanh_softmax_net(4, 8, 2, seed); }

std::filesystem::path temp_path(const std::string& name) {
    return std::filesystem::temp_directory_path() / ("neurite_trainer_test_" + name);
}

// A fit that writes a checkpoint to `path` after every epoch.
History fit_checkpointed(Sequential& net, const TrainConfig& cfg, const std::filesystem::path& path,
                         const Dataset& train, const Dataset* validation = nullptr) {
    Trainer trainer(net, cfg);
    CheckpointWriter checkpoints(trainer, path);
    return trainer.fit(train, validation);
}

struct Recorder : TrainCallback {
    std::size_t batches = 0, epochs = 0;
    void on_batch_end(std::size_t, std::size_t, double, double) override { ++batches; }
    void on_epoch_end(const EpochRecord&) override { ++epochs; }
};

}  // namespace

TEST(Trainer, LearnsAndRecordsHistory) {
    const Dataset train = blobs(400, 1), val = blobs(100, 2);
    Sequential net = small_net();
    TrainConfig cfg = train_config(5, 32);
    cfg.optimizer.learning_rate = 0.01;
    Trainer trainer(net, cfg);
    Recorder rec;
    trainer.add_callback(rec);
    const History h = trainer.fit(train, &val);
    ASSERT_EQ(h.epochs.size(), 5u);
    EXPECT_EQ(rec.epochs, 5u);
    EXPECT_EQ(rec.batches, 5u * 13u);  // ceil(400 / 32) batches per epoch
    EXPECT_LT(h.epochs.back().loss, h.epochs.front().loss);
    EXPECT_GT(h.epochs.back().val_accuracy, 0.9);
    EXPECT_EQ(h.stop_reason, "completed");
    // The recorded validation numbers are what evaluate() says now.
    const Evaluation ev = evaluate(net, val, cfg.loss);
    EXPECT_DOUBLE_EQ(ev.accuracy, h.epochs.back().val_accuracy);
    EXPECT_NEAR(ev.loss, h.epochs.back().val_loss, 1e-9);
}

TEST(Trainer, HistoryRoundTripsThroughJsonAndCsv) {
    History h;
    EpochRecord r;
    r.epoch = 1, r.loss = 0.5, r.accuracy = 0.75, r.learning_rate = 0.01, r.seconds = 1.5;
    h.epochs.push_back(r);
    h.stop_reason = "completed";
    const History back = History::from_json(h.to_json());
    ASSERT_EQ(back.epochs.size(), 1u);
    EXPECT_EQ(back.epochs[0].loss, 0.5);
    EXPECT_TRUE(std::isnan(back.epochs[0].val_loss));  // written as null
    EXPECT_EQ(h.to_csv(), "epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,seconds\n1,0.5,0.75,,,0.01,1.5\n");
    EXPECT_NE(h.to_svg().find("<svg"), std::string::npos);
}

TEST(Trainer, EarlyStoppingRestoresTheBestWeights) {
    // The best epoch is the first, and training stops after `patience` more.
    const Dataset train = blobs(200, 3), val = flipped_blobs(100, 4);
    Sequential net = small_net();
    TrainConfig cfg = train_config(50);
    cfg.optimizer.learning_rate = 0.01;
    cfg.early_stopping.patience = 3;
    Trainer trainer(net, cfg);
    const History h = trainer.fit(train, &val);
    EXPECT_EQ(h.epochs.size(), 4u);
    EXPECT_EQ(h.stop_reason, "early stopping at epoch 4 (best epoch 1)");
    const Evaluation now = evaluate(net, val, cfg.loss);
    EXPECT_NEAR(now.loss, h.epochs[0].val_loss, 1e-9);  // weights of epoch 1
}

TEST(Trainer, DivergenceStopsWithEpochAndBatchAndKeepsTheCheckpoint) {
    const Dataset train = blobs(256, 5);
    auto make_net = [] {
        Sequential net(4);  // unbounded outputs, so a huge step overflows
        net.dense(8, Activation::relu).dense(2);
        net.build();
        Rng rng(1);
        net.init(rng);
        return net;
    };
    const auto ckpt = temp_path("diverge.nrm");
    TrainConfig cfg = train_config(2, 32);
    cfg.loss = Loss::mse;
    cfg.optimizer = {.kind = OptimizerKind::sgd, .learning_rate = 0.01};
    Sequential good = make_net();
    fit_checkpointed(good, cfg, ckpt, train);  // two sane epochs
    const std::vector<float> saved = load_model_file(ckpt).blobs.at("params");

    // Continue from it with an absurd learning rate.
    cfg.epochs = 10;
    cfg.optimizer.learning_rate = 1e12;
    Sequential net = make_net();
    Trainer trainer(net, cfg);
    trainer.resume_from(ckpt);
    CheckpointWriter checkpoints(trainer, ckpt);
    try {
        trainer.fit(train);
        FAIL() << "no error";
    } catch (const Error& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("training diverged at epoch 3, batch "), std::string::npos) << msg;
        EXPECT_NE(msg.find(" of 8: "), std::string::npos) << msg;
        EXPECT_NE(msg.find("the last good checkpoint is " + ckpt.string()), std::string::npos) << msg;
    }
    // The checkpoint is the one from epoch 2, untouched.
    EXPECT_EQ(load_model_file(ckpt).blobs.at("params"), saved);
    std::filesystem::remove(ckpt);
}

TEST(Trainer, OnCheckpointGetsTheHistorySoFar) {
    const Dataset train = blobs(128, 8);
    const auto ckpt = temp_path("on_checkpoint.nrm");
    TrainConfig cfg = train_config(5, 32);
    struct Seen : TrainCallback {
        std::vector<std::pair<std::size_t, std::string>> calls;
        std::vector<std::size_t> sizes;
        void on_checkpoint(std::size_t epoch, const History& h) override {
            calls.emplace_back(epoch, h.stop_reason);
            sizes.push_back(h.epochs.size());
        }
    } seen;
    Sequential net = small_net();
    Trainer trainer(net, cfg);
    CheckpointWriter checkpoints(trainer, ckpt, 2);
    trainer.add_callback(seen);
    trainer.fit(train);
    // Epochs 2 and 4, and the last one; each after its checkpoint was written.
    EXPECT_EQ(seen.calls, (std::vector<std::pair<std::size_t, std::string>>{
                              {2, "checkpoint at epoch 2 of 5"}, {4, "checkpoint at epoch 4 of 5"}, {5, "completed"}}));
    EXPECT_EQ(seen.sizes, (std::vector<std::size_t>{2, 4, 5}));
    std::filesystem::remove(ckpt);
}

// skip_while_recent with a factor no epoch can outlast: the first checkpoint
// is written, the ones due while it is recent are skipped, the last epoch's
// is written all the same. With factor 0 (the default) every one is.
TEST(Trainer, CheckpointsSkippedWhileRecentButTheLastWritten) {
    const Dataset train = blobs(128, 8);
    const auto ckpt = temp_path("skip_recent.nrm");
    struct Seen : TrainCallback {
        std::vector<std::size_t> epochs;
        void on_checkpoint(std::size_t epoch, const History&) override { epochs.push_back(epoch); }
    };
    for (const double factor : {0.0, 1e12}) {
        Seen seen;
        Sequential net = small_net();
        Trainer trainer(net, train_config(5, 32));
        CheckpointWriter checkpoints(trainer, ckpt);
        checkpoints.skip_while_recent(factor);
        trainer.add_callback(seen);
        trainer.fit(train);
        EXPECT_EQ(seen.epochs, factor == 0.0 ? (std::vector<std::size_t>{1, 2, 3, 4, 5}) : (std::vector<std::size_t>{1, 5}))
            << "factor " << factor;
        std::filesystem::remove(ckpt);
    }
}

TEST(Trainer, CheckpointResumeGivesTheUninterruptedWeights) {
    const Dataset train = blobs(300, 6), val = blobs(60, 7);
    const auto ckpt = temp_path("resume.nrm");
    TrainConfig cfg = train_config(6, 16);
    cfg.optimizer = {.kind = OptimizerKind::adam, .learning_rate = 0.01};
    cfg.schedule.kind = ScheduleKind::cosine;
    cfg.schedule.period = 6;

    Sequential full = small_net();
    Trainer(full, cfg).fit(train, &val);

    // First 3 epochs, checkpointed; then a fresh network resumes for the rest.
    Sequential first = small_net();
    TrainConfig part = cfg;
    part.epochs = 3;
    fit_checkpointed(first, part, ckpt, train, &val);
    Sequential resumed = small_net(99);  // different start: resume overwrites it
    Trainer t(resumed, cfg);
    t.resume_from(ckpt);
    CheckpointWriter checkpoints(t, ckpt);
    const History h = t.fit(train, &val);
    EXPECT_EQ(h.epochs.size(), 6u);
    ASSERT_EQ(full.param_count(), resumed.param_count());
    for (std::size_t i = 0; i < full.param_count(); ++i) ASSERT_EQ(full.params()[i], resumed.params()[i]) << i;
    std::filesystem::remove(ckpt);
}

// A checkpoint as neurite 0.1.0 wrote it for momentum: the velocity held
// the rate (v₁ = −η·v₂) and no "optimizer_state_version" was written.
void make_version_1_checkpoint(const std::filesystem::path& path, double lr) {
    ModelFile file = load_model_file(path);
    auto extra = nlohmann::json::parse(file.extra_json);
    ASSERT_EQ(extra["checkpoint"]["optimizer_state_version"], 2);
    extra["checkpoint"].erase("optimizer_state_version");
    file.extra_json = extra.dump();
    for (float& v : file.blobs.at("optimizer_state")) v = static_cast<float>(-lr * v);
    save_model_file(path, file);
}

TEST(Trainer, MomentumCheckpointOfTheOldConventionIsConverted) {
    const Dataset train = blobs(300, 6);
    const auto ckpt = temp_path("momentum_v1.nrm");
    TrainConfig cfg = train_config(4, 16);
    cfg.optimizer = {.kind = OptimizerKind::nesterov, .learning_rate = 0.05, .momentum = 0.9};

    Sequential full = small_net();
    Trainer(full, cfg).fit(train);

    Sequential first = small_net();
    TrainConfig part = cfg;
    part.epochs = 2;
    fit_checkpointed(first, part, ckpt, train);
    make_version_1_checkpoint(ckpt, 0.05);

    // Converted back (v₂ = −v₁/η), the run continues as the uninterrupted
    // one, up to the float rounding of the two conversions.
    Sequential resumed = small_net(99);
    Trainer t(resumed, cfg);
    t.resume_from(ckpt);
    CheckpointWriter checkpoints(t, ckpt);
    t.fit(train);
    double worst = 0.0;
    for (std::size_t i = 0; i < full.param_count(); ++i)
        worst = std::max(worst, static_cast<double>(std::abs(full.params()[i] - resumed.params()[i])));
    EXPECT_LT(worst, 1e-5);
    std::filesystem::remove(ckpt);
}

TEST(Trainer, OldMomentumCheckpointWithoutARateAndNewerStateAreRefused) {
    const Dataset train = blobs(64, 6);
    const auto ckpt = temp_path("momentum_refused.nrm");
    TrainConfig cfg = train_config(1);
    cfg.optimizer = {.kind = OptimizerKind::momentum, .learning_rate = 0.05};
    Sequential net = small_net();
    fit_checkpointed(net, cfg, ckpt, train);
    auto expect_refused = [&](const std::string& needle) {
        Sequential other = small_net();
        Trainer t(other, cfg);
        try {
            t.resume_from(ckpt);
            ADD_FAILURE() << "no error";
        } catch (const Error& e) {
            EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
        }
    };
    // The last epoch's rate was 0 (a cosine schedule's end): v₁ = 0·v₂ lost v₂.
    make_version_1_checkpoint(ckpt, 0.05);
    ModelFile file = load_model_file(ckpt);
    auto extra = nlohmann::json::parse(file.extra_json);
    extra["checkpoint"]["history"]["epochs"][0]["learning_rate"] = 0.0;
    file.extra_json = extra.dump();
    save_model_file(ckpt, file);
    expect_refused("written by neurite 0.1.0 (velocity scaled by the learning rate) and its last learning rate is 0");

    extra["checkpoint"]["optimizer_state_version"] = 3;
    file.extra_json = extra.dump();
    save_model_file(ckpt, file);
    expect_refused("optimizer state has version 3; this build reads up to 2");
    std::filesystem::remove(ckpt);
}

TEST(Trainer, ResumeRejectsAnotherArchitecture) {
    const Dataset train = blobs(64, 8);
    const auto ckpt = temp_path("arch.nrm");
    Sequential net = small_net();
    TrainConfig cfg = train_config(1);
    fit_checkpointed(net, cfg, ckpt, train);
    Sequential other(4);
    other.dense(3, Activation::relu).dense(2).softmax();
    other.build();
    Trainer t(other, cfg);
    EXPECT_THROW(t.resume_from(ckpt), Error);
    std::filesystem::remove(ckpt);
}

TEST(Trainer, GradientClippingBoundsTheStep) {
    const Dataset train = blobs(32, 9);
    Sequential a = small_net(), b = small_net();
    TrainConfig cfg = train_config(1, 32);
    cfg.shuffle = false;
    cfg.optimizer = {.kind = OptimizerKind::sgd, .learning_rate = 1.0};
    const std::vector<float> before(a.params().begin(), a.params().end());
    Trainer(a, cfg).fit(train);
    cfg.clip_norm = 1e-3;
    Trainer(b, cfg).fit(train);
    double step_a = 0, step_b = 0;
    for (std::size_t i = 0; i < before.size(); ++i) {
        step_a += std::pow(a.params()[i] - before[i], 2);
        step_b += std::pow(b.params()[i] - before[i], 2);
    }
    EXPECT_GT(std::sqrt(step_a), 1e-2);
    EXPECT_NEAR(std::sqrt(step_b), 1e-3, 1e-5);  // one SGD step of a gradient clipped to norm 1e-3
}

TEST(Trainer, EqualClassWeightsLeaveTheLossUnchanged) {
    // PyTorch's weighted mean Σ w_yᵢ·lossᵢ / Σ w_yᵢ: equal weights cancel.
    const Dataset train = blobs(64, 10);
    TrainConfig cfg = train_config(1, 64);
    cfg.shuffle = false;
    cfg.optimizer = {.kind = OptimizerKind::sgd, .learning_rate = 1e-9};
    Sequential a = small_net(), b = small_net();
    const double plain = Trainer(a, cfg).fit(train).epochs[0].loss;
    cfg.class_weights = {2.0f, 2.0f};
    const double doubled = Trainer(b, cfg).fit(train).epochs[0].loss;
    EXPECT_NEAR(doubled, plain, 1e-6);
    cfg.class_weights = {1.0f};
    Sequential c = small_net();
    EXPECT_THROW(Trainer(c, cfg).fit(train), Error);  // one weight for two classes
    cfg.class_weights = {1.0f, -1.0f};
    EXPECT_THROW(Trainer(c, cfg).fit(train), Error);  // a negative weight
    cfg.class_weights = {1.0f, 2.0f};
    cfg.loss = Loss::binary_cross_entropy;
    EXPECT_THROW(Trainer(c, cfg).fit(train), Error);  // no class weights for binary cross-entropy
}

TEST(Trainer, ClassWeightedCrossEntropyIsPyTorchsWeightedMean) {
    // Three classes weighted 1, 2, 3, one batch of 12 rows, one SGD step of
    // rate 1. Computed here in double from the network's own probabilities p:
    //   loss   = Σᵢ w_yᵢ·(−log p_i,yᵢ) / Σᵢ w_yᵢ       (CrossEntropyLoss(weight=w))
    //   ∂/∂b_k = Σᵢ w_yᵢ·(p_ik − [k = yᵢ]) / Σᵢ w_yᵢ  (b: the output layer's bias)
    // The rows cycle through the classes unevenly (labels i % 3 of 12 rows,
    // then 2 more of class 0), so Σ w_yᵢ = 6·1 + 4·2 + 4·3 = 26 ≠ 14 rows · 2.
    const std::size_t n = 14;
    Rng rng(21);
    Matrix x(n, 4);
    std::vector<std::int32_t> labels(n);
    for (std::size_t i = 0; i < n; ++i) {
        labels[i] = i < 12 ? static_cast<std::int32_t>(i % 3) : 0;
        for (std::size_t j = 0; j < 4; ++j) x(i, j) = static_cast<float>(rng.normal(labels[i] - 1.0, 1.0));
    }
    const Dataset train = make_classification(std::move(x), labels, 3);
    const std::array<double, 3> w = {1.0, 2.0, 3.0};
    auto make_net = [] {
        Sequential net(4);
        net.dense(5, Activation::tanh).dense(3).softmax();
        net.build();
        Rng init(3);
        net.init(init);
        return net;
    };
    Sequential net = make_net();
    const auto p = net.forward(train.features.view());
    double loss = 0.0, wsum = 0.0;
    std::array<double, 3> db = {0.0, 0.0, 0.0};
    for (std::size_t i = 0; i < n; ++i) {
        const auto y = static_cast<std::size_t>(labels[i]);
        wsum += w[y];
        loss -= w[y] * std::log(static_cast<double>(p(i, y)));
        for (std::size_t k = 0; k < 3; ++k) db[k] += w[y] * (p(i, k) - (k == y ? 1.0 : 0.0));
    }
    loss /= wsum;
    for (double& d : db) d /= wsum;
    ASSERT_EQ(wsum, 26.0);

    const std::size_t bias = net.param_offset(1) + 5 * 3;
    const std::vector<float> before(net.params().begin() + static_cast<std::ptrdiff_t>(bias),
                                    net.params().begin() + static_cast<std::ptrdiff_t>(bias + 3));
    TrainConfig cfg = train_config(1, n);
    cfg.shuffle = false;
    cfg.optimizer = {.kind = OptimizerKind::sgd, .learning_rate = 1.0};
    cfg.class_weights = {1.0f, 2.0f, 3.0f};
    const History h = Trainer(net, cfg).fit(train);
    EXPECT_NEAR(h.epochs[0].loss, loss, 1e-6 * loss);
    for (std::size_t k = 0; k < 3; ++k)
        EXPECT_NEAR(before[k] - net.params()[bias + k], db[k], 1e-6) << "bias gradient " << k;

    // The same through the unfused path (gradients, then a momentum step
    // without momentum's history: its first step is η·g, as SGD's).
    Sequential again = make_net();
    cfg.optimizer = {.kind = OptimizerKind::momentum, .learning_rate = 1.0, .momentum = 0.9};
    EXPECT_NEAR(Trainer(again, cfg).fit(train).epochs[0].loss, loss, 1e-6 * loss);
    for (std::size_t k = 0; k < 3; ++k)
        EXPECT_NEAR(before[k] - again.params()[bias + k], db[k], 1e-6) << "bias gradient " << k;
}

TEST(Trainer, ReduceOnPlateauLowersTheRate) {
    const Dataset train = blobs(64, 11), val = flipped_blobs(32, 12);
    Sequential net = small_net();
    TrainConfig cfg = train_config(8);
    cfg.optimizer.learning_rate = 0.01;
    cfg.plateau = PlateauConfig{0.5, 2, 0.0};
    const History h = Trainer(net, cfg).fit(train, &val);
    EXPECT_DOUBLE_EQ(h.epochs.front().learning_rate, 0.01);
    EXPECT_LT(h.epochs.back().learning_rate, 0.01);
}

TEST(Trainer, DataThatDoesNotFitTheModelIsAnError) {
    Sequential net = small_net();
    TrainConfig cfg;
    Trainer trainer(net, cfg);
    Dataset wide = make_classification(Matrix(4, 5), {0, 1, 0, 1}, 2);
    try {
        trainer.fit(wide);
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_STREQ(e.what(), "training set has 5 features but the model expects 4");
    }
}

}  // namespace neurite

namespace neurite {
namespace {

// The largest L2 norm of a unit's incoming weights over the Dense layers.
double largest_unit_norm(Sequential& net) {
    double most = 0;
    for (std::size_t i = 0; i < net.size(); ++i) {
        const auto* dense = dynamic_cast<const Dense<float>*>(&std::as_const(net).layer(i));
        if (dense == nullptr) continue;
        const auto w = dense->weights();
        for (std::size_t c = 0; c < w.cols(); ++c) {
            double sq = 0;
            for (std::size_t r = 0; r < w.rows(); ++r) sq += static_cast<double>(w(r, c)) * w(r, c);
            most = std::max(most, std::sqrt(sq));
        }
    }
    return most;
}

struct NormProbe : TrainCallback {
    Sequential* net = nullptr;
    double most = 0;
    std::size_t batches = 0;
    void on_batch_end(std::size_t, std::size_t, double, double) override {
        most = std::max(most, largest_unit_norm(*net));
        ++batches;
    }
};

}  // namespace

TEST(Trainer, MaxNormHoldsAfterEveryStep) {
    const Dataset train = blobs(64, 3);
    // Plain SGD (its update fused into backward) and Adam (the stage path),
    // at rates that grow the weights well past the bound.
    for (const OptimizerKind kind : {OptimizerKind::sgd, OptimizerKind::adam}) {
        Sequential free = small_net(), bound = small_net();
        TrainConfig cfg = train_config(5, 8);
        cfg.optimizer = {.kind = kind, .learning_rate = kind == OptimizerKind::sgd ? 2.0 : 0.2};
        Trainer(free, cfg).fit(train);
        const double limit = 0.5 * largest_unit_norm(free);
        ASSERT_GT(limit, largest_unit_norm(bound)) << "the bound must bind only after some steps";
        cfg.max_norm = limit;
        Trainer trainer(bound, cfg);
        NormProbe probe;
        probe.net = &bound;
        trainer.add_callback(probe);
        trainer.fit(train);
        EXPECT_EQ(probe.batches, 5u * 8u);
        EXPECT_LE(probe.most, limit * (1 + 1e-6)) << to_string(kind);
        EXPECT_GT(probe.most, limit * 0.99) << to_string(kind);  // it bound
    }
}

TEST(Trainer, MaxNormRescalesOnlyTheColumnsOverIt) {
    Sequential net = small_net();
    auto& dense = dynamic_cast<Dense<float>&>(net.layer(0));
    const MatrixView<float> w = dense.weights();  // 4 inputs × 8 units
    for (std::size_t r = 0; r < w.rows(); ++r) {
        w(r, 0) = 3.0f;   // norm 6
        w(r, 1) = 0.25f;  // norm 0.5
    }
    const std::vector<float> bias(dense.bias().begin(), dense.bias().end());
    constrain_max_norm(net, 2.0);
    for (std::size_t r = 0; r < w.rows(); ++r) {
        EXPECT_FLOAT_EQ(w(r, 0), 1.0f);
        EXPECT_FLOAT_EQ(w(r, 1), 0.25f);
    }
    EXPECT_TRUE(std::equal(bias.begin(), bias.end(), dense.bias().begin()));
    EXPECT_THROW(constrain_max_norm(net, 0.0), Error);
    TrainConfig cfg = train_config(1);
    cfg.max_norm = -1;
    EXPECT_THROW(Trainer(net, cfg), Error);
}

TEST(Trainer, MomentumRampsFromItsStartToTheOptimizersMomentum) {
    const MomentumRamp ramp{.epochs = 5, .start = 0.5};
    EXPECT_DOUBLE_EQ(ramp.at(1, 0.9), 0.5);
    EXPECT_DOUBLE_EQ(ramp.at(3, 0.9), 0.7);
    EXPECT_DOUBLE_EQ(ramp.at(5, 0.9), 0.9);
    EXPECT_DOUBLE_EQ(ramp.at(9, 0.9), 0.9);
    EXPECT_DOUBLE_EQ(MomentumRamp{}.at(1, 0.9), 0.9);

    const Dataset train = blobs(32, 4);
    Sequential net = small_net();
    TrainConfig cfg = train_config(4, 16);
    cfg.optimizer = {.kind = OptimizerKind::nesterov, .learning_rate = 0.05, .momentum = 0.95};
    cfg.momentum_ramp = {.epochs = 3, .start = 0.35};
    Trainer trainer(net, cfg);
    struct Seen : TrainCallback {
        Trainer* t = nullptr;
        std::vector<double> momentum;
        void on_epoch_end(const EpochRecord&) override { momentum.push_back(t->optimizer().config().momentum); }
    } seen;
    seen.t = &trainer;
    trainer.add_callback(seen);
    trainer.fit(train);
    ASSERT_EQ(seen.momentum.size(), 4u);
    EXPECT_NEAR(seen.momentum[0], 0.35, 1e-12);
    EXPECT_NEAR(seen.momentum[1], 0.65, 1e-12);
    EXPECT_NEAR(seen.momentum[2], 0.95, 1e-12);
    EXPECT_NEAR(seen.momentum[3], 0.95, 1e-12);

    cfg.optimizer = default_config(OptimizerKind::adam);
    EXPECT_NE(test::error_of([&] { Trainer(net, cfg); }).find("momentum or nesterov"), std::string::npos);
}

TEST(Trainer, VariedFeaturesAreWhatEachEpochTrainsOn) {
    // Every epoch trains on the features the hook wrote: all zero features
    // leave a tanh layer's weights alone (only the biases learn), so the
    // first layer's weights change only in the epochs whose features are not zero.
    const Dataset train = blobs(32, 5);
    Sequential net = small_net();
    TrainConfig cfg = train_config(3, 8);
    cfg.optimizer = {.kind = OptimizerKind::sgd, .learning_rate = 0.1};
    Trainer trainer(net, cfg);
    std::vector<std::size_t> calls;
    trainer.vary_features([&](std::size_t epoch, std::size_t epochs, MatrixView<float> features) {
        calls.push_back(epoch);
        EXPECT_EQ(epochs, 3u);
        ASSERT_EQ(features.rows(), train.size());
        for (std::size_t r = 0; r < features.rows(); ++r)
            for (std::size_t c = 0; c < features.cols(); ++c) features(r, c) = epoch == 2 ? train.features(r, c) : 0.0f;
    });
    std::vector<std::vector<float>> weights;
    struct Snap : TrainCallback {
        Sequential* net;
        std::vector<std::vector<float>>* out;
        void on_epoch_end(const EpochRecord&) override {
            const auto w = dynamic_cast<const Dense<float>&>(std::as_const(*net).layer(0)).weights().flat();
            out->emplace_back(w.begin(), w.end());
        }
    } snap;
    snap.net = &net;
    snap.out = &weights;
    const auto w0 = dynamic_cast<const Dense<float>&>(std::as_const(net).layer(0)).weights().flat();
    const std::vector<float> start(w0.begin(), w0.end());
    trainer.add_callback(snap);
    trainer.fit(train);
    EXPECT_EQ(calls, (std::vector<std::size_t>{1, 2, 3}));
    ASSERT_EQ(weights.size(), 3u);
    EXPECT_EQ(weights[0], start);
    EXPECT_NE(weights[1], weights[0]);
    EXPECT_EQ(weights[2], weights[1]);
}

}  // namespace neurite
