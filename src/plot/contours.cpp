// Contours of a grid: marching squares and the path data drawn from it
// (see contours.hpp).
#include "contours.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "neurite/core/error.hpp"
#include "svg_style.hpp"

namespace neurite {
namespace contours {
namespace {

using svg_style::coord;

// Appends "Mx y" (move) or "Lx y" (line) to path data.
void move_or_line(std::string& d, bool move, double x, double y) {
    d += move ? 'M' : 'L';
    d += coord(x);
    d += ' ';
    d += coord(y);
}

struct Vertex {
    double x, y, v;  // pixels and value
};

}  // namespace

std::string line_path(const ContourLine& line, const axes::Frame& f) {
    std::string d;
    for (std::size_t i = 0; i < line.points.size(); ++i)
        move_or_line(d, i == 0, f.px(line.points[i].x), f.py(line.points[i].y));
    if (line.closed) d += "Z";
    return d;
}

std::string region_path(const Grid2D& g, const axes::Frame& f, double level) {
    std::string d;
    const auto finite = [&](std::size_t i, std::size_t j) { return std::isfinite(g.at(i, j)); };
    for (std::size_t j = 0; j + 1 < g.ny; ++j) {
        const double y0 = f.py(g.y(j)), y1 = f.py(g.y(j + 1));
        std::size_t run = SIZE_MAX;  // first cell of the current run of whole cells
        const auto flush = [&](std::size_t end) {
            if (run == SIZE_MAX) return;
            // Appended piece by piece: GCC 12 warns (-Wrestrict, a false
            // positive) on "M" + std::string once this is inlined here.
            move_or_line(d, true, f.px(g.x(run)), y0);
            for (const auto& [cmd, v] : {std::pair{'H', f.px(g.x(end))}, {'V', y1}, {'H', f.px(g.x(run))}}) {
                d += cmd;
                d += coord(v);
            }
            d += 'Z';
            run = SIZE_MAX;
        };
        for (std::size_t i = 0; i + 1 < g.nx; ++i) {
            const bool ok = finite(i, j) && finite(i + 1, j) && finite(i + 1, j + 1) && finite(i, j + 1);
            const std::array<Vertex, 4> corners = {{{f.px(g.x(i)), y0, g.at(i, j)},
                                                    {f.px(g.x(i + 1)), y0, g.at(i + 1, j)},
                                                    {f.px(g.x(i + 1)), y1, g.at(i + 1, j + 1)},
                                                    {f.px(g.x(i)), y1, g.at(i, j + 1)}}};
            int inside = 0;
            if (ok)
                for (const auto& c : corners) inside += c.v >= level;
            if (inside == 4) {
                if (run == SIZE_MAX) run = i;
                continue;
            }
            flush(i);
            if (inside == 0) continue;
            // Sutherland–Hodgman: keep the part of the cell where v ≥ level,
            // cutting each edge where the linear interpolation reaches it.
            std::vector<Vertex> poly;
            for (std::size_t k = 0; k < 4; ++k) {
                const Vertex& a = corners[k];
                const Vertex& b = corners[(k + 1) % 4];
                const bool ain = a.v >= level, bin = b.v >= level;
                if (ain) poly.push_back(a);
                if (ain != bin) {
                    const double t = (level - a.v) / (b.v - a.v);
                    poly.push_back({a.x + t * (b.x - a.x), a.y + t * (b.y - a.y), level});
                }
            }
            for (std::size_t k = 0; k < poly.size(); ++k) move_or_line(d, k == 0, poly[k].x, poly[k].y);
            d += "Z";
        }
        flush(g.nx - 1);
    }
    return d;
}

}  // namespace contours

// ---- marching squares -----------------------------------------------------------------

std::vector<ContourLine> contour_lines(const Grid2D& g, double level) {
    g.validate("contour lines");
    if (!std::isfinite(level)) fail("contour lines: the level ", level, " is not finite");
    const std::size_t nx = g.nx, ny = g.ny;
    const std::size_t horizontal = (nx - 1) * ny;  // edges (i, j)–(i+1, j) first, then (i, j)–(i, j+1)
    const auto h_edge = [&](std::size_t i, std::size_t j) { return j * (nx - 1) + i; };
    const auto v_edge = [&](std::size_t i, std::size_t j) { return horizontal + j * nx + i; };
    const auto above = [&](std::size_t i, std::size_t j) { return g.at(i, j) >= level; };
    // Where the level crosses an edge, by linear interpolation along it.
    const auto crossing = [&](std::size_t e) {
        std::size_t i0, j0, i1, j1;
        if (e < horizontal) {
            i0 = e % (nx - 1), j0 = e / (nx - 1), i1 = i0 + 1, j1 = j0;
        } else {
            i0 = (e - horizontal) % nx, j0 = (e - horizontal) / nx, i1 = i0, j1 = j0 + 1;
        }
        const double a = g.at(i0, j0), b = g.at(i1, j1);
        const double t = std::clamp((level - a) / (b - a), 0.0, 1.0);
        return ContourPoint{g.x(i0) + t * (g.x(i1) - g.x(i0)), g.y(j0) + t * (g.y(j1) - g.y(j0))};
    };

    // Segments, each joining two crossed edges of one cell.
    std::vector<std::array<std::size_t, 2>> segments;
    for (std::size_t j = 0; j + 1 < ny; ++j)
        for (std::size_t i = 0; i + 1 < nx; ++i) {
            const double c[4] = {g.at(i, j), g.at(i + 1, j), g.at(i + 1, j + 1), g.at(i, j + 1)};
            if (!std::isfinite(c[0]) || !std::isfinite(c[1]) || !std::isfinite(c[2]) || !std::isfinite(c[3])) continue;
            const bool bl = above(i, j), br = above(i + 1, j), tr = above(i + 1, j + 1), tl = above(i, j + 1);
            const std::size_t bottom = h_edge(i, j), right = v_edge(i + 1, j), top = h_edge(i, j + 1),
                              left = v_edge(i, j);
            std::size_t crossed[4];
            std::size_t n = 0;
            if (bl != br) crossed[n++] = bottom;
            if (br != tr) crossed[n++] = right;
            if (tr != tl) crossed[n++] = top;
            if (tl != bl) crossed[n++] = left;
            if (n == 2) {
                segments.push_back({crossed[0], crossed[1]});
            } else if (n == 4) {
                // A saddle: the corners alternate. The mean decides whether the
                // centre belongs with the above corners or the below ones; the
                // segments cut off the two corners on the other side.
                const bool centre_above = (c[0] + c[1] + c[2] + c[3]) / 4 >= level;
                if (bl != centre_above) {  // cut off bottom-left and top-right
                    segments.push_back({left, bottom});
                    segments.push_back({right, top});
                } else {  // cut off bottom-right and top-left
                    segments.push_back({bottom, right});
                    segments.push_back({top, left});
                }
            }
        }

    // Join segments that share an edge (an edge borders at most two cells).
    std::unordered_map<std::size_t, std::array<std::size_t, 2>> at_edge;
    constexpr std::size_t none = SIZE_MAX;
    at_edge.reserve(segments.size() * 2);
    for (std::size_t s = 0; s < segments.size(); ++s)
        for (std::size_t e : segments[s]) {
            auto [it, fresh] = at_edge.try_emplace(e, std::array<std::size_t, 2>{none, none});
            (it->second[0] == none ? it->second[0] : it->second[1]) = s;
        }
    std::vector<char> used(segments.size(), 0);
    // From segment `from` across edge `e`: the segment on the other side, if unused.
    const auto next_segment = [&](std::size_t e, std::size_t from) {
        const auto& pair = at_edge.at(e);
        const std::size_t s = pair[0] == from ? pair[1] : pair[0];
        return s != none && !used[s] ? s : none;
    };
    const auto other_edge = [&](std::size_t s, std::size_t e) {
        return segments[s][0] == e ? segments[s][1] : segments[s][0];
    };

    std::vector<ContourLine> lines;
    for (std::size_t s0 = 0; s0 < segments.size(); ++s0) {
        if (used[s0]) continue;
        used[s0] = 1;
        std::deque<std::size_t> edges = {segments[s0][0], segments[s0][1]};
        bool closed = false;
        for (std::size_t prev = s0, e = edges.back();;) {
            const std::size_t s = next_segment(e, prev);
            if (s == none) break;  // the line leaves the grid (or meets a non-finite value)
            used[s] = 1;
            e = other_edge(s, e);
            prev = s;
            if (e == edges.front()) {  // back where it started
                closed = true;
                break;
            }
            edges.push_back(e);
        }
        if (!closed)
            for (std::size_t prev = s0, e = edges.front();;) {
                const std::size_t s = next_segment(e, prev);
                if (s == none) break;
                used[s] = 1;
                e = other_edge(s, e);
                prev = s;
                edges.push_front(e);
            }
        ContourLine line;
        line.closed = closed;
        for (std::size_t e : edges) line.points.push_back(crossing(e));
        lines.push_back(std::move(line));
    }
    return lines;
}

}  // namespace neurite
