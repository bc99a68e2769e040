// neurite demo overfitting: the textbook's over-fitting experiment. A deep
// MLP (784-100×6-10, ReLU, He init) learns only 300 MNIST training digits with
// mini-batch SGD (batch 100, η = 0.01) for 200 epochs: it memorizes them
// (train accuracy 100 %) while test accuracy stays far lower. The same run
// with L2 weight decay (λ = 0.1) and with dropout (rate 0.2 after every
// hidden layer) narrows the train–test gap. All three on one figure.
#include <cstdio>
#include <string>
#include <vector>

#include "demo.hpp"
#include "neurite/data/dataset.hpp"
#include "neurite/data/transforms.hpp"
#include "neurite/nn/sequential.hpp"
#include "neurite/optim/optimizer.hpp"
#include "neurite/plot/svg.hpp"
#include "neurite/train/trainer.hpp"

namespace neurite::cli {
namespace {

constexpr std::size_t kTrainRows = 300, kTestRows = 2000, kBatch = 100;

struct Curve {
    std::string name;
    std::string color;
    double weight_decay = 0;
    double dropout = 0;
    std::vector<double> epoch = {}, train_acc = {}, test_acc = {};
    double gap() const { return train_acc.back() - test_acc.back(); }
};

// Train and test accuracy after every epoch: the test set is the one Trainer
// evaluates as its validation set, the training set is evaluated here.
class AccuracyCurve : public TrainCallback {
public:
    AccuracyCurve(Curve& c, Sequential& net, const Dataset& train) : c_(c), net_(net), train_(train) {}
    void on_epoch_end(const EpochRecord& r) override {
        c_.epoch.push_back(static_cast<double>(r.epoch));
        c_.train_acc.push_back(100.0 * evaluate(net_, train_, Loss::categorical_cross_entropy).accuracy);
        c_.test_acc.push_back(100.0 * r.val_accuracy);
    }

private:
    Curve& c_;
    Sequential& net_;
    const Dataset& train_;
};

void train_curve(Curve& c, const Dataset& train, const Dataset& test, std::size_t epochs, double lr,
                 std::uint64_t seed) {
    Sequential net(784);
    for (std::size_t i = 0; i < 6; ++i) {
        net.dense(100, Activation::relu);
        if (c.dropout > 0) net.dropout(c.dropout, seed + 101 + i);
    }
    net.dense(10).softmax();
    net.build();
    Rng init(seed);
    net.init(init);  // the same initial weights for all three runs
    TrainConfig cfg;
    cfg.epochs = epochs;
    cfg.batch_size = kBatch;
    cfg.seed = seed ^ 0x6f72646572ULL;  // the same batch order too
    cfg.loss = Loss::categorical_cross_entropy;
    cfg.optimizer = {.kind = OptimizerKind::sgd, .learning_rate = lr, .weight_decay = c.weight_decay};
    Trainer trainer(net, cfg);
    AccuracyCurve curve(c, net, train);
    trainer.add_callback(curve);
    trainer.fit(train, &test);
}

}  // namespace

int demo_overfitting(const DemoContext& ctx) {
    const std::size_t epochs = ctx.epochs.value_or(200);
    const double lr = ctx.learning_rate.value_or(0.01);
    const auto dir = ctx.data_root / "mnist";
    Dataset all_train = load_mnist(dir, "train"), all_test = load_mnist(dir, "test");
    std::vector<std::size_t> rows(kTrainRows);
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = i;
    Dataset train = subset(all_train, rows);
    rows.resize(kTestRows);
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = i;
    Dataset test = subset(all_test, rows);
    const Preprocessing unit = fit_fixed_range(784, 0, 255, 0, 1);
    unit.apply(train.features.view());
    unit.apply(test.features.view());

    std::printf("data: the first %zu MNIST training digits (of %zu); test accuracy on the first %zu test digits\n",
                kTrainRows, all_train.size(), kTestRows);
    std::printf("model: 784-100-100-100-100-100-100-10, ReLU (He init), softmax + cross-entropy, seed %llu\n",
                static_cast<unsigned long long>(ctx.seed));
    std::printf("training: SGD lr %g, batch %zu, %zu epochs (%zu steps); the same initial weights and batch order "
                "in every run\n\n",
                lr, kBatch, epochs, epochs * ((kTrainRows + kBatch - 1) / kBatch));

    std::vector<Curve> curves = {
        {.name = "plain", .color = "#d62728", .weight_decay = 0, .dropout = 0},
        {.name = "weight decay 0.1", .color = "#1f77b4", .weight_decay = 0.1, .dropout = 0},
        {.name = "dropout 0.2", .color = "#2ca02c", .weight_decay = 0, .dropout = 0.2},
    };
    std::printf("  %-17s %-10s %-10s %s\n", "run", "train", "test", "train - test gap");
    for (Curve& c : curves) {
        train_curve(c, train, test, epochs, lr, ctx.seed);
        std::printf("  %-17s %6.2f %%   %6.2f %%   %6.2f points\n", c.name.c_str(), c.train_acc.back(),
                    c.test_acc.back(), c.gap());
    }
    std::printf("\n");
    for (const Curve& c : curves)
        std::printf("final gap %s: %.2f (train %.2f %%, test %.2f %%)\n", c.name.c_str(), c.gap(), c.train_acc.back(),
                    c.test_acc.back());
    const bool memorized = curves[0].train_acc.back() >= 99.5;
    const bool decay_narrows = curves[1].gap() < curves[0].gap();
    const bool dropout_narrows = curves[2].gap() < curves[0].gap();
    std::printf("\nthe plain network memorizes its 300 digits (train accuracy %.2f %%): %s\n",
                curves[0].train_acc.back(), memorized ? "yes" : "NO");
    std::printf("weight decay narrows the gap: %s\n", decay_narrows ? "yes" : "NO");
    std::printf("dropout narrows the gap: %s\n", dropout_narrows ? "yes" : "NO");

    Axes axes{.title = "Over-fitting 300 MNIST digits: train (solid) and test (dashed) accuracy",
              .x_label = "epoch", .y_label = "accuracy (%)", .log_y = false, .series = {}};
    for (const Curve& c : curves) {
        axes.series.push_back({.name = c.name + ", train", .x = c.epoch, .y = c.train_acc, .color = c.color});
        axes.series.push_back(
            {.name = c.name + ", test", .x = c.epoch, .y = c.test_acc, .color = c.color, .dashed = true});
    }
    axes.y_min = 0;
    axes.y_max = 100;
    ctx.write_figure("overfitting.svg", line_chart_svg({axes}, 900, 480));
    return memorized && decay_narrows ? 0 : 1;
}

}  // namespace neurite::cli
