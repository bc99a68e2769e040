// Named recipes of `neurite train`: sets of options chosen by a search on a
// validation split, given as `--recipe NAME`. A recipe's options go in
// first, so a config file's and the command line's flags override them
// (`--recipe fast --seed 7`). docs/performance.md tells how each was chosen.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace neurite::cli {

struct Recipe {
    std::string_view name;
    std::string_view purpose;  // one line for --help and the run's header
};

// The recipes, in the order --help lists them.
const std::vector<Recipe>& recipes();

// The recipe's options as command-line arguments for this machine (fast
// asks for bf16 products only where the CPU has them); fails naming the
// known recipes for an unknown name.
std::vector<std::string> recipe_options(std::string_view name);

// Why this machine runs the recipe differently from its chosen form ("" if
// it does not): fast falls back to float32 products without AVX-512 BF16.
std::string recipe_notice(std::string_view name);

}  // namespace neurite::cli
