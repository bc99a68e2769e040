// neurite demo xor: XOR learned by back-propagation.
#include <algorithm>
#include <cstdio>
#include <string>

#include "demo.hpp"
#include "neurite/data/dataset.hpp"
#include "neurite/nn/decision_map.hpp"
#include "neurite/nn/sequential.hpp"
#include "neurite/optim/optimizer.hpp"
#include "neurite/plot/heatmap.hpp"
#include "neurite/plot/svg.hpp"
#include "neurite/train/trainer.hpp"

namespace neurite::cli {
namespace {

// The MSE on the four inputs after every epoch: the curve, and a line every `every` epochs.
class XorLoss : public TrainCallback {
public:
    XorLoss(Sequential& net, const Dataset& data, std::size_t every) : net_(net), data_(data), every_(every) {
        curve.name = "training loss (MSE)";
    }
    void on_epoch_end(const EpochRecord& r) override {
        const double loss = evaluate(net_, data_, Loss::mse).loss;
        curve.x.push_back(static_cast<double>(r.epoch));
        curve.y.push_back(loss);
        if (r.epoch % every_ == 0 || r.epoch == 1) std::printf("  epoch %5zu  loss %.6f\n", r.epoch, loss);
    }
    Series curve;

private:
    Sequential& net_;
    const Dataset& data_;
    std::size_t every_;
};

}  // namespace

// A 2-2-1 sigmoid network, MSE loss, per-sample SGD (the four inputs in order).
int demo_xor(const DemoContext& ctx) {
    const std::size_t epochs = ctx.epochs.value_or(3000);
    const double lr = ctx.learning_rate.value_or(0.5);
    const Matrix x(4, 2, {0, 0, 0, 1, 1, 0, 1, 1});
    const Matrix y(4, 1, {0, 1, 1, 0});
    const Dataset data = make_regression(x, y);
    Sequential net(2);
    net.dense(2, Activation::sigmoid).dense(1, Activation::sigmoid);
    net.build();
    Rng rng(ctx.seed);
    net.init(rng);

    std::printf("XOR with a 2-2-1 sigmoid network: MSE loss, per-sample SGD, learning rate %g, seed %llu\n", lr,
                static_cast<unsigned long long>(ctx.seed));
    TrainConfig cfg;
    cfg.epochs = epochs;
    cfg.batch_size = 1;
    cfg.shuffle = false;
    cfg.loss = Loss::mse;
    cfg.optimizer = {.kind = OptimizerKind::sgd, .learning_rate = lr};
    Trainer trainer(net, cfg);
    XorLoss progress(net, data, std::max<std::size_t>(1, epochs / 10));
    trainer.add_callback(progress);
    trainer.fit(data);
    const Series& curve = progress.curve;
    Matrix out(4, 1);
    net.predict(x, out);
    std::printf("\n  x1 x2  target  output\n");
    bool all_right = true;
    PointGroup zeros, ones;
    zeros.name = "target 0";
    zeros.color = "#2166ac";
    ones.name = "target 1";
    ones.color = "#b2182b";
    ones.shape = MarkerShape::square;
    for (std::size_t i = 0; i < 4; ++i) {
        const bool right = (out(i, 0) >= 0.5f) == (y(i, 0) >= 0.5f);
        all_right = all_right && right;
        std::printf("   %g  %g     %g    %.4f  %s\n", x(i, 0), x(i, 1), y(i, 0), out(i, 0), right ? "ok" : "WRONG");
        char label[32];
        std::snprintf(label, sizeof label, "%.2f", out(i, 0));
        PointGroup& g = y(i, 0) >= 0.5f ? ones : zeros;
        g.x.push_back(x(i, 0));
        g.y.push_back(x(i, 1));
        g.labels.push_back(label);
    }
    std::printf("\n%s\n", all_right ? "all four outputs are on the right side of 0.5"
                                    : "the network has not learned XOR (try more epochs or another seed)");

    // The decision map: the network's output over [-0.5, 1.5]², the 0.5
    // contour as the boundary, the four inputs labeled with their outputs.
    Heatmap map;
    map.title = "XOR learned by a 2-2-1 sigmoid network: output over the input plane";
    map.x_label = "x1";
    map.y_label = "x2";
    map.value_label = "network output";
    map.grid = decision_map(net, -0.5, 1.5, -0.5, 1.5, 81);
    map.boundary_levels = {0.5};
    map.points = {zeros, ones};
    ctx.write_figure("xor_decision.svg", heatmap_svg(map));

    Axes loss_axes;
    loss_axes.title = "XOR: training loss per epoch";
    loss_axes.x_label = "epoch";
    loss_axes.y_label = "MSE (log scale)";
    loss_axes.log_y = true;
    loss_axes.series = {curve};
    ctx.write_figure("xor_loss.svg", line_chart_svg({loss_axes}, 640, 360));
    return all_right ? 0 : 1;
}

}  // namespace neurite::cli
