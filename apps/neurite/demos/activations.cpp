// neurite demo activations: the activation functions and their slopes, and
// why softmax subtracts the largest input first.
//
// Every value comes from the library's own activate() and
// activation_backward() (the slope is computed from the output y, as the
// layers do in back-propagation), and from softmax_rows() and
// softmax_rows_naive().
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "demo.hpp"
#include "neurite/nn/activation.hpp"
#include "neurite/plot/svg.hpp"

namespace neurite::cli {
namespace {

struct Fn {
    const char* name;
    Activation activation;
    double alpha;
};

// f(x) and f'(x) for every x, through the library.
void evaluate(const Fn& fn, const std::vector<double>& x, std::vector<double>& y, std::vector<double>& dy) {
    std::vector<double> ones(x.size(), 1.0);
    y.assign(x.size(), 0.0);
    dy.assign(x.size(), 0.0);
    activate<double>(fn.activation, fn.alpha, x, y);
    activation_backward<double>(fn.activation, fn.alpha, y, ones, dy);
}

void print_row(const char* label, const std::vector<float>& v) {
    std::printf("  %-28s", label);
    for (float f : v) {
        if (std::isnan(f)) {
            std::printf(" %10s", "NaN");
        } else {
            std::printf(" %10.4g", static_cast<double>(f));
        }
    }
    std::printf("\n");
}

std::vector<float> softmax(const std::vector<float>& in, bool stable) {
    const Matrix x(1, in.size(), {in[0], in[1], in[2]});
    Matrix y(1, in.size());
    if (stable) {
        softmax_rows<float>(x, y);
    } else {
        softmax_rows_naive<float>(x, y);
    }
    return {y(0, 0), y(0, 1), y(0, 2)};
}

}  // namespace

int demo_activations(const DemoContext& ctx) {
    // LeakyReLU's default slope 0.01 would be invisible in the figure: 0.1 here.
    const std::vector<Fn> fns = {
        {"step", Activation::step, 0.0},          {"sigmoid", Activation::sigmoid, 0.0},
        {"tanh", Activation::tanh, 0.0},          {"ReLU", Activation::relu, 0.0},
        {"LeakyReLU (a=0.1)", Activation::leaky_relu, 0.1}, {"ELU (a=1)", Activation::elu, 1.0},
    };

    const std::vector<double> points = {-5, -2, -1, -0.5, 0, 0.5, 1, 2, 5};
    std::printf("Activation functions f(x) and their slopes f'(x) (f' from the output y, as back-propagation does)\n");
    std::printf("  %-20s", "x");
    for (double p : points) std::printf(" %8g", p);
    std::printf("\n");
    for (const Fn& fn : fns) {
        std::vector<double> y, dy;
        evaluate(fn, points, y, dy);
        std::printf("  %-20s", fn.name);
        for (double v : y) std::printf(" %8.4f", v);
        std::printf("\n  %-20s", ("  slope"));
        for (double v : dy) std::printf(" %8.4f", v);
        std::printf("\n");
    }
    std::printf("step's slope is 0 everywhere it exists (the jump at 0 has none): no gradient flows through it.\n");
    std::printf("sigmoid's slope is at most 0.25 (at 0); tanh's at most 1; ReLU's is exactly 1 for x > 0.\n\n");

    // The figure: the functions and their slopes over [-5, 5].
    std::vector<double> xs;
    for (int i = 0; i <= 1000; ++i) xs.push_back(-5.0 + 0.01 * i);
    Axes functions{.title = "Activation functions f(x)", .x_label = "x", .y_label = "f(x)", .log_y = false, .series = {}};
    Axes slopes{.title = "Their slopes f'(x)", .x_label = "x", .y_label = "f'(x)", .log_y = false, .series = {}};
    for (const Fn& fn : fns) {
        std::vector<double> y, dy;
        evaluate(fn, xs, y, dy);
        const bool dashed = fn.activation == Activation::step || fn.activation == Activation::leaky_relu;
        functions.series.push_back({.name = fn.name, .x = xs, .y = y, .color = "", .dashed = dashed});
        slopes.series.push_back({.name = fn.name, .x = xs, .y = dy, .color = "", .dashed = dashed});
    }
    ctx.write_figure("activations.svg", line_chart_svg({functions, slopes}, 540, 420));

    // Softmax: e^x overflows float (and double) beyond x ≈ 88 (709); subtracting
    // the row's maximum first changes nothing mathematically and keeps every
    // exponent ≤ 0.
    std::printf("\nSoftmax, naive e^x_i / sum e^x_j versus max subtracted first (float32)\n");
    const std::vector<float> small = {1, 2, 3}, large = {1000, 1001, 1002}, negative = {-1000, -1001, -1002};
    const auto small_naive = softmax(small, false), small_stable = softmax(small, true);
    const auto large_naive = softmax(large, false), large_stable = softmax(large, true);
    const auto neg_naive = softmax(negative, false), neg_stable = softmax(negative, true);
    print_row("[1, 2, 3]          naive", small_naive);
    print_row("                   stable", small_stable);
    print_row("[1000, 1001, 1002] naive", large_naive);
    print_row("                   stable", large_stable);
    print_row("[-1000,-1001,-1002] naive", neg_naive);
    print_row("                   stable", neg_stable);
    std::printf("naive: e^1000 overflows to inf and inf/inf is NaN; e^-1000 underflows to 0 and 0/0 is NaN.\n");
    std::printf("stable: softmax(x - max x) = softmax(x), so [1000, 1001, 1002] gives %.3f, %.3f, %.3f like [1, 2, 3].\n",
                static_cast<double>(large_stable[0]), static_cast<double>(large_stable[1]),
                static_cast<double>(large_stable[2]));

    bool ok = true;
    const double expected[] = {0.0900306, 0.2447285, 0.6652410};
    for (std::size_t i = 0; i < 3; ++i) {
        ok = ok && std::abs(large_stable[i] - expected[i]) < 1e-5 && std::abs(small_naive[i] - expected[i]) < 1e-5;
        ok = ok && !std::isfinite(large_naive[i]) && !std::isfinite(neg_naive[i]);
        ok = ok && std::abs(neg_stable[2 - i] - expected[i]) < 1e-5;
    }
    return ok ? 0 : 1;
}

}  // namespace neurite::cli
