// Heat maps, contour plots and marching squares: level sets land where the
// function crosses the level (closed around a bowl, open across a plane,
// saddles decided by the mean), cells cover the frame and sit on their nodes,
// colors follow the diverging map, and every document is well-formed.
#include "neurite/plot/heatmap.hpp"

#include <gtest/gtest.h>

#include "xmllint.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <regex>
#include <string>
#include <vector>

#include "plot/xmllint.hpp"
#include "test_util.hpp"

namespace neurite {
namespace {

using test::error_of;

using neurite::test::count;

struct Box {
    double x, y, w, h;
};

std::vector<Box> rects_in(const std::string& svg, const std::string& group_class,
                          std::vector<std::string>* fills = nullptr) {
    const auto start = svg.find("<g class=\"" + group_class + "\"");
    const auto end = svg.find("</g>", start);
    const std::string part = svg.substr(start, end - start);
    const std::regex re(
        R"re(<rect x="([-0-9.]+)" y="([-0-9.]+)" width="([-0-9.]+)" height="([-0-9.]+)" fill="([^"]+)")re");
    std::vector<Box> out;
    for (auto it = std::sregex_iterator(part.begin(), part.end(), re); it != std::sregex_iterator(); ++it) {
        out.push_back({std::stod((*it)[1]), std::stod((*it)[2]), std::stod((*it)[3]), std::stod((*it)[4])});
        if (fills) fills->push_back((*it)[5]);
    }
    return out;
}

Box frame_of(const std::string& svg) {
    const std::regex re(
        R"re(<rect class="frame" x="([-0-9.]+)" y="([-0-9.]+)" width="([-0-9.]+)" height="([-0-9.]+)")re");
    std::smatch m;
    EXPECT_TRUE(std::regex_search(svg, m, re));
    return {std::stod(m[1]), std::stod(m[2]), std::stod(m[3]), std::stod(m[4])};
}

Grid2D bowl_grid(std::size_t n = 81) {
    return Grid2D::sample([](double x, double y) { return x * x + y * y; }, -2, 2, n, -2, 2, n);
}

// ---- marching squares ----------------------------------------------------------------------

TEST(ContourLines, CircleIsOneClosedCurveOnTheRadius) {
    const auto lines = contour_lines(bowl_grid(), 1.0);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_TRUE(lines[0].closed);
    ASSERT_GT(lines[0].points.size(), 60u);
    int quadrants[4] = {0, 0, 0, 0};
    for (const auto& p : lines[0].points) {
        EXPECT_NEAR(std::hypot(p.x, p.y), 1.0, 2e-3) << p.x << ", " << p.y;
        ++quadrants[(p.x >= 0 ? 0 : 1) + (p.y >= 0 ? 0 : 2)];
    }
    for (int q : quadrants) EXPECT_GT(q, 5);
    // Consecutive points are neighbours (one grid cell apart at most): the curve is joined in order.
    const auto& pts = lines[0].points;
    for (std::size_t i = 0; i < pts.size(); ++i) {
        const auto& a = pts[i];
        const auto& b = pts[(i + 1) % pts.size()];
        EXPECT_LT(std::hypot(a.x - b.x, a.y - b.y), 0.05 * std::sqrt(2.0) + 1e-9);
    }
}

TEST(ContourLines, TwoBowlsGiveTwoClosedCurves) {
    const Grid2D g = Grid2D::sample(
        [](double x, double y) { return std::min((x - 1) * (x - 1) + y * y, (x + 1) * (x + 1) + y * y); }, -2.5, 2.5,
        101, -1.5, 1.5, 61);
    const auto lines = contour_lines(g, 0.25);
    ASSERT_EQ(lines.size(), 2u);
    for (const auto& l : lines) {
        EXPECT_TRUE(l.closed);
        double cx = 0;
        for (const auto& p : l.points) cx += p.x;
        cx /= static_cast<double>(l.points.size());
        EXPECT_NEAR(std::abs(cx), 1.0, 0.02);
    }
}

TEST(ContourLines, PlaneGivesOneOpenLineAcrossTheGrid) {
    const Grid2D g = Grid2D::sample([](double x, double) { return x; }, 0, 1, 11, -1, 1, 21);
    const auto lines = contour_lines(g, 0.33);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_FALSE(lines[0].closed);
    ASSERT_EQ(lines[0].points.size(), 21u);  // one crossing per row of nodes
    for (const auto& p : lines[0].points) EXPECT_NEAR(p.x, 0.33, 1e-12);
    const double y0 = lines[0].points.front().y, y1 = lines[0].points.back().y;
    EXPECT_DOUBLE_EQ(std::min(y0, y1), -1.0);
    EXPECT_DOUBLE_EQ(std::max(y0, y1), 1.0);
}

TEST(ContourLines, LevelOutsideTheValuesGivesNothing) {
    EXPECT_TRUE(contour_lines(bowl_grid(11), -1.0).empty());
    EXPECT_TRUE(contour_lines(bowl_grid(11), 100.0).empty());
}

// One cell with 1 at bottom-left and top-right, 0 at the other corners.
Grid2D saddle() {
    Grid2D g(0, 1, 2, 0, 1, 2);
    g.at(0, 0) = 1, g.at(1, 0) = 0, g.at(1, 1) = 1, g.at(0, 1) = 0;
    return g;
}

// Each segment cuts off one corner: both its ends are within 1 (in x + y
// distance) of that corner.
bool cuts_off(const ContourLine& l, double cx, double cy) {
    for (const auto& p : l.points)
        if (std::abs(p.x - cx) + std::abs(p.y - cy) > 1.0 + 1e-12) return false;
    return true;
}

TEST(ContourLines, SaddleIsDecidedByTheMean) {
    // Mean 0.5 ≥ 0.4: the centre is above, so the segments cut off the below corners (1,0) and (0,1).
    auto lines = contour_lines(saddle(), 0.4);
    ASSERT_EQ(lines.size(), 2u);
    for (const auto& l : lines) {
        EXPECT_FALSE(l.closed);
        EXPECT_EQ(l.points.size(), 2u);
    }
    EXPECT_TRUE((cuts_off(lines[0], 1, 0) && cuts_off(lines[1], 0, 1)) ||
                (cuts_off(lines[0], 0, 1) && cuts_off(lines[1], 1, 0)));
    // Mean 0.5 < 0.6: the centre is below, the segments cut off the above corners (0,0) and (1,1).
    lines = contour_lines(saddle(), 0.6);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_TRUE((cuts_off(lines[0], 0, 0) && cuts_off(lines[1], 1, 1)) ||
                (cuts_off(lines[0], 1, 1) && cuts_off(lines[1], 0, 0)));
}

TEST(ContourLines, NonFiniteValueOpensTheCurve) {
    Grid2D g = bowl_grid(41);  // nodes every 0.1; (1, 0) is node (30, 20), right on the circle r = 1
    g.at(30, 20) = std::numeric_limits<double>::quiet_NaN();
    const auto lines = contour_lines(g, 1.0);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_FALSE(lines[0].closed);
}

TEST(ContourLines, RejectsBadInput) {
    EXPECT_NE(error_of([] { (void)contour_lines(bowl_grid(5), std::nan("")); }).find("level"), std::string::npos);
    Grid2D g = bowl_grid(5);
    g.values.pop_back();
    EXPECT_NE(error_of([&] { (void)contour_lines(g, 1.0); }).find("24 values, expected 5 × 5"), std::string::npos);
}

// ---- heat map ------------------------------------------------------------------------------

Heatmap probability_map() {
    return {.title = "a map",
            .x_label = "x1",
            .y_label = "x2",
            .value_label = "p",
            .grid = Grid2D::sample([](double x, double y) { return 1 / (1 + std::exp(-4 * (x - y))); }, -0.5, 1.5,
                                   41, -0.5, 1.5, 41),
            .boundary_levels = {0.5},
            .points = {{.name = "class 0", .x = {0, 1}, .y = {1, 1.5}},
                       {.name = "class 1", .x = {1}, .y = {0}, .shape = MarkerShape::square, .labels = {"0.98"}}}};
}

TEST(HeatmapSvg, WellFormedPerXmllint) {
    if (!test::have_xmllint()) GTEST_SKIP() << "xmllint not installed (Debian package libxml2-utils)";
    Heatmap h = probability_map();
    h.title = "a & b <c> \"d\" \x01 caf\xC3\xA9 \xFF";
    h.value_label = "</text>";
    h.points[0].name = "]]>";
    h.points[1].labels = {"<&>"};
    const std::string svg = heatmap_svg(h);
    EXPECT_EQ(test::xmllint_complaint(svg, "heatmap"), "");
    EXPECT_EQ(svg.find("<c>"), std::string::npos);
}

TEST(HeatmapSvg, CellsTileTheFrameExactly) {
    const std::string svg = heatmap_svg(probability_map());
    const Box f = frame_of(svg);
    const auto cells = rects_in(svg, "cells");
    ASSERT_FALSE(cells.empty());
    double area = 0;
    for (const auto& c : cells) {
        area += c.w * c.h;
        EXPECT_GE(c.x, f.x - 1e-9);
        EXPECT_GE(c.y, f.y - 1e-9);
        EXPECT_LE(c.x + c.w, f.x + f.w + 1e-9);
        EXPECT_LE(c.y + c.h, f.y + f.h + 1e-9);
    }
    EXPECT_NEAR(area, f.w * f.h, 1e-6);  // no gap, no overlap
}

TEST(HeatmapSvg, DivergingColorsAroundTheCenter) {
    Heatmap h;
    h.grid = Grid2D(0, 1, 3, 0, 1, 2);
    h.grid.values = {0.0, 0.5, 1.0, 0.25, 2.0, std::nan("")};
    std::vector<std::string> fills;
    (void)rects_in(heatmap_svg(h), "cells", &fills);
    EXPECT_EQ(fills, (std::vector<std::string>{"#2166ac", "#f7f7f7", "#b2182b", "#92c5de", "#b2182b", "#d9d9d9"}));
    // Another center: 0 is white when the map runs from −1 to 1.
    h.v_min = -1, h.v_center = 0, h.v_max = 1;
    h.grid.values = {-1, 0, 1, -0.5, 0.5, 0};
    fills.clear();
    (void)rects_in(heatmap_svg(h), "cells", &fills);
    EXPECT_EQ(fills, (std::vector<std::string>{"#2166ac", "#f7f7f7", "#b2182b", "#92c5de", "#f4a582", "#f7f7f7"}));
}

TEST(HeatmapSvg, APointOnANodeSitsInTheMiddleOfItsCell) {
    Heatmap h;
    h.grid = Grid2D::sample([](double, double) { return 0.5; }, -0.5, 1.5, 21, -0.5, 1.5, 21);
    h.grid.at(15, 5) = 1.0;  // the node (1, 0)
    PointGroup p;
    p.x = {1};
    p.y = {0};
    h.points = {p};
    std::vector<std::string> fills;
    const std::string svg = heatmap_svg(h);
    const auto cells = rects_in(svg, "cells", &fills);
    const auto hot = std::find(fills.begin(), fills.end(), "#b2182b");
    ASSERT_NE(hot, fills.end());
    EXPECT_EQ(std::count(fills.begin(), fills.end(), "#b2182b"), 1);
    const Box c = cells[static_cast<std::size_t>(hot - fills.begin())];
    std::smatch m;
    ASSERT_TRUE(std::regex_search(svg, m, std::regex(R"re(<circle class="point" cx="([-0-9.]+)" cy="([-0-9.]+)")re")));
    EXPECT_NEAR(std::stod(m[1]), c.x + c.w / 2, 1.0);
    EXPECT_NEAR(std::stod(m[2]), c.y + c.h / 2, 1.0);
}

TEST(HeatmapSvg, DrawsBoundaryPointsLegendAndColorBar) {
    const std::string svg = heatmap_svg(probability_map());
    EXPECT_EQ(count(svg, "class=\"boundary\""), contour_lines(probability_map().grid, 0.5).size());
    EXPECT_EQ(count(svg, "<circle class=\"point\""), 2u);
    EXPECT_EQ(count(svg, "<rect class=\"point\""), 1u);
    EXPECT_NE(svg.find(">0.98</text>"), std::string::npos);
    EXPECT_NE(svg.find(">class 0</text>"), std::string::npos);
    EXPECT_NE(svg.find(">p = 0.5</text>"), std::string::npos);
    EXPECT_NE(svg.find("class=\"colorbar\""), std::string::npos);
    EXPECT_NE(svg.find(">p</text>"), std::string::npos);
}

TEST(HeatmapSvg, EqualAspectMakesSquareUnitsAndCropsTheDocument) {
    Heatmap h = probability_map();  // a square box
    const std::string svg = heatmap_svg(h, 900, 500);
    const Box f = frame_of(svg);
    EXPECT_NEAR(f.w, f.h, 1.0);
    std::smatch m;
    ASSERT_TRUE(std::regex_search(svg, m, std::regex(R"re(<svg [^>]*width="([0-9]+)" height="([0-9]+)")re")));
    EXPECT_LT(std::stoi(m[1]), 900);  // cropped to the plot and its column
    EXPECT_LE(std::stoi(m[2]), 500);
    h.equal_aspect = false;
    const Box g = frame_of(heatmap_svg(h, 900, 500));
    EXPECT_GT(g.w, g.h + 100);
}

TEST(HeatmapSvg, RejectsBadInput) {
    Heatmap h = probability_map();
    h.v_center = 1.0;
    EXPECT_NE(error_of([&] { (void)heatmap_svg(h); }).find("v_min < v_center < v_max"), std::string::npos);
    h = probability_map();
    h.points[0].y.pop_back();
    EXPECT_NE(error_of([&] { (void)heatmap_svg(h); }).find("\"class 0\" has 2 x values but 1 y values"),
              std::string::npos);
    h = probability_map();
    h.points[0].labels = {"one"};
    EXPECT_NE(error_of([&] { (void)heatmap_svg(h); }).find("1 labels for 2 points"), std::string::npos);
    h = probability_map();
    EXPECT_NE(error_of([&] { (void)heatmap_svg(h, 100, 100); }).find("too small"), std::string::npos);
    h.grid = Grid2D();
    EXPECT_NE(error_of([&] { (void)heatmap_svg(h); }).find("heatmap: the grid needs at least 2 nodes"),
              std::string::npos);
}

// ---- contour plot ----------------------------------------------------------------------

ContourPlot bowl_plot() {
    return {.title = "bowl",
            .x_label = "x",
            .y_label = "y",
            .value_label = "f",
            .grid = Grid2D::sample([](double x, double y) { return x * x / 20 + y * y; }, -8, 8, 81, -3, 3, 41),
            .levels = {0.2, 1, 3},
            .paths = {{.name = "first", .x = {-7, -5, -3, -1}, .y = {2, -1.5, 1, -0.5}},
                      {.name = "second", .x = {-7, -6}, .y = {2, 1}, .markers = false}}};
}

TEST(ContourSvg, WellFormedPerXmllint) {
    if (!test::have_xmllint()) GTEST_SKIP() << "xmllint not installed (Debian package libxml2-utils)";
    ContourPlot p = bowl_plot();
    p.title = "<b>&amp;";
    p.paths[0].name = "\"quoted\" & <tagged>";
    EXPECT_EQ(test::xmllint_complaint(contour_svg(p), "contour"), "");
    p.filled = false;
    EXPECT_EQ(test::xmllint_complaint(contour_svg(p), "contour"), "");
}

TEST(ContourSvg, OneContourPathPerLineAndEveryPathWithItsMarkers) {
    const ContourPlot p = bowl_plot();
    const std::string svg = contour_svg(p);
    std::size_t lines = 0;
    for (double l : p.levels) {
        const auto found = contour_lines(p.grid, l);
        lines += found.size();
        EXPECT_EQ(count(svg, "data-level=\"" +
                                 std::string(l == 0.2 ? "0.2"
                                             : l == 1 ? "1"
                                                      : "3") +
                                 "\""),
                  found.size());
    }
    EXPECT_EQ(count(svg, "class=\"contour\""), lines);
    EXPECT_EQ(count(svg, "<path class=\"band\""), p.levels.size());  // one region per level, over the lowest band
    EXPECT_EQ(count(svg, "<g class=\"path\">"), 2u);
    EXPECT_EQ(count(svg, "class=\"step\""), 2u);  // inner points of the first path only
    EXPECT_EQ(count(svg, "class=\"start\""), 2u);
    EXPECT_EQ(count(svg, "class=\"end\""), 2u);
    EXPECT_NE(svg.find(">first</text>"), std::string::npos);
    EXPECT_NE(svg.find(">second</text>"), std::string::npos);
    // The closed ellipses end their path data with Z.
    EXPECT_NE(svg.find("Z\"/>"), std::string::npos);
}

TEST(ContourSvg, UnfilledDrawsNoBands) {
    ContourPlot p = bowl_plot();
    p.filled = false;
    EXPECT_EQ(count(contour_svg(p), "class=\"band\""), 0u);
}

TEST(ContourSvg, FilledRegionOfAGridWhollyAboveALevelIsTheWholeFrame) {
    ContourPlot p;
    p.grid = Grid2D::sample([](double x, double y) { return 5 + x + y; }, 0, 1, 5, 0, 1, 5);
    p.levels = {1, 2};
    const std::string svg = contour_svg(p);
    const Box f = frame_of(svg);
    // Each level's region is every row of cells as one rectangle.
    const std::regex re(R"re(<path class="band" d="([^"]*)")re");
    std::size_t regions = 0;
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), re); it != std::sregex_iterator(); ++it, ++regions) {
        const std::string d = (*it)[1];
        EXPECT_EQ(count(d, "M"), 4u) << d;  // four rows of whole cells
        EXPECT_EQ(count(d, "L"), 0u) << d;  // nothing clipped
    }
    EXPECT_EQ(regions, 2u);
    EXPECT_GT(f.w, 0);
}

TEST(ContourSvg, RejectsBadInput) {
    ContourPlot p = bowl_plot();
    p.levels = {1, 1};
    EXPECT_NE(error_of([&] { (void)contour_svg(p); }).find("levels must increase"), std::string::npos);
    p.levels = {};
    EXPECT_NE(error_of([&] { (void)contour_svg(p); }).find("no levels"), std::string::npos);
    p.levels = {std::numeric_limits<double>::infinity()};
    EXPECT_NE(error_of([&] { (void)contour_svg(p); }).find("not finite"), std::string::npos);
    p = bowl_plot();
    p.paths[1].x.push_back(3);
    EXPECT_NE(error_of([&] { (void)contour_svg(p); }).find("path 1 \"second\" has 3 x values but 2 y values"),
              std::string::npos);
}

}  // namespace
}  // namespace neurite
