#include "neurite/optim/registry.hpp"

#include <cstddef>

#include "neurite/core/error.hpp"

namespace neurite {
namespace {

// optimizer_registration indexes the list by kind, so a list out of
// OptimizerKind order (or a registration naming another kind than its
// place says) would hand out the wrong optimizer without a word: refuse it
// at the first use instead, naming the place to fix.
bool check_list() {
    std::size_t i = 0;
    for (const OptimizerRegistration* r : kOptimizerRegistrations) {
        if (static_cast<std::size_t>(r->kind) != i || r->defaults.kind != r->kind || r->update == nullptr)
            fail("optimizer registry: entry ", i, " (\"", r->name,
                 "\") is out of OptimizerKind order, has defaults of another kind or no update "
                 "(include/neurite/optim/optimizers.hpp, src/optim/", r->name, ".cpp)");
        ++i;
    }
    return true;
}

}  // namespace

std::span<const OptimizerRegistration* const> optimizer_registrations() {
    static const bool checked = check_list();
    (void)checked;
    return kOptimizerRegistrations;
}

const OptimizerRegistration& optimizer_registration(OptimizerKind kind) {
    const auto all = optimizer_registrations();
    const auto i = static_cast<std::size_t>(kind);
    if (i >= all.size()) fail("optimizer registry: no optimizer of kind ", i);
    return *all[i];
}

}  // namespace neurite
