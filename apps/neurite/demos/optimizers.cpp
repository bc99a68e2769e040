// neurite demo optimizers: five optimizers on the elongated bowl
// f(x, y) = x²/20 + y², from (−7, 2), drawn on one contour plot.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "demo.hpp"
#include "neurite/optim/trajectory.hpp"
#include "neurite/plot/heatmap.hpp"

namespace neurite::cli {
namespace {

double bowl(double x, double y) { return x * x / 20 + y * y; }

// `s` padded with spaces to `width` characters (code points, not bytes).
std::string pad(const std::string& s, std::size_t width) {
    std::size_t chars = 0;
    for (unsigned char c : s) chars += (c & 0xC0) != 0x80;
    return s + std::string(width > chars ? width - chars : 0, ' ');
}

std::string short_text(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

struct Run {
    const char* name;
    OptimizerConfig config;
    const char* settings;  // printed with the learning rate
    const char* color;
};

}  // namespace

// The learning rates are the ones commonly used for this picture: each is
// about the largest that keeps that optimizer stable on this function within
// 30 steps, so the paths show the character of each method rather than a
// badly tuned rate.
int demo_optimizers(const DemoContext& ctx) {
    const std::size_t steps = ctx.epochs.value_or(30);
    const std::vector<double> start = {-7.0, 2.0};
    const Objective f = [](std::span<const double> p, std::span<double> g) {
        g[0] = p[0] / 10;
        g[1] = 2 * p[1];
        return bowl(p[0], p[1]);
    };
    const std::vector<Run> runs = {
        {"SGD", {.kind = OptimizerKind::sgd, .learning_rate = 0.95}, "", "#d62728"},
        {"momentum",
         {.kind = OptimizerKind::momentum, .learning_rate = 0.1, .momentum = 0.9},
         "\u03bc = 0.9",
         "#ff7f0e"},
        {"AdaGrad", {.kind = OptimizerKind::adagrad, .learning_rate = 1.5}, "\u03b5 = 1e-8", "#2ca02c"},
        {"RMSProp",
         {.kind = OptimizerKind::rmsprop, .learning_rate = 0.2, .rho = 0.9},
         "\u03c1 = 0.9, \u03b5 = 1e-8",
         "#9467bd"},
        {"Adam",
         {.kind = OptimizerKind::adam, .learning_rate = 0.3},
         "\u03b2\u2081 = 0.9, \u03b2\u2082 = 0.999, \u03b5 = 1e-8",
         "#1f77b4"},
    };

    std::printf(
        "Optimizers on f(x, y) = x\u00b2/20 + y\u00b2 (minimum 0 at (0, 0)) from (\u22127, 2), where f = %g; "
        "%zu steps each\n",
        bowl(start[0], start[1]), steps);
    std::printf("gradient (x/10, 2y): the y direction is 20 times steeper than the x direction\n");
    if (ctx.learning_rate) std::printf("(--lr is not used here: each optimizer runs with its own rate)\n");
    std::printf("\n");
    std::printf("  %-9s %-5s %s %-20s %-10s %s\n", "optimizer", "lr", pad("settings", 32).c_str(), "final (x, y)", "f",
                "distance to (0, 0)");
    const double start_distance = std::hypot(start[0], start[1]);
    bool all_closer = true;
    ContourPlot plot;
    std::vector<Trajectory> paths;
    for (const auto& r : runs) {
        const Trajectory t = run_optimizer(r.config, f, start, {.max_steps = steps});
        const double x = t.points.back()[0], y = t.points.back()[1];
        const double d = std::hypot(x, y);
        all_closer = all_closer && d < start_distance && t.values.back() < t.values.front();
        char point[64];
        std::snprintf(point, sizeof point, "(%.4f, %.4f)", x, y);
        std::printf("  %-9s %-5g %s %-20s %-10.5f %.4f\n", r.name, r.config.learning_rate, pad(r.settings, 32).c_str(),
                    point, t.values.back(), d);
        Path2D path;
        path.name = std::string(r.name) + " (lr " + short_text(r.config.learning_rate) + ")";
        path.x = t.coordinate(0);
        path.y = t.coordinate(1);
        path.color = r.color;
        plot.paths.push_back(path);
        paths.push_back(t);
    }

    // What the paths show, from the numbers.
    const auto& sgd = paths[0];
    std::size_t flips = 0;
    for (std::size_t k = 1; k < sgd.points.size(); ++k) flips += (sgd.points[k][1] > 0) != (sgd.points[k - 1][1] > 0);
    std::printf(
        "\nSGD: y \u2190 y \u2212 0.95\u00b72y = \u22120.9y flips sign every step (%zu sign changes in %zu "
        "steps) while\n"
        "     x \u2190 x \u2212 0.95\u00b7x/10 = 0.905x creeps toward 0: the zigzag of plain gradient descent\n"
        "     across a narrow valley.\n",
        flips, sgd.steps());
    double overshoot = start[0];
    for (const auto& p : paths[1].points) overshoot = std::max(overshoot, p[0]);
    std::printf("momentum: the velocity builds up along x and overshoots the minimum (x reaches %.2f).\n", overshoot);
    std::printf(
        "AdaGrad, RMSProp, Adam: each coordinate's step is divided by the size of its own gradients,\n"
        "     so the steep y direction is damped and x advances at a similar pace.\n");
    std::printf("\nevery path ends nearer the minimum than it started (distance %.4f): %s\n", start_distance,
                all_closer ? "yes" : "NO");

    plot.title = "Optimizers on f(x, y) = x\u00b2/20 + y\u00b2 from (\u22127, 2), " + std::to_string(steps) + " steps";
    plot.x_label = "x";
    plot.y_label = "y";
    plot.value_label = "f(x, y)";
    plot.grid = Grid2D::sample(bowl, -8, 8, 161, -3, 3, 121);
    plot.levels = {0.05, 0.2, 0.5, 1, 2, 3.5, 5.5, 8};
    PointGroup minimum;
    minimum.name = "minimum (0, 0)";
    minimum.x = {0};
    minimum.y = {0};
    minimum.color = "#222222";
    minimum.shape = MarkerShape::cross;
    plot.points = {minimum};
    ctx.write_figure("optimizers.svg", contour_svg(plot, 1000, 560));
    return all_closer ? 0 : 1;
}

}  // namespace neurite::cli
