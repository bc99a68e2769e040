// decision_map: every grid node goes through the network as one input row.
#include "neurite/nn/decision_map.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "neurite/io/model_spec.hpp"
#include "test_util.hpp"

namespace neurite {
namespace {

using test::error_of;

// Two outputs: x + 2y and x − y.
template <typename T>
BasicSequential<T> linear_net() {
    return build_network<T>(parse_model_spec(R"({"input": 2, "layers": [
        {"type": "dense", "units": 2, "weights": [[1, 2], [1, -1]], "bias": [0, 0]}]})"));
}

TEST(DecisionMap, HoldsTheChosenOutputAtEveryNode) {
    auto net = linear_net<double>();
    const Grid2D g = decision_map(net, -1, 1, 0, 2, 5, 0);
    ASSERT_EQ(g.nx, 5u);
    ASSERT_EQ(g.ny, 5u);
    for (std::size_t j = 0; j < g.ny; ++j)
        for (std::size_t i = 0; i < g.nx; ++i) EXPECT_DOUBLE_EQ(g.at(i, j), g.x(i) + 2 * g.y(j));
    const Grid2D h = decision_map(net, -1, 1, 0, 2, 5, 1);
    EXPECT_DOUBLE_EQ(h.at(4, 0), 1.0);  // x − y at (1, 0)
}

TEST(DecisionMap, WorksForFloatNetworksAndManyRows) {
    auto net = linear_net<float>();
    const Grid2D g = decision_map(net, 0, 1, 0, 1, 101);  // 10,201 rows: predict() goes in chunks
    EXPECT_EQ(g.values.size(), 10201u);
    EXPECT_NEAR(g.at(100, 100), 3.0, 1e-6);
    EXPECT_NEAR(g.at(37, 59), 0.37 + 2 * 0.59, 1e-6);
}

TEST(DecisionMap, RejectsNetworksThatDoNotMapThePlane) {
    auto three = build_network<double>(parse_model_spec(R"({"input": 3, "layers": [{"type": "dense", "units": 1}]})"));
    EXPECT_NE(error_of([&] { (void)decision_map(three, 0, 1, 0, 1, 5); }).find("takes 3 inputs"), std::string::npos);
    auto net = linear_net<double>();
    EXPECT_NE(error_of([&] { (void)decision_map(net, 0, 1, 0, 1, 5, 2); }).find("output 2 does not exist"),
              std::string::npos);
    EXPECT_NE(error_of([&] { (void)decision_map(net, 1, 0, 0, 1, 5); }).find("x range"), std::string::npos);
    SequentialD unbuilt(2);
    EXPECT_NE(error_of([&] { (void)decision_map(unbuilt, 0, 1, 0, 1, 5); }).find("not built"), std::string::npos);
}

}  // namespace
}  // namespace neurite
