// Logic gates from threshold units, and XOR from gates and as a step network.
#include "neurite/classic/logic_gates.hpp"

#include <array>
#include <cstddef>
#include <functional>
#include <span>
#include <string>

#include "neurite/core/error.hpp"
#include "neurite/io/model_spec.hpp"
#include "neurite/tensor/matrix.hpp"

namespace neurite {

int ThresholdUnit::operator()(std::span<const double> x) const {
    if (x.size() != weights.size())
        fail("threshold unit: ", x.size(), " inputs given to a unit with ", weights.size(), " weights");
    double s = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) s += weights[i] * x[i];
    return (fires_at_threshold ? s >= threshold : s > threshold) ? 1 : 0;
}

int ThresholdUnit::operator()(int x1, int x2) const {
    const std::array<double, 2> x = {static_cast<double>(x1), static_cast<double>(x2)};
    return (*this)(x);
}

ThresholdUnit and_gate() { return {{0.5, 0.5}, 0.6}; }
ThresholdUnit and_gate_alternative() { return {{1.0, 1.0}, 2.0, true}; }
ThresholdUnit nand_gate() { return {{-0.5, -0.5}, -0.7}; }
ThresholdUnit or_gate() { return {{1.0, 1.0}, 0.5}; }

int xor_by_gates(int x1, int x2) {
    static const ThresholdUnit nand = nand_gate(), or_ = or_gate(), and_ = and_gate();
    return and_(nand(x1, x2), or_(x1, x2));
}

std::string xor_step_network_spec() {
    return R"({
  "input": 2,
  "layers": [
    {"type": "dense", "units": 2, "activation": "step",
     "weights": [[1, -1], [-1, 1]], "threshold": 0.5},
    {"type": "dense", "units": 1, "activation": "step",
     "weights": [[1, 1]], "threshold": 0.5}
  ]
}
)";
}

Sequential xor_step_network() {
    return build_network<float>(parse_model_spec(xor_step_network_spec(), "xor_step_network_spec()"));
}

std::array<int, 4> truth_table(const std::function<int(int, int)>& gate) {
    std::array<int, 4> out{};
    for (std::size_t i = 0; i < 4; ++i) out[i] = gate(truth_table_inputs[i][0], truth_table_inputs[i][1]);
    return out;
}

std::array<int, 4> truth_table(Sequential& net) {
    if (net.input_size() != 2 || net.output_size() != 1)
        fail("truth table: the network maps ", net.input_size(), " inputs to ", net.output_size(),
             " outputs; a two-input gate needs 2 → 1");
    Matrix x(4, 2);
    for (std::size_t i = 0; i < 4; ++i)
        for (std::size_t j = 0; j < 2; ++j) x(i, j) = static_cast<float>(truth_table_inputs[i][j]);
    const MatrixView<const float> y = net.forward(x);
    std::array<int, 4> out{};
    for (std::size_t i = 0; i < 4; ++i) out[i] = y(i, 0) >= 0.5f ? 1 : 0;
    return out;
}

}  // namespace neurite
