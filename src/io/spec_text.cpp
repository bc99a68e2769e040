// The text of model spec messages: plurals, JSON paths, names quoted at a
// bounded length, and "did you mean" suggestions.
#include <algorithm>
#include <limits>

#include "neurite/core/error.hpp"
#include "spec_detail.hpp"

namespace neurite::spec_detail {
namespace {

// Error messages quote at most this many bytes of a name or key.
constexpr std::size_t kMaxQuoted = 40;

// Optimal string alignment distance (Levenshtein plus transpositions),
// case-insensitive, for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b) {
    const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; };
    const std::size_t n = a.size(), m = b.size();
    std::vector<std::size_t> d((n + 1) * (m + 1));
    const auto at = [&](std::size_t i, std::size_t j) -> std::size_t& { return d[i * (m + 1) + j]; };
    for (std::size_t i = 0; i <= n; ++i) at(i, 0) = i;
    for (std::size_t j = 0; j <= m; ++j) at(0, j) = j;
    for (std::size_t i = 1; i <= n; ++i) {
        for (std::size_t j = 1; j <= m; ++j) {
            const std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
            at(i, j) = std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost});
            if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1]))
                at(i, j) = std::min(at(i, j), at(i - 2, j - 2) + 1);
        }
    }
    return at(n, m);
}

}  // namespace

std::string plural(std::uint64_t n, std::string_view word) { return cat(n, ' ', word, n == 1 ? "" : "s"); }

std::string layer_path(std::size_t i) { return cat("layers[", i, ']'); }

// Cut to kMaxQuoted bytes (at a UTF-8 boundary) with "..." when longer, so a
// 50 MB key makes a short message.
std::string shown(std::string_view s) {
    if (s.size() <= kMaxQuoted) return std::string(s);
    return cat(utf8_prefix(s, kMaxQuoted - 3), "...");
}

std::string suggestion(std::string_view word, std::span<const std::string_view> candidates) {
    std::string_view best;
    std::size_t best_d = std::numeric_limits<std::size_t>::max();
    // The distance is at least the difference in length; a word much longer
    // than every candidate (a hostile 50 MB key) is not compared at all.
    if (word.size() > kMaxQuoted) return "";
    for (const auto c : candidates) {
        const std::size_t d = edit_distance(word, c);
        if (d < best_d) best_d = d, best = c;
    }
    const std::size_t limit = best.size() <= 4 ? 1 : 2;
    if (best.empty() || best_d > limit) return "";
    return cat(" (did you mean \"", best, "\"?)");
}

std::string join(std::span<const std::string_view> names) {
    std::string out;
    for (const auto n : names) out += (out.empty() ? "" : ", ") + std::string(n);
    return out;
}

}  // namespace neurite::spec_detail
