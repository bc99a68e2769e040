// Logic gates from threshold units with the textbook's weights, and XOR two
// ways: AND(NAND, OR), and the 2-2-1 step network built from its JSON spec.
//
//   build/examples/logic_gates
#include <cstdio>

#include <neurite/classic/logic_gates.hpp>
#include <neurite/core/error.hpp>

using namespace neurite;

int main() try {
    const ThresholdUnit and_ = and_gate(), nand = nand_gate(), or_ = or_gate();
    Sequential xor_net = xor_step_network();  // weights [1, -1, -1, 1, 1, 1], thresholds 0.5
    const auto net = truth_table(xor_net);

    std::printf("x1 x2  AND NAND OR  XOR(gates) XOR(network)\n");
    bool ok = true;
    for (std::size_t i = 0; i < 4; ++i) {
        const int x1 = truth_table_inputs[i][0], x2 = truth_table_inputs[i][1];
        const int by_gates = xor_by_gates(x1, x2);
        std::printf(" %d  %d   %d    %d   %d      %d          %d\n", x1, x2, and_(x1, x2), nand(x1, x2), or_(x1, x2),
                    by_gates, net[i]);
        ok = ok && by_gates == (x1 ^ x2) && net[i] == (x1 ^ x2);
    }
    return ok ? 0 : 1;
} catch (const Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
}
