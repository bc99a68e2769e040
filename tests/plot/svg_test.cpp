// SVG line charts: well-formed documents (checked by xmllint), one polyline
// per unbroken run of points, escaped text, nice tick values, log axes and the
// edge cases (no data, one point, constant values, NaN).
#include "neurite/plot/svg.hpp"

#include <gtest/gtest.h>

#include "xmllint.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <regex>
#include <string>
#include <vector>

#include "neurite/core/error.hpp"

#include <unistd.h>

namespace neurite {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

using neurite::test::count;

using neurite::test::texts;

// The points attribute of every polyline.
std::vector<std::string> polylines(const std::string& svg) {
    const std::regex re("<polyline class=\"series\"[^>]* points=\"([^\"]*)\"");
    std::vector<std::string> out;
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), re); it != std::sregex_iterator(); ++it)
        out.push_back((*it)[1]);
    return out;
}

std::string error_of(const std::vector<Axes>& panels, int w = 480, int h = 340) {
    try {
        (void)line_chart_svg(panels, w, h);
    } catch (const Error& e) {
        return e.what();
    }
    return "<no error>";
}

Series series(std::string name, std::vector<double> x, std::vector<double> y) {
    Series s;
    s.name = std::move(name);
    s.x = std::move(x);
    s.y = std::move(y);
    return s;
}

Axes axes(std::string title, std::vector<Series> s, bool log_y = false) {
    Axes a;
    a.title = std::move(title);
    a.x_label = "x";
    a.y_label = "y";
    a.log_y = log_y;
    a.series = std::move(s);
    return a;
}

// A two-panel learning curve: loss falling, accuracy rising, over 20 epochs.
std::vector<Axes> learning_curve() {
    Series tl = series("train", {}, {}), vl = series("validation", {}, {});
    Series ta = series("train", {}, {}), va = series("validation", {}, {});
    vl.dashed = va.dashed = true;
    va.markers = true;
    for (int e = 1; e <= 20; ++e) {
        for (Series* s : {&tl, &vl, &ta, &va}) s->x.push_back(e);
        tl.y.push_back(0.05 + 0.6 * std::exp(-0.25 * e));
        vl.y.push_back(0.09 + 0.55 * std::exp(-0.22 * e));
        ta.y.push_back(0.98 - 0.08 * std::exp(-0.3 * (e - 1)));
        va.y.push_back(0.97 - 0.07 * std::exp(-0.3 * (e - 1)));
    }
    Axes loss = axes("Loss", {tl, vl}), acc = axes("Accuracy", {ta, va});
    loss.x_label = acc.x_label = "epoch";
    loss.y_label = "cross-entropy";
    acc.y_label = "accuracy";
    return {loss, acc};
}

std::string xmllint_problems(const std::string& svg) { return test::xmllint_complaint(svg, "svg"); }

using test::have_xmllint;

// ---- the document --------------------------------------------------------------

TEST(SvgDocument, WellFormedPerXmllint) {
    if (!have_xmllint()) GTEST_SKIP() << "xmllint not installed (Debian package libxml2-utils)";
    Axes nasty = axes("a & b <c> \"d\" 'e' \x01 caf\xC3\xA9 \xFF", {series("x<y & \"z\"", {0, 1}, {1, 2})});
    nasty.x_label = "</text>";
    nasty.y_label = "]]>";
    nasty.series[0].color = "\"><script/>";
    Axes empty_series = axes("empty", {series("nothing", {}, {})});
    Axes nan_only = axes("nan", {series("nan", {1, 2}, {kNaN, kNaN})});
    Axes log_axes = axes("log", {series("decay", {0, 1, 2, 3}, {1, 0.1, -1, 0.001})}, true);
    const std::vector<std::vector<Axes>> docs = {
        learning_curve(), {nasty}, {empty_series, nan_only}, {log_axes}, {}, {Axes{}},
    };
    for (const auto& panels : docs) {
        const std::string svg = line_chart_svg(panels);
        EXPECT_EQ(xmllint_problems(svg), "") << svg;
    }
}

TEST(SvgDocument, StandaloneSvgRoot) {
    const std::string svg = line_chart_svg(learning_curve(), 500, 400);
    EXPECT_EQ(svg.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"", 0), 0u);
    EXPECT_NE(svg.find("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"1000\" height=\"400\" "
                       "viewBox=\"0 0 1000 400\" font-family=\"sans-serif\""),
              std::string::npos);
    EXPECT_NE(svg.find("fill=\"#ffffff\""), std::string::npos);  // white background
    EXPECT_EQ(svg.substr(svg.size() - 7), "</svg>\n");
    EXPECT_EQ(count(svg, "<g class=\"panel\">"), 2u);
    EXPECT_EQ(texts(svg, "title"), (std::vector<std::string>{"Loss", "Accuracy"}));
    EXPECT_EQ(texts(svg, "x-label"), (std::vector<std::string>{"epoch", "epoch"}));
    EXPECT_EQ(texts(svg, "y-label"), (std::vector<std::string>{"cross-entropy", "accuracy"}));
    EXPECT_EQ(count(svg, "class=\"grid"), count(svg, "class=\"tick\""));
    EXPECT_EQ(count(svg, "<g class=\"legend\">"), 2u);
    EXPECT_EQ(texts(svg, "legend-label"), (std::vector<std::string>{"train", "validation", "train", "validation"}));
    EXPECT_EQ(count(svg, "nan"), 0u);
}

TEST(SvgDocument, EscapesText) {
    Axes a = axes("A & B <c> \"d\"", {series("<loss>", {0, 1}, {0, 1})});
    const std::string svg = line_chart_svg({a});
    EXPECT_NE(svg.find(">A &amp; B &lt;c&gt; &quot;d&quot;</text>"), std::string::npos);
    EXPECT_NE(svg.find(">&lt;loss&gt;</text>"), std::string::npos);
    EXPECT_EQ(svg.find("<c>"), std::string::npos);
    EXPECT_EQ(svg.find("<loss>"), std::string::npos);
}

TEST(SvgXmlEscape, FourCharactersAndInvalidInput) {
    EXPECT_EQ(xml_escape("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e'f");
    EXPECT_EQ(xml_escape("plain text"), "plain text");
    EXPECT_EQ(xml_escape("caf\xC3\xA9 \xE2\x88\x9A \xF0\x9F\x93\x88"), "caf\xC3\xA9 \xE2\x88\x9A \xF0\x9F\x93\x88");
    EXPECT_EQ(xml_escape("tab\tnl\n"), "tab\tnl\n");
    EXPECT_EQ(xml_escape("bell\x07"), "bell");                    // not an XML character: dropped
    EXPECT_EQ(xml_escape("bad \xFF!"), "bad \xEF\xBF\xBD!");      // not UTF-8: U+FFFD
    EXPECT_EQ(xml_escape("cut \xC3"), "cut \xEF\xBF\xBD");        // truncated sequence
    EXPECT_EQ(xml_escape("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
}

// ---- series ---------------------------------------------------------------------

TEST(SvgSeries, OnePolylinePerFiniteSegment) {
    // Runs: x 0-1, x 3-5, x 7 (alone), broken by NaN, inf and a NaN x.
    Series s = series("s", {0, 1, 2, 3, 4, 5, 6, 7, kNaN, 9}, {1, 2, kNaN, 3, 4, 5, kInf, 6, 7, -kInf});
    const std::string svg = line_chart_svg({axes("t", {s})});
    const auto lines = polylines(svg);
    ASSERT_EQ(lines.size(), 3u) << svg;
    EXPECT_EQ(count(lines[0], ","), 2u);
    EXPECT_EQ(count(lines[1], ","), 3u);
    EXPECT_EQ(count(lines[2], ","), 1u);
    EXPECT_EQ(count(svg, "class=\"marker\""), 1u);  // the lone point is drawn as a dot
    EXPECT_EQ(count(svg, "nan"), 0u);
    EXPECT_EQ(count(svg, "inf"), 0u);
}

TEST(SvgSeries, NanOnlyAndEmptySeriesDrawNoLines) {
    const std::string svg =
        line_chart_svg({axes("t", {series("a", {1, 2, 3}, {kNaN, kNaN, kNaN}), series("b", {}, {})})});
    EXPECT_EQ(polylines(svg).size(), 0u);
    EXPECT_EQ(texts(svg, "no-data"), (std::vector<std::string>{"no data"}));
    EXPECT_EQ(texts(svg, "legend-label"), (std::vector<std::string>{"a", "b"}));
    // Default axes 0..1 still get ticks.
    EXPECT_FALSE(texts(svg, "tick-x").empty());
    EXPECT_FALSE(texts(svg, "tick-y").empty());
}

TEST(SvgSeries, SinglePoint) {
    const std::string svg = line_chart_svg({axes("t", {series("one", {3}, {0.5})})});
    EXPECT_EQ(polylines(svg).size(), 1u);
    EXPECT_EQ(count(svg, "class=\"marker\""), 1u);
    // The range is widened around the point: 0.5 sits between labeled ticks.
    const auto y = texts(svg, "tick-y");
    ASSERT_GE(y.size(), 3u);
    EXPECT_NE(std::find(y.begin(), y.end(), "0.5"), y.end());
    const auto x = texts(svg, "tick-x");
    EXPECT_NE(std::find(x.begin(), x.end(), "3"), x.end());
}

TEST(SvgSeries, MarkersDashesAndColors) {
    Series a = series("", {0, 1, 2}, {0, 1, 2}), b = series("", {0, 1, 2}, {2, 1, 0});
    b.dashed = true;
    b.markers = true;
    Series c = series("red one", {0, 1}, {1, 1});
    c.color = "red";
    const std::string svg = line_chart_svg({axes("t", {a, b, c})});
    EXPECT_EQ(count(svg, "class=\"marker\""), 3u);
    EXPECT_EQ(count(svg, "stroke-dasharray=\"7 4\""), 1u);  // b only; no legend entry (unnamed)
    EXPECT_NE(svg.find("stroke=\"#1f77b4\""), std::string::npos);
    EXPECT_NE(svg.find("stroke=\"#ff7f0e\""), std::string::npos);
    EXPECT_NE(svg.find("stroke=\"red\""), std::string::npos);
    EXPECT_EQ(texts(svg, "legend-label"), (std::vector<std::string>{"red one"}));
}

TEST(SvgSeries, ScatterDrawsMarkersWithoutLines) {
    // line = false: one marker per finite point, no polyline, drawn after
    // (above) the lines; its legend entry shows a marker and no line sample.
    Series points = series("points", {0, 1, 1, kNaN}, {0, 0, 1, 2});
    points.line = false;
    const std::string svg = line_chart_svg({axes("t", {points, series("line", {0, 1}, {1, 0})})});
    EXPECT_EQ(polylines(svg).size(), 1u);
    EXPECT_EQ(count(svg, "class=\"marker scatter\""), 3u);
    EXPECT_LT(svg.find("<polyline"), svg.find("marker scatter"));
    const std::string legend = svg.substr(svg.find("<g class=\"legend\">"));
    EXPECT_EQ(count(legend, "<line "), 1u);    // the line series only
    EXPECT_EQ(count(legend, "<circle "), 1u);  // the scatter series
}

TEST(SvgSeries, FixedAxisEndsAndClipping) {
    Axes a = axes("t", {series("s", {0, 1, 3}, {0, 1, 3})});
    a.x_min = a.y_min = -0.5;
    a.x_max = a.y_max = 1.5;
    const std::string svg = line_chart_svg({a});
    EXPECT_EQ(texts(svg, "tick-x"), (std::vector<std::string>{"-0.5", "0", "0.5", "1", "1.5"}));
    EXPECT_EQ(texts(svg, "tick-y"), (std::vector<std::string>{"-0.5", "0", "0.5", "1", "1.5"}));
    EXPECT_EQ(count(svg, "<clipPath id=\"plot-area-0\">"), 1u);  // (3, 3) is cut off at the frame
    EXPECT_EQ(count(svg, "clip-path=\"url(#plot-area-0)\""), 1u);
    // Without fixed ends nothing is clipped.
    EXPECT_EQ(count(line_chart_svg({axes("t", {series("s", {0, 1}, {0, 1})})}), "clipPath"), 0u);
    Axes bad = a;
    bad.x_max = -1;
    EXPECT_NE(error_of({bad}).find("x axis runs from -0.5 to -1"), std::string::npos) << error_of({bad});
    bad = a;
    bad.y_min = -kInf;
    EXPECT_NE(error_of({bad}).find("infinite y axis end"), std::string::npos) << error_of({bad});
}

TEST(SvgSeries, SameNameSameColorAcrossPanels) {
    const std::string svg = line_chart_svg(learning_curve());
    // train and validation: two colors, each used by a line and a legend
    // sample in both panels.
    EXPECT_EQ(count(svg, "<polyline class=\"series\" fill=\"none\" stroke=\"#1f77b4\""), 2u);
    EXPECT_EQ(count(svg, "<polyline class=\"series\" fill=\"none\" stroke=\"#ff7f0e\""), 2u);
    EXPECT_EQ(count(svg, "#2ca02c"), 0u);
}

TEST(SvgSeries, EightPaletteColorsThenRepeat) {
    std::vector<Series> many;
    for (int i = 0; i < 9; ++i) {
        std::string name = "s";  // not "s" + to_string(i): GCC 12 gives a false -Wrestrict
        name += std::to_string(i);
        many.push_back(series(name, {0, 1}, {0, double(i)}));
    }
    const std::string svg = line_chart_svg({axes("t", many)});
    std::vector<std::string> colors;
    const std::regex re("<polyline class=\"series\" fill=\"none\" stroke=\"([^\"]*)\"");
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), re); it != std::sregex_iterator(); ++it)
        colors.push_back((*it)[1]);
    ASSERT_EQ(colors.size(), 9u);
    for (int i = 0; i < 8; ++i)
        for (int j = 0; j < i; ++j) EXPECT_NE(colors[i], colors[j]);
    EXPECT_EQ(colors[8], colors[0]);
}

TEST(SvgSeries, LegendAvoidsTheLines) {
    auto legend_x = [](const std::string& svg) {
        std::smatch m;
        const std::regex re("<g class=\"legend\">\n<rect x=\"([0-9.]+)\" y=\"([0-9.]+)\"");
        EXPECT_TRUE(std::regex_search(svg, m, re)) << svg;
        return std::pair{std::stod(m[1]), std::stod(m[2])};
    };
    std::vector<double> x, down, up;
    for (int i = 0; i <= 20; ++i) x.push_back(i), down.push_back(20 - i), up.push_back(i);
    // A line falling from top left to bottom right: the top right is free.
    auto [x1, y1] = legend_x(line_chart_svg({axes("t", {series("falling", x, down)})}, 480, 340));
    EXPECT_GT(x1, 240);
    EXPECT_LT(y1, 170);
    // A rising line leaves the top left free.
    auto [x2, y2] = legend_x(line_chart_svg({axes("t", {series("rising", x, up)})}, 480, 340));
    EXPECT_LT(x2, 240);
    EXPECT_LT(y2, 170);
}

TEST(SvgSeries, MismatchedLengthsNameBothSizes) {
    const std::string msg = error_of({axes("t", {series("loss", {1, 2, 3}, {1, 2})})});
    EXPECT_NE(msg.find("\"loss\" has 3 x values but 2 y values"), std::string::npos) << msg;
}

TEST(SvgSeries, ExtremeValuesStayFinite) {
    const double big = std::numeric_limits<double>::max();
    const std::vector<Axes> panels = {
        axes("span overflows", {series("s", {0, 1}, {-1e308, 1e308})}),
        axes("step overflows", {series("s", {0, big}, {0, big})}),
        axes("log extremes", {series("s", {0, 1, 2}, {5e-324, 1, big})}, true),
        axes("tiny range", {series("s", {0, 1}, {1.0, 1.0 + 1e-13})}),
    };
    for (const auto& a : panels) {
        const std::string svg = line_chart_svg({a});
        EXPECT_EQ(count(svg, "nan"), 0u) << svg;
        EXPECT_EQ(count(svg, "inf"), 0u) << svg;
        EXPECT_EQ(polylines(svg).size(), 1u) << svg;
        EXPECT_GE(texts(svg, "tick-y").size(), 2u) << svg;
        if (have_xmllint()) {
            EXPECT_EQ(xmllint_problems(svg), "");
        }
    }
}

TEST(SvgDocument, TooSmallIsAnError) {
    const std::string msg = error_of({axes("t", {})}, 100, 50);
    EXPECT_NE(msg.find("100×50"), std::string::npos) << msg;
}

// ---- ticks ----------------------------------------------------------------------

TEST(SvgTicks, NiceLinearValues) {
    // y over [0, 1] in a 340-px panel: steps of 0.2. x over [0, 100]: steps of 20.
    const std::string svg = line_chart_svg({axes("t", {series("s", {0, 50, 100}, {0, 1, 0.5})})});
    EXPECT_EQ(texts(svg, "tick-y"), (std::vector<std::string>{"0", "0.2", "0.4", "0.6", "0.8", "1"}));
    EXPECT_EQ(texts(svg, "tick-x"), (std::vector<std::string>{"0", "20", "40", "60", "80", "100"}));
}

TEST(SvgTicks, RangeWidenedToWholeSteps) {
    // y over [0.13, 0.87]: step 0.2, the axis running from 0 to 1. Epochs 1..20: 0, 5, .., 20.
    std::vector<double> x, y;
    for (int e = 1; e <= 20; ++e) x.push_back(e), y.push_back(0.13 + (0.87 - 0.13) * (e - 1) / 19.0);
    const std::string svg = line_chart_svg({axes("t", {series("s", x, y)})});
    EXPECT_EQ(texts(svg, "tick-y"), (std::vector<std::string>{"0", "0.2", "0.4", "0.6", "0.8", "1"}));
    EXPECT_EQ(texts(svg, "tick-x"), (std::vector<std::string>{"0", "5", "10", "15", "20"}));
}

TEST(SvgTicks, CompactNumbers) {
    std::string svg = line_chart_svg({axes("t", {series("s", {0, 60000}, {0, 1e-4})})});
    const auto x = texts(svg, "tick-x");
    EXPECT_NE(std::find(x.begin(), x.end(), "60000"), x.end()) << svg;
    const auto y = texts(svg, "tick-y");
    EXPECT_NE(std::find(y.begin(), y.end(), "2e-05"), y.end()) << svg;
    EXPECT_NE(std::find(y.begin(), y.end(), "0.0001"), y.end()) << svg;
    // 0.1 steps stay short: no 0.30000000000000004.
    svg = line_chart_svg({axes("t", {series("s", {0, 1}, {0.0, 0.5})})});
    for (const auto& t : texts(svg, "tick-y")) EXPECT_LE(t.size(), 4u) << t;
}

TEST(SvgTicks, NegativeRange) {
    const std::string svg = line_chart_svg({axes("t", {series("s", {0, 1}, {-1, 1})})});
    const auto y = texts(svg, "tick-y");
    EXPECT_EQ(y.front(), "-1");
    EXPECT_EQ(y.back(), "1");
    EXPECT_NE(std::find(y.begin(), y.end(), "0"), y.end());
    EXPECT_EQ(std::find(y.begin(), y.end(), "-0"), y.end());
}

TEST(SvgTicks, AllEqualValuesArePadded) {
    const std::string svg = line_chart_svg({axes("t", {series("s", {1, 2, 3, 4}, {0.5, 0.5, 0.5, 0.5})})});
    const auto y = texts(svg, "tick-y");
    ASSERT_GE(y.size(), 3u);
    EXPECT_LT(std::stod(y.front()), 0.5);
    EXPECT_GT(std::stod(y.back()), 0.5);
    EXPECT_EQ(polylines(svg).size(), 1u);
    // Zero is padded too.
    const auto z = texts(line_chart_svg({axes("t", {series("s", {1, 2}, {0, 0})})}), "tick-y");
    EXPECT_EQ(z.front(), "-1");
    EXPECT_EQ(z.back(), "1");
}

TEST(SvgTicks, LogAxisAtPowersOfTen) {
    const std::string svg =
        line_chart_svg({axes("t", {series("s", {0, 1, 2, 3, 4}, {10, 1, 0.1, 0.01, 0.001})}, true)});
    EXPECT_EQ(texts(svg, "tick-y"), (std::vector<std::string>{"0.001", "0.01", "0.1", "1", "10"}));
    EXPECT_GT(count(svg, "class=\"grid minor\""), 0u);
    const std::string small = line_chart_svg({axes("t", {series("s", {0, 1}, {1e-5, 1})}, true)});
    const auto y = texts(small, "tick-y");
    EXPECT_EQ(y.front(), "1e-05");
    EXPECT_EQ(y.back(), "1");
}

TEST(SvgTicks, LogAxisSkipsNonPositiveValues) {
    // 0 and −1 cannot be drawn on a log axis: they break the line like NaN.
    const std::string svg =
        line_chart_svg({axes("t", {series("s", {0, 1, 2, 3, 4, 5}, {0.2, 0.5, 0, 0.3, -1, 0.9})}, true)});
    EXPECT_EQ(polylines(svg).size(), 3u);  // 0.2-0.5, 0.3, 0.9
    // Within one decade, 2 and 5 × 10^k are labeled too.
    EXPECT_EQ(texts(svg, "tick-y"), (std::vector<std::string>{"0.1", "0.2", "0.5", "1"}));
}

TEST(SvgTicks, LogAxisOverManyDecadesLabelsEveryFew) {
    const std::string svg = line_chart_svg({axes("t", {series("s", {0, 1}, {1e-12, 1e6})}, true)});
    const auto y = texts(svg, "tick-y");
    EXPECT_LE(y.size(), 8u);
    EXPECT_GE(y.size(), 3u);
    const std::regex power_of_ten("1e[-+][0-9]+|0\\.0*1|10*");
    for (const auto& t : y) EXPECT_TRUE(std::regex_match(t, power_of_ten)) << t;
}

TEST(SvgTicks, LogAxisWithoutPositiveValues) {
    const std::string svg = line_chart_svg({axes("t", {series("s", {0, 1}, {0, -1})}, true)});
    EXPECT_EQ(polylines(svg).size(), 0u);
    EXPECT_EQ(texts(svg, "no-data").size(), 1u);
    EXPECT_EQ(texts(svg, "tick-y"), (std::vector<std::string>{"1", "2", "5", "10"}));
}

}  // namespace
}  // namespace neurite
