// Names of enum values, for the edges where strings become enums (JSON
// specs, command-line flags, model files): one table per enum, one way to
// print a value and one way to parse a name, with one error format:
//   unknown optimizer "adm" (expected one of: sgd, momentum, …)
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

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

// The value named `name`; an unknown name is an Error that lists the valid
// ones, with `what` naming the kind of thing ("activation", "loss", …).
template <typename E>
constexpr E value_named(std::span<const NameEntry<E>> table, std::string_view name, std::string_view what) {
    for (const auto& entry : table)
        if (entry.name == name) return entry.value;
    fail("unknown ", what, " \"", name, "\" (expected one of: ", names_of(table), ")");
}

// An enum's names and the kind of thing it names, in one object, so that
// an enum's to_string and parse_x are one call each:
//   constexpr auto kNames = enum_names<ScalingKind>("scaling", {"none", "scale", …});
//   std::string_view to_string(ScalingKind k) { return kNames.name(k); }
template <typename E, std::size_t N>
struct EnumNames {
    std::string_view what;  // "activation", "loss", … in the unknown-name error
    std::array<NameEntry<E>, N> entries;

    constexpr std::string_view name(E value) const { return name_of<E>(entries, value); }
    constexpr E parse(std::string_view name) const { return value_named<E>(entries, name, what); }
    std::string list() const { return names_of<E>(entries); }
    constexpr std::span<const NameEntry<E>> table() const { return entries; }
};

// The names of an enum whose values run 0, 1, 2, … in declaration order,
// given in that order: names[i] names static_cast<E>(i). A file that uses it
// checks its last name with a static_assert, so that a name left out or out
// of order fails to compile.
template <typename E, std::size_t N>
constexpr EnumNames<E, N> enum_names(std::string_view what, const std::string_view (&names)[N]) {
    EnumNames<E, N> out{what, {}};
    for (std::size_t i = 0; i < N; ++i) out.entries[i] = {static_cast<E>(i), names[i]};
    return out;
}

}  // namespace neurite
