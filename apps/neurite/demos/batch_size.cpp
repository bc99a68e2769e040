// neurite demo batch-size: stochastic (batch 1), mini-batch (16, 64, 256) and
// full-batch gradient descent on the same 2048 MNIST digits, the same
// network, the same initial weights and learning rate, for the same number of
// samples seen. Loss on the whole slice against samples seen and against
// training time (evaluations not counted). Each run is one Trainer::fit.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "demo.hpp"
#include "neurite/data/dataset.hpp"
#include "neurite/data/transforms.hpp"
#include "neurite/nn/sequential.hpp"
#include "neurite/plot/svg.hpp"
#include "neurite/train/trainer.hpp"

namespace neurite::cli {
namespace {

constexpr std::size_t kRows = 2048, kEvery = 256;  // a loss point every 256 samples (each step for full batch)

struct Run {
    std::size_t batch = 0;
    std::string name;
    std::size_t steps = 0;
    double seconds = 0;
    std::vector<double> seen, time, loss;
};

// The loss on the whole slice every kEvery samples seen, and the training
// time: the clock runs from the start of each epoch (the shuffle, each
// batch's row gathering and its step) and stops for the evaluations.
class LossRecorder : public TrainCallback {
public:
    LossRecorder(Run& r, Sequential& net, const Dataset& data) : r_(r), net_(net), data_(data) { record(); }
    void on_epoch_begin(std::size_t /*epoch*/) override { start_ = Clock::now(); }
    void on_batch_end(std::size_t /*epoch*/, std::size_t batch, double /*loss*/, double /*accuracy*/) override {
        const std::size_t n = std::min(r_.batch, data_.size() - (batch - 1) * r_.batch);
        ++r_.steps;
        const std::size_t before = seen_;
        seen_ += n;
        if (seen_ / kEvery != before / kEvery) {
            r_.seconds += std::chrono::duration<double>(Clock::now() - start_).count();
            record();
            start_ = Clock::now();
        }
    }
    void on_epoch_end(const EpochRecord& /*record*/) override {
        if (seen_ % kEvery != 0) r_.seconds += std::chrono::duration<double>(Clock::now() - start_).count();
    }

private:
    using Clock = std::chrono::steady_clock;
    void record() {
        r_.seen.push_back(static_cast<double>(seen_));
        r_.time.push_back(r_.seconds);
        r_.loss.push_back(evaluate(net_, data_, Loss::categorical_cross_entropy).loss);
    }

    Run& r_;
    Sequential& net_;
    const Dataset& data_;
    std::size_t seen_ = 0;
    Clock::time_point start_;
};

void train_run(Run& r, const Dataset& data, std::size_t epochs, double lr, std::uint64_t seed) {
    Sequential net(784);
    net.dense(64, Activation::relu).dense(10).softmax();
    net.build();
    Rng init(seed);
    net.init(init);
    TrainConfig cfg;
    cfg.epochs = epochs;
    cfg.batch_size = r.batch;
    cfg.seed = seed ^ 0x6f72646572ULL;  // the same batch order in every run
    cfg.loss = Loss::categorical_cross_entropy;
    cfg.optimizer = {.kind = OptimizerKind::sgd, .learning_rate = lr};
    Trainer trainer(net, cfg);
    LossRecorder recorder(r, net, data);
    trainer.add_callback(recorder);
    trainer.fit(data);
}

}  // namespace

int demo_batch_size(const DemoContext& ctx) {
    const std::size_t epochs = ctx.epochs.value_or(8);
    const double lr = ctx.learning_rate.value_or(0.05);
    const auto dir = ctx.data_root / "mnist";
    const Dataset all = load_mnist(dir, "train");
    std::vector<std::size_t> rows(kRows);
    for (std::size_t i = 0; i < kRows; ++i) rows[i] = i;
    Dataset data = subset(all, rows);
    fit_fixed_range(784, 0, 255, 0, 1).apply(data.features.view());

    std::printf("data: the first %zu MNIST training digits (pixels to 0..1)\n", kRows);
    std::printf("model: 784-64-10 ReLU, softmax + cross-entropy; plain SGD lr %g; the same initial weights (seed %llu)\n",
                lr, static_cast<unsigned long long>(ctx.seed));
    std::printf("every run sees %zu epochs x %zu = %zu samples; loss on all %zu digits every %zu samples seen\n\n",
                epochs, kRows, epochs * kRows, kRows, kEvery);

    std::vector<Run> runs;
    for (std::size_t b : {std::size_t{1}, std::size_t{16}, std::size_t{64}, std::size_t{256}, kRows}) {
        Run r;
        r.batch = b;
        r.name = b == 1 ? "batch 1 (stochastic)" : b == kRows ? "batch " + std::to_string(b) + " (full)"
                                                              : "batch " + std::to_string(b) + " (mini-batch)";
        runs.push_back(r);
    }
    std::printf("  %-26s %7s %10s %9s %12s %s\n", "run", "steps", "final loss", "seconds", "samples/s", "points");
    for (Run& r : runs) {
        train_run(r, data, epochs, lr, ctx.seed);
        std::printf("  %-26s %7zu %10.4f %9.3f %12.0f %zu\n", r.name.c_str(), r.steps, r.loss.back(), r.seconds,
                    static_cast<double>(epochs * kRows) / r.seconds, r.seen.size());
    }
    std::printf("\n");
    for (const Run& r : runs)
        std::printf("batch %zu: %zu steps, loss %.4f after %zu samples, %.3f s\n", r.batch, r.steps, r.loss.back(),
                    epochs * kRows, r.seconds);

    bool full_highest = true;
    for (std::size_t i = 0; i + 1 < runs.size(); ++i) full_highest = full_highest && runs.back().loss.back() > runs[i].loss.back();
    std::printf("\nsame samples seen, different numbers of steps: batch 1 took %zu steps, the full batch %zu;\n"
                "the full batch has the highest loss: %s\n",
                runs.front().steps, runs.back().steps, full_highest ? "yes" : "NO");
    std::printf("per sample, larger batches run faster (one matrix product for many rows): batch 1 trains at %.0f "
                "samples/s, batch 256 at %.0f\n",
                static_cast<double>(epochs * kRows) / runs[0].seconds,
                static_cast<double>(epochs * kRows) / runs[3].seconds);

    Axes by_samples{.title = "Loss vs samples seen", .x_label = "training samples seen",
                    .y_label = "cross-entropy on the 2048 digits", .log_y = true, .series = {}};
    Axes by_time{.title = "Loss vs training time", .x_label = "seconds (training steps only)",
                 .y_label = "cross-entropy on the 2048 digits", .log_y = true, .series = {}};
    for (const Run& r : runs) {
        by_samples.series.push_back({.name = r.name, .x = r.seen, .y = r.loss, .color = "", .markers = r.batch == kRows});
        by_time.series.push_back({.name = r.name, .x = r.time, .y = r.loss, .color = "", .markers = r.batch == kRows});
    }
    ctx.write_figure("batch_size.svg", line_chart_svg({by_samples, by_time}, 520, 380));
    return full_highest ? 0 : 1;
}

}  // namespace neurite::cli
