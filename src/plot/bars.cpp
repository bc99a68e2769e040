// Grouped bar charts and histogram grids as standalone SVG 1.1 documents.
//
// Like the line charts, the layout is computed from the data and estimated
// text widths (no font metrics): the y ticks first, then the left margin wide
// enough for their labels, then the bars in the width that is left. Elements
// carry a class (bar, tick-y, category, legend, cell, hist-bar, ...) so that
// tests and style sheets can find them.
#include "neurite/plot/bars.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "neurite/core/error.hpp"
#include "axes.hpp"
#include "neurite/plot/svg.hpp"
#include "svg_style.hpp"

namespace neurite {
namespace {

using namespace svg_style;

// A short label for a value: %g with up to 4 significant digits ("0" for
// values that are zero up to rounding against the tick step), and whole
// numbers up to a billion in full ("36980", not "3.698e+04").
std::string short_number(double v, double step = 0) {
    if (std::abs(v) < std::abs(step) * 1e-9) v = 0;
    char buf[48];
    if (std::abs(v) >= 1e4 && std::abs(v) < 1e9 && v == std::round(v)) {
        std::snprintf(buf, sizeof buf, "%.0f", v);
    } else {
        std::snprintf(buf, sizeof buf, "%.4g", v);
    }
    return buf;
}

std::string decade_label(int e) {
    static const char* const near[] = {"0.001", "0.01", "0.1", "1", "10", "100", "1000"};
    if (e >= -3 && e <= 3) return near[e + 3];
    return "1e" + std::to_string(e);
}

void rect(std::string& out, const std::string& cls, double x, double y, double w, double h, const std::string& fill,
          const std::string& extra = {}, const std::string& tooltip = {}) {
    out += "<rect class=\"" + cls + "\" x=\"" + coord(x) + "\" y=\"" + coord(y) + "\" width=\"" +
           coord(std::max(w, 0.0)) + "\" height=\"" + coord(std::max(h, 0.0)) + "\" fill=\"" + fill + "\"" + extra;
    if (tooltip.empty()) {
        out += "/>\n";
    } else {
        out += "><title>" + xml_escape(tooltip) + "</title></rect>\n";
    }
}

// ---- the value axis ----------------------------------------------------------------------

struct ValueAxis {
    bool log = false;
    double lo = 0, hi = 1;  // in axis units (log10 of the value on a log axis)
    std::vector<double> ticks;
    std::vector<std::string> labels;
    std::vector<double> minor;  // log axis: 2…9 × 10^k when the decades are few
    double p0 = 0, p1 = 1;      // pixels of lo and hi
    double px(double value) const {
        const double a = log ? std::log10(value) : value;
        return p0 + (a - lo) / (hi - lo) * (p1 - p0);
    }
};

// Ticks at 1, 2 or 5 × 10^k, about `target` of them; the range always
// includes 0 and is widened to whole steps.
ValueAxis linear_axis(double lo, double hi, int target) {
    lo = std::min(lo, 0.0);
    hi = std::max(hi, 0.0);
    if (!(hi > lo)) hi = lo + 1;
    const axes::TickStep ts = axes::tick_step(hi - lo, target);
    const double step = ts.step;
    ValueAxis a;
    const auto i0 = static_cast<long long>(std::floor(lo / step + 1e-9));
    const auto i1 = static_cast<long long>(std::ceil(hi / step - 1e-9));
    a.lo = ts.value(i0);
    a.hi = ts.value(i1);
    for (long long i = i0; i <= i1; ++i) {
        a.ticks.push_back(ts.value(i));
        a.labels.push_back(short_number(ts.value(i), step));
    }
    return a;
}

// Whole decades around [lo, hi] (positive values), every `stride` decades
// when there are more than `target`. The bottom lies at least a quarter
// decade below the smallest value, so that its bar stays visible.
ValueAxis log_axis(double lo, double hi, int target) {
    const int lo_e = static_cast<int>(std::floor(std::log10(lo) - 0.25));
    const int hi_e = std::max(lo_e + 1, static_cast<int>(std::ceil(std::log10(hi) - 1e-12)));
    const auto [e0, e1, stride] = axes::decades(lo_e, hi_e, target);
    ValueAxis a;
    a.log = true;
    a.lo = e0;
    a.hi = e1;
    for (int e = e0; e <= e1; e += stride) {
        a.ticks.push_back(e);
        a.labels.push_back(decade_label(e));
    }
    if (stride == 1 && e1 - e0 <= 4)
        for (int e = e0; e < e1; ++e)
            for (int m = 2; m <= 9; ++m) a.minor.push_back(e + std::log10(m));
    return a;
}

bool drawable(double v, bool log) { return std::isfinite(v) && (!log || v > 0); }

// Colors: the series' own, else the palette in order.
std::string pick(const std::string& own, std::size_t i) {
    return own.empty() ? std::string(kPalette[i % kPalette.size()]) : xml_escape(own);
}

// Splits a label at "\n".
std::vector<std::string> lines_of(const std::string& s) {
    std::vector<std::string> out(1);
    for (char c : s) {
        if (c == '\n') {
            out.emplace_back();
        } else {
            out.back() += c;
        }
    }
    return out;
}

}  // namespace

// ---- grouped bars ----------------------------------------------------------------------------

std::string bar_chart_svg(const BarChart& chart, int width, int height) {
    if (width < 240 || height < 160)
        fail("bar_chart_svg: size ", width, "×", height, " is too small (at least 240×160)");
    const std::size_t nc = chart.categories.size(), ns = chart.series.size();
    for (std::size_t s = 0; s < ns; ++s)
        if (chart.series[s].values.size() != nc)
            fail("bar_chart_svg: series ", s, " \"", chart.series[s].name, "\" has ", chart.series[s].values.size(),
                 " values for ", nc, " categories");
    const double W = width, H = height;

    // Data range.
    double vlo = std::numeric_limits<double>::infinity(), vhi = -vlo;
    for (const auto& s : chart.series)
        for (double v : s.values)
            if (drawable(v, chart.log_y)) vlo = std::min(vlo, v), vhi = std::max(vhi, v);
    const bool has_data = vlo <= vhi;
    if (!has_data) vlo = chart.log_y ? 1 : 0, vhi = chart.log_y ? 10 : 1;

    std::string out = document_start(W, H, chart.title);
    axes::title(out, chart.title, W / 2, 24, 0, W);
    double top = chart.title.empty() ? 14 : 38;

    // Legend: a row (wrapped when needed) of swatches between title and plot.
    std::vector<std::size_t> named;
    for (std::size_t s = 0; s < ns; ++s)
        if (!chart.series[s].name.empty()) named.push_back(s);
    if (!named.empty()) {
        out += "<g class=\"legend\">\n";
        double x = 16, y = top + 2;
        for (std::size_t s : named) {
            const double w = 16 + text_width(chart.series[s].name, kTickFont) + 18;
            if (x + w > W - 10 && x > 16) x = 16, y += 18;
            rect(out, "legend-swatch", x, y, 12, 12, pick(chart.series[s].color, s));
            text(out, "legend-label", x + 16, y + 10, "start", kTickFont, chart.series[s].name, " fill=\"#222222\"");
            x += w;
        }
        out += "</g>\n";
        top = y + 12 + 14;
    }

    // Categories rotate when they do not fit side by side.
    double cat_w = 0;
    for (const auto& c : chart.categories) cat_w = std::max(cat_w, text_width(c, kTickFont));
    const double approx_group = (W - 100) / static_cast<double>(std::max<std::size_t>(nc, 1));
    const bool rotate = cat_w + 6 > approx_group;
    const double cat_h = rotate ? cat_w * 0.6 + 14 : 18;
    const double bottom = H - 8 - cat_h - (chart.x_label.empty() ? 0 : 20);

    ValueAxis ya = chart.log_y ? log_axis(vlo, vhi, std::max(3, static_cast<int>((bottom - top) / 40)))
                               : linear_axis(vlo, vhi, std::max(3, static_cast<int>((bottom - top) / 48)));
    ya.p0 = bottom;
    ya.p1 = top;
    double label_w = 0;
    for (const auto& l : ya.labels) label_w = std::max(label_w, text_width(l, kTickFont));
    double left = 10 + (chart.y_label.empty() ? 0 : 20) + label_w + 8;
    // A rotated first category reaches left of its group by cos 35° of its width.
    if (rotate) left = std::max(left, 6 + text_width(chart.categories.front(), kTickFont) * 0.82 - approx_group / 2);
    const double right = W - 14;
    const double gw = (right - left) / static_cast<double>(std::max<std::size_t>(nc, 1));

    // Grid, frame and y ticks (the categories stand under the x axis).
    const auto y_px = [&](double axis_units) { return ya.p0 + (axis_units - ya.lo) / (ya.hi - ya.lo) * (ya.p1 - ya.p0); };
    std::vector<axes::Tick> y_ticks;
    std::vector<double> minor_y;
    for (std::size_t i = 0; i < ya.ticks.size(); ++i) y_ticks.push_back({y_px(ya.ticks[i]), ya.labels[i]});
    for (double m : ya.minor) minor_y.push_back(y_px(m));
    axes::draw(out, {left, top, right, bottom}, {}, y_ticks, minor_y, axes::kChart);

    // Bars: from the baseline (0, or the bottom of a log axis) to the value.
    const double base = chart.log_y ? bottom : ya.px(0.0);
    const double inner = gw * (ns > 1 ? 0.84 : 0.6);
    const double bw = ns ? inner / static_cast<double>(ns) : 0;
    const double gap = bw > 6 ? 1.5 : 0;
    out += "<g class=\"bars\">\n";
    for (std::size_t c = 0; c < nc; ++c) {
        const double gx = left + gw * static_cast<double>(c) + (gw - inner) / 2;
        for (std::size_t s = 0; s < ns; ++s) {
            const double v = chart.series[s].values[c];
            const double x = gx + bw * static_cast<double>(s);
            const std::string tip = (chart.series[s].name.empty() ? "" : chart.series[s].name + ", ") +
                                    chart.categories[c] + ": " + short_number(v);
            if (!drawable(v, chart.log_y)) {
                const double cx = x + bw / 2, cy = base - 4;
                text(out, "missing", cx + 3, cy, "start", kSmallFont, "n/a",
                     " fill=\"#999999\" transform=\"rotate(-90 " + coord(cx + 3) + " " + coord(cy) + ")\"");
                continue;
            }
            const double y = std::clamp(ya.px(v), top, bottom);
            rect(out, "bar", x + gap / 2, std::min(y, base), bw - gap, std::abs(base - y),
                 pick(chart.series[s].color, s), "", tip);
        }
    }
    out += "</g>\n";
    if (!chart.log_y && ya.lo < 0) line(out, "zero", left, base, right, base, "#444444");

    // Category labels, centered under their groups (or rotated).
    for (std::size_t c = 0; c < nc; ++c) {
        const double cx = left + gw * (static_cast<double>(c) + 0.5);
        if (rotate) {
            const double y = bottom + 12;
            text(out, "category", cx + 4, y, "end", kTickFont, chart.categories[c],
                 " fill=\"#333333\" transform=\"rotate(-35 " + coord(cx + 4) + " " + coord(y) + ")\"");
        } else {
            text(out, "category", cx, bottom + 16, "middle", kTickFont, chart.categories[c], " fill=\"#333333\"");
        }
    }
    axes::x_label(out, chart.x_label, (left + right) / 2, H - 10);
    axes::rotated_label(out, "y-label", chart.y_label, 22, (top + bottom) / 2);
    if (!has_data)
        text(out, "no-data", (left + right) / 2, (top + bottom) / 2, "middle", kLabelFont, "no data",
             " fill=\"#999999\"");
    out += "</svg>\n";
    return out;
}

// ---- histogram grid --------------------------------------------------------------------------

std::string histogram_grid_svg(const HistogramGrid& grid, int cell_width, int cell_height) {
    if (cell_width < 80 || cell_height < 60)
        fail("histogram_grid_svg: cell size ", cell_width, "×", cell_height, " is too small (at least 80×60)");
    std::size_t ncols = grid.column_labels.size();
    for (std::size_t r = 0; r < grid.rows.size(); ++r) {
        const HistogramRow& row = grid.rows[r];
        if (!(std::isfinite(row.lo) && std::isfinite(row.hi) && row.lo < row.hi))
            fail("histogram_grid_svg: row ", r, " \"", row.label, "\" needs a finite range lo < hi, got [", row.lo,
                 ", ", row.hi, "]");
        if (!grid.column_labels.empty() && row.cells.size() > grid.column_labels.size())
            fail("histogram_grid_svg: row ", r, " \"", row.label, "\" has ", row.cells.size(), " cells for ",
                 grid.column_labels.size(), " columns");
        for (std::size_t c = 1; c < row.cells.size(); ++c)
            if (row.cells[c].counts.size() != row.cells[0].counts.size())
                fail("histogram_grid_svg: row ", r, " \"", row.label, "\": cell ", c, " has ",
                     row.cells[c].counts.size(), " bins, cell 0 has ", row.cells[0].counts.size());
        ncols = std::max(ncols, row.cells.size());
    }
    ncols = std::max<std::size_t>(ncols, 1);
    const double cw = cell_width, ch = cell_height;

    double label_w = 0;
    for (const auto& row : grid.rows)
        for (const auto& l : lines_of(row.label)) label_w = std::max(label_w, text_width(l, kTickFont));
    const double left = 12 + label_w + 10;
    const double title_h = grid.title.empty() ? 8 : 36;
    const double cols_h = grid.column_labels.empty() ? 4 : 20;
    const double top = title_h + cols_h;
    const double W = std::max(left + cw * static_cast<double>(ncols) + 10, text_width(grid.title, kTitleFont) + 24);
    const double H = top + ch * static_cast<double>(grid.rows.size()) + (grid.x_label.empty() ? 8 : 28);

    std::string out = document_start(W, H, grid.title);
    axes::title(out, grid.title, W / 2, 24, 0, W);
    for (std::size_t c = 0; c < grid.column_labels.size(); ++c)
        text(out, "column", left + cw * (static_cast<double>(c) + 0.5), top - 7, "middle", kLabelFont,
             grid.column_labels[c], " font-weight=\"bold\" fill=\"#333333\"");

    for (std::size_t r = 0; r < grid.rows.size(); ++r) {
        const HistogramRow& row = grid.rows[r];
        const double ry = top + ch * static_cast<double>(r);
        const std::string color = r < grid.row_colors.size() && !grid.row_colors[r].empty()
                                      ? xml_escape(grid.row_colors[r])
                                      : std::string(kPalette[r % kPalette.size()]);
        double ymax = row.y_max;
        if (!(ymax > 0)) {
            ymax = 0;
            for (const auto& cell : row.cells)
                for (double v : cell.counts)
                    if (std::isfinite(v)) ymax = std::max(ymax, v);
        }
        // Row label, vertically centered, one text line per "\n".
        const auto lines = lines_of(row.label);
        const double ly = ry + ch / 2 - 7.0 * static_cast<double>(lines.size() - 1) + 4;
        for (std::size_t i = 0; i < lines.size(); ++i)
            text(out, "row-label", left - 10, ly + 14.0 * static_cast<double>(i), "end", kTickFont, lines[i],
                 " fill=\"#222222\"");

        out += "<g class=\"row\">\n";
        for (std::size_t c = 0; c < row.cells.size(); ++c) {
            const HistogramCell& cell = row.cells[c];
            const double cx = left + cw * static_cast<double>(c);
            const double x0 = cx + 6, x1 = cx + cw - 6;
            const double y0 = ry + 16, y1 = ry + ch - 20;  // plot area: note above, ticks below
            out += "<g class=\"cell\">\n";
            rect(out, "cell-frame", x0, y0, x1 - x0, y1 - y0, "#fafafa",
                 " stroke=\"#dddddd\" shape-rendering=\"crispEdges\"");
            const std::size_t bins = cell.counts.size();
            const double bw = bins ? (x1 - x0) / static_cast<double>(bins) : 0;
            for (std::size_t b = 0; b < bins; ++b) {
                const double v = cell.counts[b];
                if (!(std::isfinite(v) && v > 0) || !(ymax > 0)) continue;
                const bool clipped = v > ymax * (1 + 1e-12);
                const double h = (y1 - y0) * std::min(v / ymax, 1.0);
                const double bl = row.lo + (row.hi - row.lo) * static_cast<double>(b) / static_cast<double>(bins);
                const double br = row.lo + (row.hi - row.lo) * static_cast<double>(b + 1) / static_cast<double>(bins);
                rect(out, "hist-bar", x0 + bw * static_cast<double>(b), y1 - h, bw, h, color,
                     bw > 3 ? " stroke=\"#ffffff\" stroke-width=\"0.5\"" : "",
                     std::string("[").append(short_number(bl)).append(", ").append(short_number(br)).append("): ")
                         .append(short_number(v)).append(grid.y_unit));
                if (clipped) {  // a notch across the top: the bar goes on beyond the cell
                    line(out, "clipped", x0 + bw * static_cast<double>(b) - 1, y0 + 5,
                         x0 + bw * static_cast<double>(b + 1) + 1, y0 + 2, "#ffffff");
                }
            }
            line(out, "baseline", x0, y1, x1, y1, "#888888");
            // x ticks: both ends and the middle.
            const double mid = (row.lo + row.hi) / 2;
            const std::array<std::pair<double, const char*>, 3> ticks = {
                {{row.lo, "start"}, {mid, "middle"}, {row.hi, "end"}}};
            for (const auto& [v, anchor] : ticks) {
                const double px = x0 + (v - row.lo) / (row.hi - row.lo) * (x1 - x0);
                line(out, "tick", px, y1, px, y1 + 3, "#888888");
                text(out, "tick-x", px, y1 + 13, anchor, kSmallFont, short_number(v, row.hi - row.lo),
                     " fill=\"#555555\"");
            }
            if (c == 0 && ymax > 0)
                text(out, "y-max", x0 + 2, y0 - 4, "start", kSmallFont, std::string("max ").append(short_number(ymax)).append(grid.y_unit),
                     " fill=\"#777777\"");
            if (!cell.note.empty())
                text(out, "note", x1 - 2, y0 - 4, "end", kSmallFont, cell.note, " fill=\"#333333\"");
            out += "</g>\n";
        }
        out += "</g>\n";
    }
    axes::x_label(out, grid.x_label, left + cw * static_cast<double>(ncols) / 2, H - 10);
    out += "</svg>\n";
    return out;
}

}  // namespace neurite
