// Line charts as standalone SVG 1.1 documents.
//
// Each panel is laid out from its own data: the y ticks are chosen first (they
// depend only on the height), the left margin is then made wide enough for
// the longest y tick label, and the x ticks fill the remaining width. Axis
// ranges are widened to whole tick steps (1, 2 or 5 × 10^k), so both ends
// carry a label. Text widths are estimated (no font metrics are available);
// the estimate is deliberately generous.
//
// The output is plain text built in one string: elements carry a class
// (tick-x, tick-y, grid, series, marker, legend, ...) so tests and style
// sheets can find them.
#include "neurite/plot/svg.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "neurite/core/error.hpp"
#include "axes.hpp"
#include "svg_style.hpp"

namespace neurite {
namespace {

using namespace svg_style;
using axes::pow10i;
using axes::tick_step;
using axes::TickStep;


constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Markers of a scatter series (Series::line = false) are larger than those on a line.
constexpr double kScatterRadius = 5;

// The shortest %g text of v that reads back within tol. Values from 1e-4 to
// below 1e6 print without an exponent ("0.25", "60000"); others use C's
// exponent form ("1e-05", "1e+06").
std::string compact(double v, double tol) {
    if (v == 0.0 || std::abs(v) <= tol * 1e-3) return "0";
    if (!std::isfinite(v)) return v > 0 ? "inf" : v < 0 ? "-inf" : "nan";  // not reached by the ticks
    const int exponent = static_cast<int>(std::floor(std::log10(std::abs(v))));
    char buf[64];
    for (int p = 1; p <= 17; ++p) {
        const int precision = exponent >= 0 && exponent < 6 ? std::max(p, exponent + 1) : p;
        std::snprintf(buf, sizeof buf, "%.*g", precision, v);
        if (std::abs(std::strtod(buf, nullptr) - v) <= tol) break;
    }
    return buf;
}

bool usable(double x, double y, bool log_y) {
    return std::isfinite(x) && std::isfinite(y) && (!log_y || y > 0.0);
}

// ---- ticks ---------------------------------------------------------------------------

struct Ticks {
    double lo = 0, hi = 1;             // axis range (log10 of it on a log axis)
    std::vector<double> major;         // positions in axis units
    std::vector<std::string> labels;   // one per major tick; empty = unlabeled
    std::vector<double> minor;         // grid lines without labels
};

// Widens [lo, hi] when it is empty so that it has a visible extent.
void pad_range(double& lo, double& hi) {
    if (hi > lo) return;
    const double d = lo == 0.0 ? 1.0 : std::abs(lo) * 0.1;
    lo -= d;
    hi += d;
    if (!(hi > lo)) lo -= 1.0, hi += 1.0;  // d vanished (subnormal values)
}

// Ticks at multiples of 1, 2 or 5 × 10^k, about `target` of them, the range
// widened to whole steps.
Ticks linear_ticks(double lo, double hi, int target) {
    pad_range(lo, hi);
    Ticks t;
    const double span = hi - lo;
    if (!std::isfinite(span)) {  // beyond double range: label the two ends only
        t.lo = lo, t.hi = hi;
        t.major = {lo, hi};
        t.labels = {compact(lo, std::abs(lo) * 1e-6), compact(hi, std::abs(hi) * 1e-6)};
        return t;
    }
    const TickStep ts = tick_step(span, target);
    const double step = ts.step;
    auto value = [&](long long i) { return ts.value(i); };
    const auto i0 = static_cast<long long>(std::floor(lo / step + 1e-9));
    const auto i1 = static_cast<long long>(std::ceil(hi / step - 1e-9));
    if (i1 - i0 > 1000) {  // rounding trouble at the edge of double precision
        t.lo = lo, t.hi = hi;
        t.major = {lo, hi};
        t.labels = {compact(lo, step * 1e-6), compact(hi, step * 1e-6)};
        return t;
    }
    t.lo = value(i0);
    t.hi = value(i1);
    if (!std::isfinite(t.lo) || !std::isfinite(t.hi)) {  // a whole step beyond the largest double
        t.lo = lo, t.hi = hi;
        t.major = {lo, hi};
        t.labels = {compact(lo, step * 1e-6), compact(hi, step * 1e-6)};
        return t;
    }
    for (long long i = i0; i <= i1; ++i) {
        t.major.push_back(value(i));
        t.labels.push_back(compact(value(i), step * 1e-6));
    }
    return t;
}

// Ticks at powers of ten (every `stride` decades when there are many), with
// minor grid lines at 2..9 × 10^k when the decades are few. lo and hi are
// positive data values; the axis runs in log10 units.
Ticks log_ticks(double lo, double hi, int target) {
    int lo_e = static_cast<int>(std::floor(std::log10(lo) + 1e-12));
    int hi_e = static_cast<int>(std::ceil(std::log10(hi) - 1e-12));
    if (lo_e == hi_e) --lo_e, ++hi_e;  // all values one power of ten: a decade each side
    const auto [e0, e1, stride] = axes::decades(lo_e, hi_e, target);
    Ticks t;
    t.lo = e0;
    t.hi = e1;
    for (int e = e0; e <= e1; e += stride) {
        if (e < -323 || e > 308) continue;  // no double to name it: the axis runs on unlabeled
        t.major.push_back(e);
        const double v = pow10i(e);
        t.labels.push_back(compact(v, v * 1e-9));
    }
    if (stride == 1 && e1 - e0 <= 6) {
        for (int e = e0; e < e1; ++e)
            for (int m = 2; m <= 9; ++m) {
                const double v = m * pow10i(e);
                if (e1 - e0 == 1 && (m == 2 || m == 5)) {  // one decade: label 2 and 5 too
                    t.major.push_back(std::log10(v));
                    t.labels.push_back(compact(v, v * 1e-9));
                } else {
                    t.minor.push_back(std::log10(v));
                }
            }
    }
    // Keep the labeled ticks in axis order.
    std::vector<std::pair<double, std::string>> sorted;
    for (std::size_t i = 0; i < t.major.size(); ++i) sorted.emplace_back(t.major[i], t.labels[i]);
    std::sort(sorted.begin(), sorted.end());
    for (std::size_t i = 0; i < sorted.size(); ++i) t.major[i] = sorted[i].first, t.labels[i] = sorted[i].second;
    return t;
}

// Makes fixed ends (axis units; NaN = not fixed) the ends of the axis,
// dropping the ticks beyond them. Ticks are chosen over the fixed range, so
// only a range that is not a whole number of steps loses some; if none is
// left, the two ends are labeled.
void pin(Ticks& t, double lo, double hi) {
    if (std::isfinite(lo)) t.lo = lo;
    if (std::isfinite(hi)) t.hi = hi;
    const double tol = 1e-9 * (t.hi - t.lo);
    std::vector<double> major;
    std::vector<std::string> labels;
    for (std::size_t i = 0; i < t.major.size(); ++i)
        if (t.major[i] >= t.lo - tol && t.major[i] <= t.hi + tol) {
            major.push_back(t.major[i]);
            labels.push_back(t.labels[i]);
        }
    if (major.empty()) {
        const double span = std::abs(t.hi - t.lo);
        major = {t.lo, t.hi};
        labels = {compact(t.lo, span * 1e-6), compact(t.hi, span * 1e-6)};
    }
    t.major = std::move(major);
    t.labels = std::move(labels);
    std::erase_if(t.minor, [&](double v) { return v < t.lo - tol || v > t.hi + tol; });
}

// ---- drawing -------------------------------------------------------------------------

struct Mapping {
    bool log = false;
    double lo = 0, hi = 1;  // axis units
    double p0 = 0, p1 = 1;  // pixels
    double axis(double v) const { return log ? std::log10(v) : v; }
    // Halved first, so that a range as wide as the doubles does not overflow.
    double px(double axis_units) const { return p0 + (axis_units / 2 - lo / 2) / (hi / 2 - lo / 2) * (p1 - p0); }
    double operator()(double v) const { return px(axis(v)); }
};

struct Rect {
    double x0, y0, x1, y1;
    bool contains(double x, double y) const { return x >= x0 && x <= x1 && y >= y0 && y <= y1; }
};

// The points of one series split at unusable values: one run per segment.
std::vector<std::vector<std::pair<double, double>>> segments(const Series& s, const Mapping& mx,
                                                             const Mapping& my) {
    std::vector<std::vector<std::pair<double, double>>> runs;
    bool open = false;
    for (std::size_t i = 0; i < s.y.size(); ++i) {
        if (!usable(s.x[i], s.y[i], my.log)) {
            open = false;
            continue;
        }
        if (!open) runs.emplace_back();
        open = true;
        runs.back().emplace_back(mx(s.x[i]), my(s.y[i]));
    }
    return runs;
}

void draw_panel(std::string& out, const Axes& spec, const std::vector<std::string>& colors, std::size_t panel,
                double ox, double width, double height) {
    // Data range over the points that will be drawn.
    constexpr double inf = std::numeric_limits<double>::infinity();
    double xlo = inf, xhi = -inf, ylo = inf, yhi = -inf;
    for (const auto& s : spec.series)
        for (std::size_t i = 0; i < s.y.size(); ++i)
            if (usable(s.x[i], s.y[i], spec.log_y)) {
                xlo = std::min(xlo, s.x[i]), xhi = std::max(xhi, s.x[i]);
                ylo = std::min(ylo, s.y[i]), yhi = std::max(yhi, s.y[i]);
            }
    const bool has_data = xlo <= xhi;
    if (!has_data) {
        xlo = 0, xhi = 1;
        ylo = spec.log_y ? 1 : 0, yhi = spec.log_y ? 10 : 1;
    }
    // Fixed ends replace the data's (line_chart_svg has checked them).
    const bool fixed_ylo = std::isfinite(spec.y_min), fixed_yhi = std::isfinite(spec.y_max);
    const bool clipped = std::isfinite(spec.x_min) || std::isfinite(spec.x_max) || fixed_ylo || fixed_yhi;
    if (std::isfinite(spec.x_min)) xlo = spec.x_min;
    if (std::isfinite(spec.x_max)) xhi = spec.x_max;
    if (fixed_ylo) ylo = spec.y_min;
    if (fixed_yhi) yhi = spec.y_max;
    // One fixed end beyond the data's other end: start from an empty range there.
    if (xlo > xhi) {
        if (std::isfinite(spec.x_min))
            xhi = xlo;
        else
            xlo = xhi;
    }
    if (ylo > yhi) {
        if (fixed_ylo)
            yhi = ylo;
        else
            ylo = yhi;
    }

    // Vertical layout, then y ticks, then the left margin they need.
    const double top = spec.title.empty() ? 14 : 38;
    const double bottom = height - (spec.x_label.empty() ? 26 : 46);
    const int y_target = std::max(3, static_cast<int>((bottom - top) / 48));
    Ticks yt = spec.log_y ? log_ticks(ylo, yhi, y_target) : linear_ticks(ylo, yhi, y_target);
    if (fixed_ylo || fixed_yhi) {
        const auto units = [&](double v) { return spec.log_y ? std::log10(v) : v; };
        pin(yt, fixed_ylo ? units(ylo) : kNaN, fixed_yhi ? units(yhi) : kNaN);
    }
    // A line along the frame is hard to see: where the data reach the end
    // of the y axis, widen it by 3% beyond the last tick.
    if (has_data && std::isfinite(yt.hi - yt.lo)) {
        const double span = yt.hi - yt.lo;
        const double dlo = spec.log_y ? std::log10(ylo) : ylo, dhi = spec.log_y ? std::log10(yhi) : yhi;
        if (!fixed_ylo && dlo - yt.lo < 0.015 * span) yt.lo -= 0.03 * span;
        if (!fixed_yhi && yt.hi - dhi < 0.015 * span) yt.hi += 0.03 * span;
    }
    double ylabel_w = 0;
    for (const auto& l : yt.labels) ylabel_w = std::max(ylabel_w, text_width(l, kTickFont));
    double left = ox + 10 + (spec.y_label.empty() ? 0 : 20) + ylabel_w + 8;

    // x ticks for the width left; the outer labels are centered on the ends
    // of the axis, so the margins leave room for half of each.
    double right = ox + width - 16;
    const int x_target = std::max(2, static_cast<int>((right - left) / 80));
    Ticks xt = linear_ticks(xlo, xhi, x_target);
    if (std::isfinite(spec.x_min) || std::isfinite(spec.x_max)) pin(xt, spec.x_min, spec.x_max);
    const double first_half = text_width(xt.labels.front(), kTickFont) / 2;
    const double last_half = text_width(xt.labels.back(), kTickFont) / 2;
    left = std::max(left, ox + first_half + 4);
    right = std::min(right, ox + width - last_half - 6);

    const Mapping mx{false, xt.lo, xt.hi, left, right};
    const Mapping my{spec.log_y, yt.lo, yt.hi, bottom, top};

    out += "<g class=\"panel\">\n";

    // Grid, frame, ticks and their labels; title and axis labels. A title
    // wider than the panel is compressed to fit.
    std::vector<axes::Tick> x_ticks, y_ticks;
    std::vector<double> minor_y;
    for (std::size_t i = 0; i < xt.major.size(); ++i) x_ticks.push_back({mx.px(xt.major[i]), xt.labels[i]});
    for (std::size_t i = 0; i < yt.major.size(); ++i) y_ticks.push_back({my.px(yt.major[i]), yt.labels[i]});
    for (double v : yt.minor) minor_y.push_back(my.px(v));
    axes::draw(out, {left, top, right, bottom}, x_ticks, y_ticks, minor_y, axes::kChart);
    axes::title(out, spec.title, (left + right) / 2, 24, ox, width);
    axes::x_label(out, spec.x_label, (left + right) / 2, height - 10);
    axes::rotated_label(out, "y-label", spec.y_label, ox + 10 + 12, (top + bottom) / 2);

    // Series: one polyline per unbroken run of points, or (line = false)
    // a marker per point, drawn after the lines so that no line hides them.
    std::vector<std::vector<std::vector<std::pair<double, double>>>> runs;
    for (std::size_t si = 0; si < spec.series.size(); ++si) runs.push_back(segments(spec.series[si], mx, my));
    // With fixed ends, data beyond them is cut off at the frame.
    if (clipped) {
        const std::string id = "plot-area-" + std::to_string(panel);
        out += "<clipPath id=\"" + id + "\"><rect x=\"" + coord(left) + "\" y=\"" + coord(top) + "\" width=\"" +
               coord(right - left) + "\" height=\"" + coord(bottom - top) + "\"/></clipPath>\n<g clip-path=\"url(#" +
               id + ")\">\n";
    }
    for (int pass = 0; pass < 2; ++pass)
        for (std::size_t si = 0; si < spec.series.size(); ++si) {
            const Series& s = spec.series[si];
            if (s.line != (pass == 0)) continue;
            const std::string color = xml_escape(colors[si]);
            for (const auto& run : runs[si]) {
                if (!s.line) {
                    for (const auto& [px, py] : run)
                        out += "<circle class=\"marker scatter\" cx=\"" + coord(px) + "\" cy=\"" + coord(py) +
                               "\" r=\"" + coord(kScatterRadius) + "\" fill=\"" + color +
                               "\" stroke=\"#ffffff\" stroke-width=\"1\"/>\n";
                    continue;
                }
                out += "<polyline class=\"series\" fill=\"none\" stroke=\"" + color +
                       "\" stroke-width=\"2\" stroke-linejoin=\"round\" stroke-linecap=\"round\"";
                if (s.dashed) out += " stroke-dasharray=\"7 4\"";
                out += " points=\"";
                for (std::size_t i = 0; i < run.size(); ++i) {
                    if (i) out += ' ';
                    out += coord(run[i].first) + "," + coord(run[i].second);
                }
                out += "\"/>\n";
                // A run of one point draws no line: show it as a dot.
                if (s.markers || run.size() == 1)
                    for (const auto& [px, py] : run)
                        out += "<circle class=\"marker\" cx=\"" + coord(px) + "\" cy=\"" + coord(py) + "\" r=\"" +
                               (s.markers ? "3" : "2.5") + "\" fill=\"" + color + "\"/>\n";
            }
        }
    if (clipped) out += "</g>\n";

    if (!has_data)
        text(out, "no-data", (left + right) / 2, (top + bottom) / 2 + 5, "middle", kLabelFont, "no data",
             " fill=\"#999999\"");

    // Legend: in the corner of the plot area that covers the fewest line
    // samples (every 3 px along each run); see-through only if none is free.
    std::vector<std::size_t> entries;
    for (std::size_t si = 0; si < spec.series.size(); ++si)
        if (!spec.series[si].name.empty()) entries.push_back(si);
    if (!entries.empty()) {
        double name_w = 0;
        for (std::size_t si : entries) name_w = std::max(name_w, text_width(spec.series[si].name, kLegendFont));
        const double row_h = 16, pad = 6, sample = 22;
        const double lw = pad + sample + 6 + name_w + pad;
        const double lh = pad + row_h * static_cast<double>(entries.size()) + pad - 2;
        const double inset = 8;
        const std::array<std::pair<double, double>, 4> corners = {{
            {right - inset - lw, top + inset},      // top right
            {left + inset, top + inset},            // top left
            {right - inset - lw, bottom - inset - lh},  // bottom right
            {left + inset, bottom - inset - lh},    // bottom left
        }};
        std::size_t best = 0;
        std::size_t best_hits = SIZE_MAX;
        for (std::size_t c = 0; c < corners.size(); ++c) {
            const Rect r{corners[c].first - 3, corners[c].second - 3, corners[c].first + lw + 3,
                         corners[c].second + lh + 3};
            std::size_t hits = 0;
            for (std::size_t si = 0; si < runs.size(); ++si)
                for (const auto& run : runs[si])
                    for (std::size_t i = 0; i < run.size(); ++i) {
                        if (r.contains(run[i].first, run[i].second)) ++hits;
                        if (i + 1 == run.size() || !spec.series[si].line) continue;
                        const double dx = run[i + 1].first - run[i].first, dy = run[i + 1].second - run[i].second;
                        const int n = static_cast<int>(std::min(1000.0, std::hypot(dx, dy) / 3));
                        for (int k = 1; k <= n; ++k) {
                            const double f = static_cast<double>(k) / (n + 1);
                            if (r.contains(run[i].first + f * dx, run[i].second + f * dy)) ++hits;
                        }
                    }
            if (hits < best_hits) best = c, best_hits = hits;
        }
        const auto [lx, ly] = corners[best];
        out += "<g class=\"legend\">\n";
        out += "<rect x=\"" + coord(lx) + "\" y=\"" + coord(ly) + "\" width=\"" + coord(lw) + "\" height=\"" +
               coord(lh) + "\" rx=\"3\" fill=\"#ffffff\" fill-opacity=\"" + (best_hits ? "0.8" : "1") +
               "\" stroke=\"#cccccc\"/>\n";
        for (std::size_t e = 0; e < entries.size(); ++e) {
            const Series& s = spec.series[entries[e]];
            const std::string color = xml_escape(colors[entries[e]]);
            const double cy = ly + pad + row_h * static_cast<double>(e) + row_h / 2 - 1;
            if (s.line)
                out += "<line x1=\"" + coord(lx + pad) + "\" y1=\"" + coord(cy) + "\" x2=\"" +
                       coord(lx + pad + sample) + "\" y2=\"" + coord(cy) + "\" stroke=\"" + color +
                       "\" stroke-width=\"2\"" + (s.dashed ? " stroke-dasharray=\"7 4\"" : "") + "/>\n";
            if (s.markers || !s.line)
                out += "<circle cx=\"" + coord(lx + pad + sample / 2) + "\" cy=\"" + coord(cy) + "\" r=\"" +
                       (s.line ? "3" : coord(kScatterRadius)) + "\" fill=\"" + color + "\"/>\n";
            text(out, "legend-label", lx + pad + sample + 6, cy + 4, "start", kLegendFont, s.name,
                 " fill=\"#222222\"");
        }
        out += "</g>\n";
    }
    out += "</g>\n";
}

}  // namespace

// Beyond the four characters of the contract, the output is kept well-formed
// XML whatever the input: control characters XML 1.0 forbids are dropped and
// bytes that are not valid UTF-8 become U+FFFD.
std::string xml_escape(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    const auto cont = [&](std::size_t i, unsigned lo = 0x80, unsigned hi = 0xBF) {
        return i < s.size() && byte(i) >= lo && byte(i) <= hi;
    };
    for (std::size_t i = 0; i < s.size();) {
        const unsigned char c = byte(i);
        if (c < 0x80) {
            switch (c) {
                case '&': out += "&amp;"; break;
                case '<': out += "&lt;"; break;
                case '>': out += "&gt;"; break;
                case '"': out += "&quot;"; break;
                default:
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') out += static_cast<char>(c);
            }
            ++i;
            continue;
        }
        std::size_t len = 0;
        if (c >= 0xC2 && c <= 0xDF) {
            len = cont(i + 1) ? 2 : 0;
        } else if (c >= 0xE0 && c <= 0xEF) {
            const unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
            len = cont(i + 1, lo, hi) && cont(i + 2) ? 3 : 0;
            // U+FFFE and U+FFFF are not XML characters.
            if (len && c == 0xEF && byte(i + 1) == 0xBF && byte(i + 2) >= 0xBE) len = 0;
        } else if (c >= 0xF0 && c <= 0xF4) {
            const unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
            len = cont(i + 1, lo, hi) && cont(i + 2) && cont(i + 3) ? 4 : 0;
        }
        if (len) {
            out.append(s, i, len);
            i += len;
        } else {
            out += "\xEF\xBF\xBD";
            ++i;
        }
    }
    return out;
}

std::string line_chart_svg(const std::vector<Axes>& panels, int panel_width, int height) {
    if (panel_width < 160 || height < 120)
        fail("line_chart_svg: panel size ", panel_width, "×", height, " is too small (at least 160×120)");
    // Check every series before writing anything; pick colors: a series
    // without one takes the palette color of its name, so "train" has the
    // same color in every panel.
    for (std::size_t p = 0; p < panels.size(); ++p) {
        const Axes& a = panels[p];
        const auto check = [&](const char* axis, double lo, double hi) {
            if (std::isinf(lo) || std::isinf(hi))
                fail("line_chart_svg: panel ", p, " has an infinite ", axis, " axis end");
            if (lo >= hi) fail("line_chart_svg: panel ", p, " ", axis, " axis runs from ", lo, " to ", hi);
        };
        check("x", a.x_min, a.x_max);
        check("y", a.y_min, a.y_max);
        if (a.log_y && a.y_min <= 0) fail("line_chart_svg: panel ", p, " has a log y axis from ", a.y_min);
    }
    std::vector<std::vector<std::string>> colors(panels.size());
    std::vector<std::string> named;
    std::size_t next = 0;
    for (std::size_t p = 0; p < panels.size(); ++p)
        for (std::size_t si = 0; si < panels[p].series.size(); ++si) {
            const Series& s = panels[p].series[si];
            if (s.x.size() != s.y.size())
                fail("line_chart_svg: panel ", p, " series ", si, " \"", s.name, "\" has ", s.x.size(),
                     " x values but ", s.y.size(), " y values");
            if (!s.color.empty()) {
                colors[p].push_back(s.color);
                continue;
            }
            std::size_t slot = next;
            const auto it = std::find(named.begin(), named.end(), s.name);
            if (!s.name.empty() && it != named.end()) {
                slot = static_cast<std::size_t>(it - named.begin());
            } else {
                if (!s.name.empty()) named.push_back(s.name);
                ++next;
            }
            colors[p].push_back(kPalette[slot % kPalette.size()]);
        }
    const int n = std::max<int>(1, static_cast<int>(panels.size()));
    std::string titles;
    for (const auto& a : panels)
        if (!a.title.empty()) titles += (titles.empty() ? "" : " | ") + a.title;
    std::string out = document_start(panel_width * n, height, titles);
    for (std::size_t p = 0; p < panels.size(); ++p)
        draw_panel(out, panels[p], colors[p], p, static_cast<double>(p) * panel_width, panel_width, height);
    out += "</svg>\n";
    return out;
}

}  // namespace neurite
