// Grouped bar charts and histogram grids: well-formed standalone documents
// (checked by xmllint), one bar per value, log axes over whole decades,
// values that cannot be drawn marked, escaped text, and the errors.
#include "neurite/plot/bars.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <regex>
#include <string>
#include <vector>

#include "test_util.hpp"
#include "xmllint.hpp"

namespace neurite {
namespace {

using test::error_of;

using neurite::test::count;

using neurite::test::texts;

// The height attribute of every element of a class, in order.
std::vector<double> heights(const std::string& svg, const std::string& cls) {
    const std::regex re("<rect class=\"" + cls + "\"[^>]* height=\"([^\"]*)\"");
    std::vector<double> out;
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), re); it != std::sregex_iterator(); ++it)
        out.push_back(std::stod((*it)[1]));
    return out;
}

using test::have_xmllint;

std::string xmllint_problems(const std::string& svg) { return test::xmllint_complaint(svg, "bars"); }

BarChart gradient_chart() {
    BarChart c;
    c.title = "Gradient norm per layer";
    c.x_label = "layer";
    c.y_label = "||dL/dW||";
    c.log_y = true;
    c.categories = {"1", "2", "3", "4"};
    c.series = {{"sigmoid", {1e-6, 1e-4, 1e-2, 1.0}, ""},
                {"relu", {0.01, 0.02, 0.03, 0.04}, ""},
                {"relu, large", {1e15, 2e15, 3e15, 4e15}, "#d62728"}};
    return c;
}

TEST(BarsDocument, WellFormedPerXmllint) {
    if (!have_xmllint()) GTEST_SKIP() << "xmllint not installed (Debian package libxml2-utils)";
    BarChart nasty = gradient_chart();
    nasty.title = "a & b <c> \"d\" \x01 caf\xC3\xA9 \xFF";
    nasty.categories[0] = "<layer & 1>";
    nasty.series[0].name = "x<y & \"z\"";
    for (const BarChart& c : {gradient_chart(), nasty}) {
        const std::string svg = bar_chart_svg(c);
        EXPECT_EQ(xmllint_problems(svg), "") << svg.substr(0, 400);
        EXPECT_EQ(svg.rfind("<?xml", 0), 0u);
        EXPECT_NE(svg.find("xmlns=\"http://www.w3.org/2000/svg\""), std::string::npos);
        EXPECT_EQ(svg.substr(svg.size() - 7), "</svg>\n");
    }
}

TEST(BarsLayout, OneBarPerValueLegendAndCategories) {
    const std::string svg = bar_chart_svg(gradient_chart());
    EXPECT_EQ(count(svg, "<rect class=\"bar\""), 12u);
    EXPECT_EQ(texts(svg, "category"), (std::vector<std::string>{"1", "2", "3", "4"}));
    EXPECT_EQ(texts(svg, "legend-label"), (std::vector<std::string>{"sigmoid", "relu", "relu, large"}));
    EXPECT_NE(svg.find("fill=\"#d62728\""), std::string::npos);  // the series' own color
    EXPECT_NE(svg.find("<title>sigmoid, 1: 1e-06</title>"), std::string::npos);  // tooltips
}

TEST(BarsLogAxis, WholeDecadesAndBarsGrowWithTheirValue) {
    const std::string svg = bar_chart_svg(gradient_chart());
    const auto labels = texts(svg, "tick-y");
    ASSERT_GE(labels.size(), 3u);
    // The axis starts at least a quarter decade below 1e-6 and ends at or above 4e15.
    for (const auto& l : labels) EXPECT_TRUE(l == "1" || l.find("1e") == 0 || l.find("0.") == 0 || l.find("10") == 0) << l;
    EXPECT_EQ(labels.front().rfind("1e-", 0), 0u);
    const auto h = heights(svg, "bar");
    ASSERT_EQ(h.size(), 12u);
    // Bars are drawn category by category: sigmoid, relu, large for each layer.
    EXPECT_GT(h[0], 2.0);          // the smallest value stays visible
    EXPECT_LT(h[0], h[3]);         // sigmoid grows from layer 1 to 2
    EXPECT_LT(h[3], h[6]);
    EXPECT_GT(h[2], h[1] * 2);     // the exploding series dwarfs relu on a log scale too
}

TEST(BarsLinearAxis, StartsAtZeroAndHandlesNegatives) {
    BarChart c;
    c.categories = {"a", "b"};
    c.series = {{"s", {3.0, -1.0}, ""}};
    const std::string svg = bar_chart_svg(c);
    const auto labels = texts(svg, "tick-y");
    EXPECT_NE(std::find(labels.begin(), labels.end(), "0"), labels.end());
    EXPECT_NE(std::find(labels.begin(), labels.end(), "-1"), labels.end());
    EXPECT_NE(svg.find("class=\"zero\""), std::string::npos);
    const auto h = heights(svg, "bar");
    ASSERT_EQ(h.size(), 2u);
    EXPECT_NEAR(h[0] / h[1], 3.0, 0.05);
}

TEST(BarsMissing, NonFiniteAndNonPositiveOnLogAreMarked) {
    BarChart c = gradient_chart();
    c.series[0].values = {0.0, std::nan(""), std::numeric_limits<double>::infinity(), 1.0};
    const std::string svg = bar_chart_svg(c);
    EXPECT_EQ(count(svg, "<rect class=\"bar\""), 9u);
    EXPECT_EQ(texts(svg, "missing").size(), 3u);
    // No data at all still gives a document.
    BarChart empty;
    const std::string e = bar_chart_svg(empty);
    EXPECT_NE(e.find("no data"), std::string::npos);
}

TEST(BarsErrors, SizesAreChecked) {
    BarChart c = gradient_chart();
    c.series[1].values.pop_back();
    EXPECT_NE(error_of([&] { (void)bar_chart_svg(c); }).find("series 1 \"relu\" has 3 values for 4 categories"),
              std::string::npos);
    EXPECT_NE(error_of([&] { (void)bar_chart_svg(gradient_chart(), 100, 100); }).find("too small"),
              std::string::npos);
}

TEST(BarsLayout, LongCategoriesAreRotated) {
    BarChart c;
    for (int i = 0; i < 12; ++i) c.categories.push_back("a rather long category " + std::to_string(i));
    c.series = {{"s", std::vector<double>(12, 1.0), ""}};
    const std::string svg = bar_chart_svg(c, 500, 300);
    EXPECT_EQ(count(svg, "class=\"category\""), 12u);
    EXPECT_NE(svg.find("rotate(-35"), std::string::npos);
}

// ---- histogram grids -----------------------------------------------------------------------------

HistogramGrid init_grid() {
    HistogramGrid g;
    g.title = "Activations per layer";
    g.column_labels = {"layer 1", "layer 2", "layer 3"};
    g.x_label = "value";
    g.y_unit = "%";
    HistogramRow a{.label = "sigmoid\nstd 1", .lo = 0, .hi = 1, .cells = {}, .y_max = 0};
    HistogramRow b{.label = "relu, He", .lo = 0, .hi = 4, .cells = {}, .y_max = 0};
    for (int c = 0; c < 3; ++c) {
        a.cells.push_back({.counts = {40, 5, 5, 50}, .note = "sat 90%"});
        b.cells.push_back({.counts = {10, 8, 4, 2}, .note = ""});
    }
    g.rows = {a, b};
    return g;
}

TEST(HistogramGridDocument, WellFormedPerXmllint) {
    if (!have_xmllint()) GTEST_SKIP() << "xmllint not installed (Debian package libxml2-utils)";
    HistogramGrid nasty = init_grid();
    nasty.title = "<&> \"quoted\" \xFF";
    nasty.rows[0].label = "a < b\n& c";
    nasty.rows[0].cells[0].note = "<note>";
    for (const HistogramGrid& g : {init_grid(), nasty}) {
        const std::string svg = histogram_grid_svg(g);
        EXPECT_EQ(xmllint_problems(svg), "") << svg.substr(0, 400);
        EXPECT_EQ(svg.rfind("<?xml", 0), 0u);
        EXPECT_EQ(svg.substr(svg.size() - 7), "</svg>\n");
    }
}

TEST(HistogramGridLayout, CellsBarsLabelsAndSharedRowScale) {
    const std::string svg = histogram_grid_svg(init_grid());
    EXPECT_EQ(count(svg, "<g class=\"cell\">"), 6u);
    EXPECT_EQ(count(svg, "<rect class=\"hist-bar\""), 24u);
    EXPECT_EQ(texts(svg, "column"), (std::vector<std::string>{"layer 1", "layer 2", "layer 3"}));
    EXPECT_EQ(texts(svg, "row-label"), (std::vector<std::string>{"sigmoid", "std 1", "relu, He"}));
    EXPECT_EQ(texts(svg, "note").size(), 3u);
    EXPECT_EQ(texts(svg, "y-max"), (std::vector<std::string>{"max 50%", "max 10%"}));
    // Each row has its own x range: 0, 0.5, 1 and 0, 2, 4 under the cells.
    const auto ticks = texts(svg, "tick-x");
    ASSERT_EQ(ticks.size(), 18u);
    EXPECT_EQ(ticks[0], "0");
    EXPECT_EQ(ticks[1], "0.5");
    EXPECT_EQ(ticks[2], "1");
    EXPECT_EQ(ticks[10], "2");
    // Heights within a row are on one scale: 40 vs 50 → 0.8.
    const auto h = heights(svg, "hist-bar");
    EXPECT_NEAR(h[0] / h[3], 0.8, 1e-3);
}

TEST(HistogramGridLayout, BinsAboveTheRowMaximumAreClipped) {
    HistogramGrid g = init_grid();
    g.rows[0].y_max = 45;
    const std::string svg = histogram_grid_svg(g);
    EXPECT_EQ(count(svg, "class=\"clipped\""), 3u);  // the 50 in each of the three cells
}

TEST(HistogramGridErrors, BadRowsAreRejected) {
    HistogramGrid g = init_grid();
    g.rows[1].lo = 5;
    EXPECT_NE(error_of([&] { (void)histogram_grid_svg(g); }).find("row 1 \"relu, He\" needs a finite range"),
              std::string::npos);
    g = init_grid();
    g.rows[0].cells[2].counts.push_back(1);
    EXPECT_NE(error_of([&] { (void)histogram_grid_svg(g); }).find("cell 2 has 5 bins"), std::string::npos);
    g = init_grid();
    g.rows[0].cells.push_back({});
    EXPECT_NE(error_of([&] { (void)histogram_grid_svg(g); }).find("4 cells for 3 columns"), std::string::npos);
    EXPECT_NE(error_of([&] { (void)histogram_grid_svg(init_grid(), 20, 20); }).find("too small"), std::string::npos);
}

}  // namespace
}  // namespace neurite
