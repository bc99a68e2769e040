// Grid2D: nodes on both edges of the box, row-major values from y_min up,
// sampling, finite min/max, and validation.
#include "neurite/tensor/grid.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "test_util.hpp"

namespace neurite {
namespace {

using test::error_of;

TEST(Grid2D, NodesIncludeBothEdges) {
    const Grid2D g(-0.5, 1.5, 5, 0, 3, 4);
    EXPECT_DOUBLE_EQ(g.x(0), -0.5);
    EXPECT_DOUBLE_EQ(g.x(2), 0.5);
    EXPECT_DOUBLE_EQ(g.x(4), 1.5);
    EXPECT_DOUBLE_EQ(g.y(0), 0);
    EXPECT_DOUBLE_EQ(g.y(1), 1);
    EXPECT_DOUBLE_EQ(g.y(3), 3);
    EXPECT_EQ(g.values.size(), 20u);
    const Grid2D fine(0, 0.3, 4, 0, 1, 2);  // 0.1 steps: the last node is exactly the edge
    EXPECT_EQ(fine.x(3), 0.3);
}

TEST(Grid2D, SampleFillsRowsFromTheBottom) {
    const Grid2D g = Grid2D::sample([](double x, double y) { return 10 * x + y; }, 0, 2, 3, 0, 1, 2);
    EXPECT_EQ(g.values, (std::vector<double>{0, 10, 20, 1, 11, 21}));
    EXPECT_DOUBLE_EQ(g.at(2, 1), 21);
    EXPECT_DOUBLE_EQ(g.min_value(), 0);
    EXPECT_DOUBLE_EQ(g.max_value(), 21);
}

TEST(Grid2D, MinAndMaxSkipNonFiniteValues) {
    Grid2D g(0, 1, 2, 0, 1, 2);
    g.values = {std::nan(""), 3, -INFINITY, -2};
    EXPECT_DOUBLE_EQ(g.min_value(), -2);
    EXPECT_DOUBLE_EQ(g.max_value(), 3);
    g.values = {std::nan(""), std::nan(""), std::nan(""), std::nan("")};
    EXPECT_DOUBLE_EQ(g.min_value(), 0);
}

TEST(Grid2D, RejectsBadShapes) {
    EXPECT_NE(error_of([] { Grid2D(0, 1, 1, 0, 1, 5); }).find("at least 2 nodes"), std::string::npos);
    EXPECT_NE(error_of([] { Grid2D(1, 1, 3, 0, 1, 3); }).find("x range [1, 1] is empty"), std::string::npos);
    EXPECT_NE(error_of([] { Grid2D(0, 1, 3, 0, NAN, 3); }).find("y range"), std::string::npos);
    EXPECT_NE(error_of([] { Grid2D(0, 1, 100000, 0, 1, 100000); }).find("too many"), std::string::npos);
    Grid2D g(0, 1, 3, 0, 1, 3);
    g.values.resize(8);
    EXPECT_NE(error_of([&] { g.validate("my plot"); }).find("my plot: the grid has 8 values, expected 3 × 3 = 9"),
              std::string::npos);
}

}  // namespace
}  // namespace neurite
