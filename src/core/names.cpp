// "Did you mean" for the name tables (names.hpp): the edit distance, the
// closest name, and the unknown-name message.
#include "neurite/core/names.hpp"

#include <algorithm>
#include <limits>

namespace neurite {
namespace {

// Longer words are not compared with the candidates.
constexpr std::size_t kMaxCompared = 64;
// Error messages quote at most this many bytes of an unknown name.
constexpr std::size_t kMaxQuoted = 40;

char lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }

bool starts_with_ignoring_case(std::string_view s, std::string_view prefix) {
    if (prefix.size() > s.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (lower(s[i]) != lower(prefix[i])) return false;
    return true;
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
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

std::string_view closest_name(std::string_view word, std::span<const std::string_view> candidates) {
    if (word.empty() || word.size() > kMaxCompared) return {};
    std::string_view best;
    std::size_t best_d = std::numeric_limits<std::size_t>::max();
    for (const auto c : candidates) {
        const std::size_t d = edit_distance(word, c);
        const std::size_t limit = c.size() <= 4 ? 1 : std::max<std::size_t>(2, c.size() / 3);
        if (d <= limit && d < best_d) best_d = d, best = c;
    }
    if (!best.empty()) return best;
    if (word.size() < 3) return {};
    for (const auto c : candidates)
        if (starts_with_ignoring_case(c, word) && (best.empty() || c.size() < best.size())) best = c;
    return best;
}

void fail_unknown_name(std::string_view what, std::string_view name, std::span<const std::string_view> names,
                       std::span<const std::string_view> aliases) {
    const bool cut = name.size() > kMaxQuoted;
    std::string message = cat("unknown ", what, " \"", utf8_prefix(name, cut ? kMaxQuoted - 3 : kMaxQuoted),
                              cut ? "..." : "", "\" (");
    std::vector<std::string_view> all(names.begin(), names.end());
    all.insert(all.end(), aliases.begin(), aliases.end());
    if (const std::string_view hint = closest_name(name, all); !hint.empty())
        message += cat("did you mean \"", hint, "\"? ");
    message += cat("expected one of: ", join(names));
    if (!aliases.empty()) message += cat("; short names: ", join(aliases));
    throw Error(message + ')');
}

}  // namespace neurite
