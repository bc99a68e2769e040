// Logic gates built by hand from threshold units, with the textbook's
// weights, and XOR built from them in the two ways the textbook shows.
//
// A ThresholdUnit outputs 1 when w·x > θ and 0 otherwise (the perceptron's
// convention, f(0) = 0). The textbook gives [w₁, w₂, θ] for
//
//   AND   [0.5, 0.5, 0.6]     (it also offers [1, 1, 2]; see below)
//   NAND  [−0.5, −0.5, −0.7]  (AND with every sign flipped)
//   OR    [1, 1, 0.5]
//
// AND's other choice [1, 1, 2] puts (1, 1) exactly on the threshold
// (1 + 1 = 2): it is AND only when the unit also fires at the threshold
// (fires_at_threshold, the step function f(x) = 1 for x ≥ 0); with f(0) = 0
// it outputs 0 for every input. and_gate_alternative() returns it that way.
//
// XOR is not linearly separable, so no single unit computes it. Two layers
// do: XOR(x) = AND(NAND(x), OR(x)) (xor_by_gates), or the 2-2-1 step network
// with weights [w₁ … w₆] = [1, −1, −1, 1, 1, 1] and every threshold 0.5
// (h₁ = f(x₁ − x₂ − 0.5), h₂ = f(−x₁ + x₂ − 0.5), y = f(h₁ + h₂ − 0.5)),
// which xor_step_network() builds as a neurite network from its JSON spec
// (the same network as tests/data/xor_step.json).
#pragma once

#include <array>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "neurite/nn/sequential.hpp"

namespace neurite {

struct ThresholdUnit {
    std::vector<double> weights;
    double threshold = 0.0;
    bool fires_at_threshold = false;  // output 1 when w·x ≥ θ (instead of >)

    int operator()(std::span<const double> x) const;
    int operator()(int x1, int x2) const;  // two inputs, 0 or 1
};

ThresholdUnit and_gate();              // [0.5, 0.5, 0.6]
ThresholdUnit and_gate_alternative();  // [1, 1, 2], firing at the threshold
ThresholdUnit nand_gate();             // [−0.5, −0.5, −0.7]
ThresholdUnit or_gate();               // [1, 1, 0.5]

// AND(NAND(x1, x2), OR(x1, x2)) with the gates above.
int xor_by_gates(int x1, int x2);

// The JSON spec of the 2-2-1 XOR step network (format: neurite/io/model_spec.hpp).
std::string xor_step_network_spec();
// That spec parsed and built (parse_model_spec + build_network<float>).
Sequential xor_step_network();

// The four input rows of a two-input truth table, in the order
// (0,0), (0,1), (1,0), (1,1).
constexpr std::array<std::array<int, 2>, 4> truth_table_inputs = {{{0, 0}, {0, 1}, {1, 0}, {1, 1}}};
// A two-input function's outputs in that order.
std::array<int, 4> truth_table(const std::function<int(int, int)>& gate);
// The network's outputs for those rows (one output unit; ≥ 0.5 counts as 1).
std::array<int, 4> truth_table(Sequential& net);

}  // namespace neurite
