#include "classic_plot.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "neurite/classic/logic_gates.hpp"

namespace neurite::cli {
namespace {

// Lines are drawn inside [kLo, kHi]²; the band above, up to kTop, is left
// free for the legend so that it never hides a point.
constexpr double kLo = -0.5, kHi = 1.5, kTop = 2.2;

}  // namespace

std::string num(double v) {
    if (v == 0.0) v = 0.0;  // no "-0"
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", v);
    return buf;
}

std::string line_equation(double w1, double w2, double c) {
    std::string s = num(w1) + "·x1 ";
    s += w2 < 0 ? "- " + num(-w2) : "+ " + num(w2);
    return s + "·x2 = " + num(c);
}

Axes gate_axes(std::string title) {
    Axes a;
    a.title = std::move(title);
    a.x_label = "x1";
    a.y_label = "x2";
    a.x_min = a.y_min = kLo;
    a.x_max = kHi;
    a.y_max = kTop;
    return a;
}

void add_truth_points(Axes& axes, const std::array<int, 4>& outputs) {
    Series ones, zeros;
    ones.name = "output 1";
    ones.color = "#1f77b4";
    zeros.name = "output 0";
    zeros.color = "#ff7f0e";
    for (std::size_t i = 0; i < 4; ++i) {
        Series& s = outputs[i] ? ones : zeros;
        s.x.push_back(truth_table_inputs[i][0]);
        s.y.push_back(truth_table_inputs[i][1]);
    }
    for (Series* s : {&ones, &zeros}) {
        s->line = false;
        s->markers = true;
        axes.series.push_back(std::move(*s));
    }
}

void add_line(Axes& axes, std::string name, double w1, double w2, double c, std::string color, bool dashed) {
    // Where the line crosses the four sides of the square.
    std::vector<std::pair<double, double>> hits;
    const auto keep = [&](double x, double y) {
        const double eps = 1e-12;
        if (x < kLo - eps || x > kHi + eps || y < kLo - eps || y > kHi + eps) return;
        for (const auto& [hx, hy] : hits)
            if (std::abs(hx - x) < 1e-9 && std::abs(hy - y) < 1e-9) return;
        hits.emplace_back(x, y);
    };
    if (w2 != 0.0)
        for (double x : {kLo, kHi}) keep(x, (c - w1 * x) / w2);
    if (w1 != 0.0)
        for (double y : {kLo, kHi}) keep((c - w2 * y) / w1, y);
    Series s;
    s.name = std::move(name);
    s.color = std::move(color);
    s.dashed = dashed;
    if (hits.size() >= 2) {
        // The two crossings farthest apart (a line through a corner crosses it twice).
        std::size_t a = 0, b = 1;
        double best = -1;
        for (std::size_t i = 0; i < hits.size(); ++i)
            for (std::size_t j = i + 1; j < hits.size(); ++j) {
                const double d = std::hypot(hits[i].first - hits[j].first, hits[i].second - hits[j].second);
                if (d > best) best = d, a = i, b = j;
            }
        s.x = {hits[a].first, hits[b].first};
        s.y = {hits[a].second, hits[b].second};
    }
    axes.series.push_back(std::move(s));
}

}  // namespace neurite::cli
