// Logic gates by hand: the textbook's weights give exact truth tables; XOR
// from NAND + OR → AND and from the 2-2-1 step network spec.
#include "neurite/classic/logic_gates.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

#include "neurite/io/model_spec.hpp"
#include "test_util.hpp"

namespace neurite {
namespace {

using test::error_of;
using Table = std::array<int, 4>;

TEST(LogicGates, TextbookWeights) {
    EXPECT_EQ(and_gate().weights, (std::vector<double>{0.5, 0.5}));
    EXPECT_EQ(and_gate().threshold, 0.6);
    EXPECT_EQ(nand_gate().weights, (std::vector<double>{-0.5, -0.5}));
    EXPECT_EQ(nand_gate().threshold, -0.7);
    EXPECT_EQ(or_gate().weights, (std::vector<double>{1, 1}));
    EXPECT_EQ(or_gate().threshold, 0.5);
}

TEST(LogicGates, TruthTables) {
    EXPECT_EQ(truth_table(and_gate()), (Table{0, 0, 0, 1}));
    EXPECT_EQ(truth_table(nand_gate()), (Table{1, 1, 1, 0}));
    EXPECT_EQ(truth_table(or_gate()), (Table{0, 1, 1, 1}));
    EXPECT_EQ(truth_table(xor_by_gates), (Table{0, 1, 1, 0}));
    // The rows are in the order 00 01 10 11.
    EXPECT_EQ(truth_table_inputs[1], (std::array<int, 2>{0, 1}));
    EXPECT_EQ(truth_table_inputs[2], (std::array<int, 2>{1, 0}));
}

TEST(LogicGates, AlternativeAndNeedsTheThresholdToFire) {
    // [1, 1, 2]: (1, 1) sits exactly on the threshold.
    ThresholdUnit u = and_gate_alternative();
    EXPECT_EQ(u.weights, (std::vector<double>{1, 1}));
    EXPECT_EQ(u.threshold, 2.0);
    EXPECT_TRUE(u.fires_at_threshold);
    EXPECT_EQ(truth_table(u), (Table{0, 0, 0, 1}));
    u.fires_at_threshold = false;
    EXPECT_EQ(truth_table(u), (Table{0, 0, 0, 0}));
}

TEST(LogicGates, XorStepNetwork) {
    Sequential net = xor_step_network();
    EXPECT_EQ(net.input_size(), 2u);
    EXPECT_EQ(net.output_size(), 1u);
    EXPECT_EQ(truth_table(net), (Table{0, 1, 1, 0}));
    // The hidden units: h1 = f(x1 − x2 − 0.5) fires for 10, h2 for 01.
    const Matrix x(4, 2, {0, 0, 0, 1, 1, 0, 1, 1});
    (void)net.forward(x);
    const MatrixView<const float> h = net.activations(0);
    const std::array<std::array<float, 2>, 4> want = {{{0, 0}, {0, 1}, {1, 0}, {0, 0}}};
    for (std::size_t i = 0; i < 4; ++i)
        for (std::size_t j = 0; j < 2; ++j) EXPECT_EQ(h(i, j), want[i][j]) << i << "," << j;
}

TEST(LogicGates, XorStepNetworkIsTheTestDataSpec) {
    // The same network as tests/data/xor_step.json, parameter for parameter.
    Sequential ours = xor_step_network();
    Sequential file = build_network<float>(load_model_spec(NEURITE_TEST_DATA "/xor_step.json"));
    ASSERT_EQ(ours.param_count(), file.param_count());
    ASSERT_EQ(ours.param_count(), 9u);  // 2×2 + 2, then 2 + 1
    for (std::size_t i = 0; i < ours.param_count(); ++i) EXPECT_EQ(ours.params()[i], file.params()[i]) << i;
}

TEST(LogicGates, Errors) {
    const std::array<double, 3> three = {1, 1, 1};
    EXPECT_NE(error_of([&] { (void)and_gate()(three); }).find("3 inputs given to a unit with 2 weights"),
              std::string::npos);
    Sequential wide(3);
    wide.dense(1);
    wide.build();
    EXPECT_NE(error_of([&] { (void)truth_table(wide); }).find("needs 2 → 1"), std::string::npos);
}

}  // namespace
}  // namespace neurite
