// The text of model spec messages: plurals, JSON paths, names quoted at a
// bounded length, and "did you mean" suggestions.
#include "neurite/core/error.hpp"
#include "neurite/core/names.hpp"
#include "spec_detail.hpp"

namespace neurite::spec_detail {
namespace {

// Error messages quote at most this many bytes of a name or key.
constexpr std::size_t kMaxQuoted = 40;

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
    const std::string_view best = closest_name(word, candidates);
    if (best.empty()) return "";
    return cat(" (did you mean \"", best, "\"?)");
}

}  // namespace neurite::spec_detail
