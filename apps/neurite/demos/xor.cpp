// neurite demo xor: XOR learned by back-propagation.
#include <algorithm>
#include <cstdio>
#include <string>

#include "demo.hpp"
#include "neurite/nn/decision_map.hpp"
#include "neurite/nn/sequential.hpp"
#include "neurite/optim/optimizer.hpp"
#include "neurite/plot/heatmap.hpp"
#include "neurite/plot/svg.hpp"

namespace neurite::cli {

// A 2-2-1 sigmoid network, MSE loss, per-sample SGD.
int demo_xor(const DemoContext& ctx) {
    const std::size_t epochs = ctx.epochs.value_or(3000);
    const double lr = ctx.learning_rate.value_or(0.5);
    const Matrix x(4, 2, {0, 0, 0, 1, 1, 0, 1, 1});
    const Matrix y(4, 1, {0, 1, 1, 0});
    Sequential net(2);
    net.dense(2, Activation::sigmoid).dense(1, Activation::sigmoid);
    net.build();
    Rng rng(ctx.seed);
    net.init(rng);
    Optimizer opt({.kind = OptimizerKind::sgd, .learning_rate = lr}, net.param_count());

    std::printf("XOR with a 2-2-1 sigmoid network: MSE loss, per-sample SGD, learning rate %g, seed %llu\n", lr,
                static_cast<unsigned long long>(ctx.seed));
    Matrix out(4, 1);
    const std::size_t every = std::max<std::size_t>(1, epochs / 10);
    Series curve;
    curve.name = "training loss (MSE)";
    for (std::size_t epoch = 1; epoch <= epochs; ++epoch) {
        for (std::size_t i = 0; i < 4; ++i) {
            net.compute_gradients(x.view().rows(i, 1), y.view().rows(i, 1), Loss::mse);
            opt.step(net.params(), net.grads());
        }
        net.predict(x, out);
        const double loss = loss_value<float>(Loss::mse, out, y);
        curve.x.push_back(static_cast<double>(epoch));
        curve.y.push_back(loss);
        if (epoch % every == 0 || epoch == 1) std::printf("  epoch %5zu  loss %.6f\n", epoch, loss);
    }
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
