// Network diagrams: one circle per node, one line per connection, the
// weights (or given labels) on the edges, escaped text, checked shapes.
#include "neurite/plot/network_diagram.hpp"

#include <gtest/gtest.h>

#include "xmllint.hpp"

#include <cmath>
#include <string>

#include "plot/xmllint.hpp"
#include "test_util.hpp"

namespace neurite {
namespace {

using test::error_of;

using neurite::test::count;

NetworkDiagram two_three_one() {
    NetworkDiagram d;
    d.title = "2-3-1";
    d.layers = {{"input", {{"0.2", ""}, {"0.5", ""}}},
                {"hidden", {{"0.43", "z = -0.27"}, {"0.55", ""}, {"0.48", ""}}},
                {"output", {{"0.54", "t = 0.3"}}}};
    d.weights = {{-0.43, -0.37, 0.04, 0.40, 0.10, -0.20}, {0.36, -0.30, 0.24}};
    d.caption = "loss 0.0655";
    return d;
}

TEST(NetworkDiagram, NodesEdgesAndLabels) {
    const std::string svg = network_diagram_svg({two_three_one()});
    EXPECT_EQ(count(svg, "class=\"node\""), 6u);
    EXPECT_EQ(count(svg, "class=\"edge\""), 9u);
    EXPECT_EQ(count(svg, "class=\"edge-label\""), 9u);
    EXPECT_NE(svg.find(">\xE2\x88\x92"
                       "0.43</text>"),
              std::string::npos);  // −0.43 with a minus sign
    EXPECT_NE(svg.find(">0.40</text>"), std::string::npos);
    EXPECT_NE(svg.find(">z = -0.27</text>"), std::string::npos);
    EXPECT_NE(svg.find(">loss 0.0655</text>"), std::string::npos);
    // Positive weights red, negative blue.
    EXPECT_EQ(count(svg, "stroke=\"#c0392b\""), 5u);
    EXPECT_EQ(count(svg, "stroke=\"#2166ac\""), 4u);
}

TEST(NetworkDiagram, PanelsStackAndEdgeLabelsReplaceWeights) {
    NetworkDiagram back = two_three_one();
    back.edge_labels = {{"a", "b", "c", "d", "e", "f"}, {"g", "h", "i"}};
    const std::string svg = network_diagram_svg({two_three_one(), back}, 800, 300);
    EXPECT_NE(svg.find("height=\"600\""), std::string::npos);
    EXPECT_EQ(count(svg, "class=\"node\""), 12u);
    EXPECT_NE(svg.find(">i</text>"), std::string::npos);
    EXPECT_EQ(count(svg, "class=\"separator\""), 1u);
}

TEST(NetworkDiagram, WellFormedPerXmllint) {
    if (!test::have_xmllint()) GTEST_SKIP() << "xmllint not installed (Debian package libxml2-utils)";
    NetworkDiagram d = two_three_one();
    d.title = "<&> \"q\"";
    d.layers[0].nodes[0].note = "a < b";
    d.caption = "\xFF";
    EXPECT_EQ(test::xmllint_complaint(network_diagram_svg({d}), "diagram"), "");
}

TEST(NetworkDiagram, RejectsBadShapes) {
    NetworkDiagram d = two_three_one();
    d.weights[0].pop_back();
    EXPECT_NE(error_of([&] { (void)network_diagram_svg({d}); }).find("weights[0] has 5 values, expected 3 × 2 = 6"),
              std::string::npos);
    d = two_three_one();
    d.weights.pop_back();
    EXPECT_NE(error_of([&] { (void)network_diagram_svg({d}); }).find("1 weight matrices for 3 layers"),
              std::string::npos);
    d = two_three_one();
    d.layers.resize(1);
    EXPECT_NE(error_of([&] { (void)network_diagram_svg({d}); }).find("at least 2"), std::string::npos);
    d = two_three_one();
    d.weights[1][0] = NAN;
    EXPECT_NE(error_of([&] { (void)network_diagram_svg({d}); }).find("weights[1] holds nan"), std::string::npos);
    d = two_three_one();
    d.edge_labels = {{"x"}, {}};
    EXPECT_NE(error_of([&] { (void)network_diagram_svg({d}); }).find("edge_labels[0] has 1 labels, expected 6"),
              std::string::npos);
}

}  // namespace
}  // namespace neurite
