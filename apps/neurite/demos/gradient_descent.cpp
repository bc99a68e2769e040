// neurite demo gradient-descent: gradient descent on f(x) = x² from x = 8.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "demo.hpp"
#include "neurite/optim/trajectory.hpp"
#include "neurite/plot/svg.hpp"

namespace neurite::cli {
namespace {

std::string short_text(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

}  // namespace

// x ← x − η·f'(x) = (1 − 2η)·x, with the library's SGD step; it stops at the
// first x where |f'(x)| = |2x| < 10⁻². With η = 0.1 that is 8·0.8ᵏ < 0.005,
// k = 34.
int demo_gradient_descent(const DemoContext& ctx) {
    const double lr = ctx.learning_rate.value_or(0.1);
    const double start = 8.0, tolerance = 1e-2;
    const std::size_t max_steps = ctx.epochs.value_or(1000);
    const Objective parabola = [](std::span<const double> p, std::span<double> g) {
        g[0] = 2 * p[0];
        return p[0] * p[0];
    };
    const std::vector<double> x0 = {start};
    const Trajectory t = run_optimizer({.kind = OptimizerKind::sgd, .learning_rate = lr}, parabola, x0,
                                       {.max_steps = max_steps, .gradient_tolerance = tolerance});

    std::printf("Gradient descent on f(x) = x\u00b2 from x = %g, learning rate \u03b7 = %g\n", start, lr);
    std::printf(
        "direction \u2212f'(x) = \u22122x; update x \u2190 x \u2212 \u03b7\u00b72x = %g\u00b7x; stop when "
        "|f'(x)| < %g\n\n",
        1 - 2 * lr, tolerance);
    std::printf("  step  x            f'(x) = 2x    x \u2212 \u03b7\u00b7f'(x)\n");
    for (std::size_t k = 0; k < t.points.size(); ++k) {
        const double x = t.points[k][0], g = 2 * x;
        if (k + 1 < t.points.size())
            std::printf("  %4zu  %-11.6g  %-12.6g  %.6g\n", k, x, g, t.points[k + 1][0]);
        else
            std::printf("  %4zu  %-11.6g  %-12.6g  %s\n", k, x, g,
                        t.converged ? "|f'(x)| < 0.01: stop" : "(step limit)");
    }
    const double x_end = t.points.back()[0];
    if (t.converged)
        std::printf("\nconverged after %zu steps: x = %.6g, f(x) = %.3g, |f'(x)| = %.6g < %g\n", t.steps(), x_end,
                    t.values.back(), t.gradient_norms.back(), tolerance);
    else
        std::printf(
            "\nnot converged after %zu steps: x = %.6g, |f'(x)| = %.6g (\u03b7 \u2265 1 never converges on x\u00b2)\n",
            t.steps(), x_end, t.gradient_norms.back());

    // Figure: the parabola with the iterates on it, and |f'| per step.
    Axes curve;
    curve.title = "f(x) = x\u00b2: gradient descent from x = 8, \u03b7 = " + short_text(lr);
    curve.x_label = "x";
    curve.y_label = "f(x)";
    Series parabola_line;
    parabola_line.name = "f(x) = x\u00b2";
    parabola_line.color = "#7f7f7f";
    const double reach = std::max(9.0, std::abs(x_end) * 1.1);
    for (int i = 0; i <= 200; ++i) {
        const double x = -reach + 2 * reach * i / 200.0;
        parabola_line.x.push_back(x);
        parabola_line.y.push_back(x * x);
    }
    Series steps;  // every iterate on the curve, and the first six as large dots
    steps.name = "iterates x\u2096";
    steps.color = "#d62728";
    steps.markers = true;
    Series dots;
    dots.color = "#d62728";
    dots.line = false;
    for (std::size_t k = 0; k < t.points.size(); ++k) {
        steps.x.push_back(t.points[k][0]);
        steps.y.push_back(t.values[k]);
        if (k < 6) dots.x.push_back(t.points[k][0]), dots.y.push_back(t.values[k]);
    }
    curve.series = {parabola_line, steps, dots};
    Axes grad;
    grad.title = "|f'(x\u2096)| per step (stop below 0.01)";
    grad.x_label = "step k";
    grad.y_label = "|f'(x)|";
    grad.log_y = true;
    Series norms;
    norms.name = "|f'(x\u2096)| = 2|x\u2096|";
    norms.color = "#1f77b4";
    norms.markers = true;
    for (std::size_t k = 0; k < t.points.size(); ++k) {
        norms.x.push_back(static_cast<double>(k));
        norms.y.push_back(t.gradient_norms[k]);
    }
    Series stop;
    stop.name = "tolerance 0.01";
    stop.x = {0.0, static_cast<double>(t.steps())};
    stop.y = {tolerance, tolerance};
    stop.color = "#333333";
    stop.dashed = true;
    grad.series = {norms, stop};
    ctx.write_figure("gradient_descent.svg", line_chart_svg({curve, grad}, 520, 380));
    return t.converged ? 0 : 1;
}

}  // namespace neurite::cli
