// neurite demo perceptron: Rosenblatt's error-correction rule learning AND,
// NAND and OR from their truth tables, the textbook's fruit example step by
// step, and XOR, which the rule can never learn.
#include <array>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "classic_plot.hpp"
#include "demo.hpp"
#include "neurite/classic/logic_gates.hpp"
#include "neurite/classic/perceptron.hpp"
#include "neurite/core/rng.hpp"
#include "neurite/plot/svg.hpp"
#include "neurite/tensor/matrix.hpp"

namespace neurite::cli {
namespace {

std::string vec(std::span<const double> v) {
    std::string s = "(";
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (i) s += ", ";
        s += num(v[i]);
    }
    return s + ")";
}

// A factor in a product: negative numbers in parentheses, "(-1)".
std::string factor(double v) {
    if (v >= 0) return num(v);
    std::string s = "(";
    s += num(v);
    return s + ")";
}

std::string list(const std::vector<std::size_t>& v) {
    std::string s;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (i) s += ' ';
        s += std::to_string(v[i]);
    }
    return s;
}

void print_update(const PerceptronUpdate& u, const char* sample_name = nullptr) {
    const std::string name = sample_name ? sample_name : "x = " + vec(u.x);
    std::printf("    epoch %zu, %s: target %d, output %d, y - ŷ = %+d:  w %s -> %s,  θ %s -> %s\n", u.epoch,
                name.c_str(), u.target, u.output, u.target - u.output, vec(u.weights_before).c_str(),
                vec(u.weights_after).c_str(), num(u.theta_before).c_str(), num(u.theta_after).c_str());
}

MatrixD truth_inputs() {
    MatrixD x(4, 2);
    for (std::size_t i = 0; i < 4; ++i)
        for (std::size_t j = 0; j < 2; ++j) x(i, j) = truth_table_inputs[i][j];
    return x;
}

struct GateRun {
    GateRun(const char* n, std::array<int, 4> t) : name(n), targets(t) {}
    const char* name;
    std::array<int, 4> targets;
    Perceptron unit{2};
    PerceptronResult result;
    std::array<int, 4> outputs{};
};

}  // namespace

int demo_perceptron(const DemoContext& ctx) {
    PerceptronOptions options;
    options.learning_rate = ctx.learning_rate.value_or(1.0);
    options.max_epochs = ctx.epochs.value_or(100);
    options.record_trace = true;
    const MatrixD x = truth_inputs();
    bool ok = true;

    std::printf("Rosenblatt's perceptron: y = f(w1·x1 + w2·x2 - θ), f(s) = 1 when s > 0, else 0 (so f(0) = 0)\n");
    std::printf("error-correction rule: w_i <- w_i + η(y - ŷ)x_i, and θ is the weight on a constant input x0:\n");
    std::printf("θ <- θ + η(y - ŷ)x0, with x0 = -1 here (θ a threshold) unless said otherwise\n");

    // ---- 1. AND, NAND, OR from their truth tables -------------------------------------
    std::printf("\n1. Learning AND, NAND and OR from their truth tables\n");
    std::printf(
        "   start: w1, w2 and θ drawn uniformly from [-0.5, 0.5] (seed %llu, rounded to 0.01);\n"
        "   η = %s; samples in the order 00 01 10 11; at most %zu epochs\n",
        static_cast<unsigned long long>(ctx.seed), num(options.learning_rate).c_str(), options.max_epochs);
    // The text's first stage: weights and threshold start random (seeded).
    Rng rng(ctx.seed);
    const auto draw = [&rng] { return std::round(rng.uniform(-0.5, 0.5) * 100) / 100 + 0.0; };
    std::vector<GateRun> gates = {{"AND", {0, 0, 0, 1}}, {"NAND", {1, 1, 1, 0}}, {"OR", {0, 1, 1, 1}}};
    for (GateRun& g : gates) {
        const double w1 = draw(), w2 = draw(), theta = draw();
        g.unit.set_weights({w1, w2}, theta);
        std::printf("\n   %s, from w = (%s, %s), θ = %s:\n", g.name, num(w1).c_str(), num(w2).c_str(),
                    num(theta).c_str());
        g.result = g.unit.train(x, g.targets, options);
        for (std::size_t i = 0; i < 4; ++i) g.outputs[i] = g.unit.predict(x.row(i));
        const bool right = g.result.converged() && g.outputs == g.targets;
        ok = ok && right;
        const auto w = g.unit.weights();
        std::printf("   %s after %zu epochs (%zu updates; mistakes per epoch: %s)\n",
                    std::string(to_string(g.result.stop)).c_str(), g.result.epochs, g.result.updates,
                    list(g.result.mistakes).c_str());
        std::printf("   learned w = (%s, %s), θ = %s: the line %s\n", num(w[0]).c_str(), num(w[1]).c_str(),
                    num(g.unit.theta()).c_str(), line_equation(w[0], w[1], g.unit.theta()).c_str());
        if (ctx.trace) {
            std::printf("   updates:\n");
            for (const auto& u : g.result.trace) print_update(u);
        }
        std::printf("     x1 x2  w·x - θ  output  target\n");
        for (std::size_t i = 0; i < 4; ++i)
            std::printf("      %d  %d  %7s     %d       %d%s\n", truth_table_inputs[i][0], truth_table_inputs[i][1],
                        num(g.unit.net_input(x.row(i))).c_str(), g.outputs[i], g.targets[i],
                        g.outputs[i] == g.targets[i] ? "" : "  WRONG");
    }
    if (!ctx.trace) std::printf("   (--trace prints every update)\n");

    // ---- 2. The fruit example ----------------------------------------------------------
    std::printf(
        "\n2. The fruit example: colour x1 and shape x2 are ±1; watermelon (1, 1) -> 1, banana (-1, -1) -> 0\n");
    const MatrixD fruit(2, 2, {1, 1, -1, -1});
    const std::array<int, 2> fruit_targets = {1, 0};
    const char* fruit_names[] = {"watermelon", "banana"};
    PerceptronOptions fruit_options;
    fruit_options.record_trace = true;  // η = 1, as in the text
    // The text updates θ_new = θ_old + (y - ŷ): the rule with the constant input x0 = +1.
    Perceptron fruit_unit({1, -1}, 0, +1);
    std::printf("   start w = (1, -1), θ = 0:\n");
    for (std::size_t i = 0; i < 2; ++i) {
        const auto r = fruit.row(i);
        const int out = fruit_unit.predict(r);
        std::printf("     %-10s y = f(1×%s + (-1)×%s - 0) = f(%s) = %d   %s\n", fruit_names[i], factor(r[0]).c_str(),
                    factor(r[1]).c_str(), num(fruit_unit.net_input(r)).c_str(), out,
                    out == fruit_targets[i] ? "right" : "wrong");
    }
    const PerceptronResult fr = fruit_unit.train(fruit, fruit_targets, fruit_options);
    std::printf("   training with η = 1 and the text's θ update θ_new = θ_old + (y - ŷ) (constant input x0 = +1):\n");
    for (const auto& u : fr.trace) print_update(u, fruit_names[u.sample]);
    std::printf("   %s after %zu epochs with %zu update%s: w = %s, θ = %s\n", std::string(to_string(fr.stop)).c_str(),
                fr.epochs, fr.updates, fr.updates == 1 ? "" : "s", vec(fruit_unit.weights()).c_str(),
                num(fruit_unit.theta()).c_str());
    bool fruit_right = true;
    for (std::size_t i = 0; i < 2; ++i) {
        const int out = fruit_unit.predict(fruit.row(i));
        fruit_right = fruit_right && out == fruit_targets[i];
        std::printf("     %-10s net input %s -> %d   %s\n", fruit_names[i],
                    num(fruit_unit.net_input(fruit.row(i))).c_str(), out, out == fruit_targets[i] ? "right" : "wrong");
    }
    const auto fw = fruit_unit.weights();
    ok = ok && fr.converged() && fr.updates == 1 && fruit_right && fw[0] == 2 && fw[1] == 0 && fruit_unit.theta() == 1;

    Perceptron fruit_threshold({1, -1}, 0, -1);
    const PerceptronResult ft = fruit_threshold.train(fruit, fruit_targets, {});
    std::printf(
        "   The text writes the output as f(w·x - θ) yet raises θ after a missed watermelon; that update\n"
        "   belongs to θ on the constant input +1, where the net input is w·x + θ. With x0 = -1 (θ a true\n"
        "   threshold) the same step gives w = %s, θ = %s (%zu update): the same unit, 2·x1 + 1 > 0.\n",
        vec(fruit_threshold.weights()).c_str(), num(fruit_threshold.theta()).c_str(), ft.updates);
    ok = ok && ft.converged() && ft.updates == 1 && fruit_threshold.theta() == -1;
    std::printf(
        "   The trained unit as a JSON model spec, with the activation step_strict (f(0) = 0; step has\n"
        "   f(0) = 1), prints 1, then 0 (docs/model-spec.md):\n"
        "     neurite predict --model tests/data/fruit_step_strict.json --input tests/data/fruit_inputs.csv\n");

    // ---- 3. XOR --------------------------------------------------------------------------
    std::printf("\n3. XOR: no line separates (0,1), (1,0) from (0,0), (1,1)\n");
    GateRun xr{"XOR", {0, 1, 1, 0}};
    {
        const double w1 = draw(), w2 = draw(), theta = draw();
        xr.unit.set_weights({w1, w2}, theta);
        std::printf("   start w = (%s, %s), θ = %s (random as above); η = %s; at most %zu epochs\n", num(w1).c_str(),
                    num(w2).c_str(), num(theta).c_str(), num(options.learning_rate).c_str(), options.max_epochs);
    }
    const Perceptron xor_start = xr.unit;
    xr.result = xr.unit.train(x, xr.targets, options);
    {
        // Replay the trace to show the weights at the end of every epoch.
        Perceptron replay = xor_start;
        std::size_t next = 0;
        for (std::size_t e = 1; e <= xr.result.epochs; ++e) {
            while (next < xr.result.trace.size() && xr.result.trace[next].epoch == e) {
                if (ctx.trace) print_update(xr.result.trace[next]);
                replay.set_weights(xr.result.trace[next].weights_after, xr.result.trace[next].theta_after);
                ++next;
            }
            std::printf("   epoch %zu: %zu mistakes, then w = %s, θ = %s\n", e, xr.result.mistakes[e - 1],
                        vec(replay.weights()).c_str(), num(replay.theta()).c_str());
        }
    }
    for (std::size_t i = 0; i < 4; ++i) xr.outputs[i] = xr.unit.predict(x.row(i));
    if (xr.result.stop == PerceptronStop::cycle) {
        const std::size_t p = xr.result.cycle_period, e = xr.result.epochs;
        const std::string span =
            p == 1 ? "epoch " + std::to_string(e) : "epochs " + std::to_string(e - p + 1) + "-" + std::to_string(e);
        std::printf(
            "   oscillation: the weights after epoch %zu equal those after epoch %zu, so the corrections of\n"
            "   %s repeat forever: a cycle of %zu epoch%s. The updates of the cycle:\n",
            e, e - p, span.c_str(), p, p == 1 ? "" : "s");
        for (const auto& u : xr.result.trace)
            if (u.epoch > e - p) print_update(u);
        std::printf("   stopped after %zu of at most %zu epochs: not converged (cycle detected)\n", e,
                    options.max_epochs);
    } else {
        std::printf("   stopped: %s after %zu epochs\n", std::string(to_string(xr.result.stop)).c_str(),
                    xr.result.epochs);
    }
    std::printf("   final outputs for 00 01 10 11: %d %d %d %d (XOR is 0 1 1 0)\n", xr.outputs[0], xr.outputs[1],
                xr.outputs[2], xr.outputs[3]);
    ok = ok && !xr.result.converged() && xr.result.epochs <= options.max_epochs;

    // ---- figures ---------------------------------------------------------------------------
    std::vector<Axes> panels;
    gates.push_back(std::move(xr));
    for (const GateRun& g : gates) {
        const auto w = g.unit.weights();
        const bool learned = g.result.converged();
        Axes a = gate_axes(std::string(g.name) + (learned ? ": learned line" : ": last line, no convergence"));
        add_line(a, line_equation(w[0], w[1], g.unit.theta()), w[0], w[1], g.unit.theta(),
                 learned ? "#333333" : "#d62728", !learned);
        add_truth_points(a, g.targets);
        panels.push_back(std::move(a));
    }
    ctx.write_figure("perceptron.svg", line_chart_svg(panels, 340, 430));

    std::printf("\n%s\n", ok ? "AND, NAND, OR learned; fruit example as in the text; XOR not learnable (cycle)"
                             : "NOT as expected");
    return ok ? 0 : 1;
}

}  // namespace neurite::cli
