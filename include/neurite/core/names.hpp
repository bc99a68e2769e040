// Names of enum values, for the edges where strings become enums (JSON
// specs, command-line flags, model files): one table per enum, one way to
// print a value and one way to parse a name, with one error format:
//   unknown optimizer "adm" (did you mean "adam"? expected one of: sgd, momentum, …)
// A table may also accept aliases, short names people type ("ce" for
// categorical_cross_entropy); they parse to the value, but a value is always
// printed with its own name.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "neurite/core/error.hpp"

namespace neurite {

template <typename E>
struct NameEntry {
    E value;
    std::string_view name;
};

// The name of `value` in `table` ("?" when it is not there).
template <typename E>
constexpr std::string_view name_of(std::span<const NameEntry<E>> table, E value) {
    for (const auto& entry : table)
        if (entry.value == value) return entry.name;
    return "?";
}

// The names in `table`, comma-separated.
template <typename E>
std::string names_of(std::span<const NameEntry<E>> table) {
    std::string all;
    for (const auto& entry : table) {
        if (!all.empty()) all += ", ";
        all += entry.name;
    }
    return all;
}

// The edit distance between a and b, ignoring ASCII case: the fewest
// insertions, deletions, substitutions and swaps of two neighbouring
// characters that turn one into the other (optimal string alignment).
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate a mistyped `word` most likely meant, for a "did you mean"
// hint; "" when none is close enough. The nearest by edit_distance, if that
// distance is at most 1 for a candidate of up to 4 characters and at most
// max(2, a third of its length) for a longer one (so "mes" gives "mse",
// "categorical_crossentropy" "categorical_cross_entropy"); failing that, the
// shortest candidate that begins with `word` when `word` has 3 characters or
// more ("binary" gives "binary_cross_entropy"). Earlier candidates win ties.
// A word of more than 64 bytes is not compared (the distance costs
// length × length).
std::string_view closest_name(std::string_view word, std::span<const std::string_view> candidates);

// Throws the unknown-name Error:
//   unknown WHAT "NAME" (did you mean "X"? expected one of: NAMES; short names: ALIASES)
// with the suggestion drawn from the names and the aliases, and NAME cut to
// 40 bytes (a name may come from a hostile file).
[[noreturn]] void fail_unknown_name(std::string_view what, std::string_view name,
                                    std::span<const std::string_view> names,
                                    std::span<const std::string_view> aliases = {});

// fail_unknown_name with the names of a table and of its aliases.
template <typename E>
[[noreturn]] void fail_unknown_name(std::string_view what, std::string_view name, std::span<const NameEntry<E>> table,
                                    std::span<const NameEntry<E>> aliases) {
    std::vector<std::string_view> names, short_names;
    for (const auto& entry : table) names.push_back(entry.name);
    for (const auto& entry : aliases) short_names.push_back(entry.name);
    fail_unknown_name(what, name, names, short_names);
}

// The value named `name` (or aliased by it); an unknown name is an Error that
// lists the valid ones and suggests the closest, with `what` naming the kind
// of thing ("activation", "loss", …).
template <typename E>
constexpr E value_named(std::span<const NameEntry<E>> table, std::string_view name, std::string_view what,
                        std::span<const NameEntry<E>> aliases = {}) {
    for (const auto& entry : table)
        if (entry.name == name) return entry.value;
    for (const auto& entry : aliases)
        if (entry.name == name) return entry.value;
    fail_unknown_name<E>(what, name, table, aliases);
}

// An enum's names and the kind of thing it names, in one object, so that
// an enum's to_string and parse_x are one call each:
//   constexpr auto kNames = enum_names<ScalingKind>("scaling", {"none", "scale", …});
//   std::string_view to_string(ScalingKind k) { return kNames.name(k); }
// with A aliases (with_aliases below) that parse but are never printed.
template <typename E, std::size_t N, std::size_t A = 0>
struct EnumNames {
    std::string_view what;  // "activation", "loss", … in the unknown-name error
    std::array<NameEntry<E>, N> entries;
    std::array<NameEntry<E>, A> aliases{};

    constexpr std::string_view name(E value) const { return name_of<E>(entries, value); }
    constexpr E parse(std::string_view name) const { return value_named<E>(entries, name, what, aliases); }
    std::string list() const { return names_of<E>(entries); }
    constexpr std::span<const NameEntry<E>> table() const { return entries; }
    constexpr std::span<const NameEntry<E>> alias_table() const { return aliases; }

    // The same names, also accepting `more` (value and alias) when parsing:
    //   enum_names<Loss>("loss", {…}).with_aliases({{Loss::categorical_cross_entropy, "ce"}})
    template <std::size_t M>
    constexpr EnumNames<E, N, M> with_aliases(const NameEntry<E> (&more)[M]) const {
        static_assert(A == 0, "with_aliases is called once, with every alias");
        EnumNames<E, N, M> out{what, entries, {}};
        for (std::size_t i = 0; i < M; ++i) out.aliases[i] = more[i];
        return out;
    }
};

// The names of an enum whose values run 0, 1, 2, … in declaration order,
// given in that order: names[i] names static_cast<E>(i). A file that uses it
// checks its last name with a static_assert, so that a name left out or out
// of order fails to compile.
template <typename E, std::size_t N>
constexpr EnumNames<E, N> enum_names(std::string_view what, const std::string_view (&names)[N]) {
    EnumNames<E, N> out{what, {}, {}};
    for (std::size_t i = 0; i < N; ++i) out.entries[i] = {static_cast<E>(i), names[i]};
    return out;
}

}  // namespace neurite
