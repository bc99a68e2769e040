// neurite demo gates: AND, NAND and OR as single threshold units with the
// textbook's weights, and XOR built from them (NAND + OR → AND) and as the
// 2-2-1 step network read from its JSON spec.
#include <array>
#include <cstdio>
#include <string>
#include <vector>

#include "classic_plot.hpp"
#include "demo.hpp"
#include "neurite/classic/logic_gates.hpp"
#include "neurite/plot/svg.hpp"
#include "neurite/tensor/matrix.hpp"

namespace neurite::cli {
namespace {

std::string weights_text(const ThresholdUnit& u) {
    std::string s = "[";
    s += num(u.weights[0]);
    s += ", ";
    s += num(u.weights[1]);
    s += ", ";
    s += num(u.threshold);
    return s + "]";
}

std::string row_text(const std::array<int, 4>& t) {
    std::string s;
    for (std::size_t i = 0; i < 4; ++i) {
        if (i) s += ' ';
        s += static_cast<char>('0' + t[i]);
    }
    return s;
}

}  // namespace

int demo_gates(const DemoContext& ctx) {
    const ThresholdUnit and_ = and_gate(), nand = nand_gate(), or_ = or_gate();
    const std::array<int, 4> want_and = {0, 0, 0, 1}, want_nand = {1, 1, 1, 0}, want_or = {0, 1, 1, 1},
                             want_xor = {0, 1, 1, 0};

    std::printf("Logic gates from threshold units: y = 1 when w1·x1 + w2·x2 > θ, else 0\n\n");
    std::printf("  AND   [w1, w2, θ] = %s\n", weights_text(and_).c_str());
    std::printf("  NAND  [w1, w2, θ] = %s   (AND with every sign flipped)\n", weights_text(nand).c_str());
    std::printf("  OR    [w1, w2, θ] = %s\n", weights_text(or_).c_str());

    Sequential net = xor_step_network();
    Matrix x(4, 2);
    for (std::size_t i = 0; i < 4; ++i)
        for (std::size_t j = 0; j < 2; ++j) x(i, j) = static_cast<float>(truth_table_inputs[i][j]);
    const MatrixView<const float> y = net.forward(x);
    const MatrixView<const float> hidden = net.activations(0);

    const auto t_and = truth_table(and_), t_nand = truth_table(nand), t_or = truth_table(or_);
    const auto t_xor_gates = truth_table(xor_by_gates);
    std::array<int, 4> t_xor_net{};
    std::printf("\n  x1 x2 | AND NAND OR | XOR = AND(NAND, OR) | XOR network: h1 h2 -> y\n");
    for (std::size_t i = 0; i < 4; ++i) {
        const auto& in = truth_table_inputs[i];
        t_xor_net[i] = y(i, 0) >= 0.5f ? 1 : 0;
        std::printf("   %d  %d |  %d    %d   %d |  AND(%d, %d) = %d      |               %d  %d -> %d\n", in[0], in[1],
                    t_and[i], t_nand[i], t_or[i], t_nand[i], t_or[i], t_xor_gates[i], static_cast<int>(hidden(i, 0)),
                    static_cast<int>(hidden(i, 1)), t_xor_net[i]);
    }

    const ThresholdUnit alt = and_gate_alternative();
    ThresholdUnit alt_strict = alt;
    alt_strict.fires_at_threshold = false;
    std::printf(
        "\nThe text's other AND weights [1, 1, 2] put (1, 1) exactly on the threshold (1 + 1 = 2): they\n"
        "make AND only with a step that fires at the threshold (f(0) = 1): %s; with f(0) = 0: %s.\n",
        row_text(truth_table(alt)).c_str(), row_text(truth_table(alt_strict)).c_str());

    std::printf(
        "\nNo single unit computes XOR: no line separates (0,1), (1,0) from (0,0), (1,1). Two layers do.\n"
        "The 2-2-1 step network, weights [w1..w6] = [1, -1, -1, 1, 1, 1], every threshold 0.5\n"
        "(h1 = f(x1 - x2 - 0.5), h2 = f(-x1 + x2 - 0.5), y = f(h1 + h2 - 0.5)), built from this spec:\n\n%s",
        xor_step_network_spec().c_str());

    const bool ok = t_and == want_and && t_nand == want_nand && t_or == want_or && t_xor_gates == want_xor &&
                    t_xor_net == want_xor && truth_table(alt) == want_and;
    std::printf("\ntruth tables: AND %s, NAND %s, OR %s, XOR by gates %s, XOR network %s — %s\n",
                row_text(t_and).c_str(), row_text(t_nand).c_str(), row_text(t_or).c_str(),
                row_text(t_xor_gates).c_str(), row_text(t_xor_net).c_str(), ok ? "all as expected" : "NOT as expected");

    std::vector<Axes> panels;
    const std::array<std::pair<const char*, const ThresholdUnit*>, 3> gates = {
        {{"AND", &and_}, {"NAND", &nand}, {"OR", &or_}}};
    for (const auto& [name, unit] : gates) {
        Axes a = gate_axes(std::string(name) + " " + weights_text(*unit));
        add_line(a, line_equation(unit->weights[0], unit->weights[1], unit->threshold), unit->weights[0],
                 unit->weights[1], unit->threshold);
        add_truth_points(a, truth_table(*unit));
        panels.push_back(std::move(a));
    }
    Axes a = gate_axes("XOR: the hidden units' two lines");
    add_line(a, "h1: x1 - x2 = 0.5", 1, -1, 0.5, "#2ca02c");
    add_line(a, "h2: -x1 + x2 = 0.5", -1, 1, 0.5, "#9467bd", true);
    add_truth_points(a, t_xor_net);
    panels.push_back(std::move(a));
    ctx.write_figure("gates.svg", line_chart_svg(panels, 340, 430));
    return ok ? 0 : 1;
}

}  // namespace neurite::cli
