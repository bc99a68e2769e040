// The optimizer registry: the list is consistent, and each registration's
// claims (state slots, the hyper-parameters it reads, how weight decay
// enters) hold for its update. These tests run over every registration, so a
// new optimizer is checked by them without being named here; its reference
// trajectory is its own test.
#include "neurite/optim/registry.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "neurite/core/error.hpp"

namespace neurite {
namespace {

// Four steps on f(θ) = Σ cᵢθᵢ²/2 from a fixed start; the final parameters and
// state. Weights start away from 0 so that weight decay has something to act on.
struct Path {
    std::vector<float> params;
    std::vector<float> state;
};

Path run(const OptimizerConfig& c, double lr = 0.05) {
    const std::array<float, 3> curvature = {1.0f, 3.0f, 0.5f};
    std::vector<float> p = {0.8f, -0.4f, 1.5f};
    std::vector<float> g(p.size());
    Optimizer opt(c, p.size());
    for (int t = 0; t < 4; ++t) {
        for (std::size_t i = 0; i < p.size(); ++i) g[i] = curvature[i] * p[i];
        opt.step(p, g, lr);
    }
    return {p, std::vector<float>(opt.state().begin(), opt.state().end())};
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

TEST(OptimizerRegistry, ListIsInKindOrderWithUniqueNames) {
    const auto all = optimizer_registrations();
    ASSERT_FALSE(all.empty());
    std::set<std::string> names;
    for (std::size_t i = 0; i < all.size(); ++i) {
        const OptimizerRegistration& r = *all[i];
        EXPECT_EQ(static_cast<std::size_t>(r.kind), i) << r.name;
        EXPECT_EQ(&optimizer_registration(r.kind), &r) << r.name;
        EXPECT_EQ(r.defaults.kind, r.kind) << r.name;
        EXPECT_TRUE(names.insert(std::string(r.name)).second) << "duplicate name " << r.name;
        EXPECT_FALSE(r.label.empty()) << r.name;
        EXPECT_FALSE(r.summary.empty()) << r.name;
        EXPECT_NE(r.update, nullptr) << r.name;
        // The registry is where names, defaults and slots come from.
        EXPECT_EQ(to_string(r.kind), r.name);
        EXPECT_EQ(parse_optimizer(r.name), r.kind);
        EXPECT_EQ(Optimizer::slots(r.kind), r.slots) << r.name;
        const OptimizerConfig d = default_config(r.kind);
        EXPECT_EQ(d.learning_rate, r.defaults.learning_rate) << r.name;
        EXPECT_EQ(d.epsilon, r.defaults.epsilon) << r.name;
        EXPECT_EQ(d.weight_decay, r.defaults.weight_decay) << r.name;
    }
}

TEST(OptimizerRegistry, DefaultsAreValidConfigs) {
    for (const OptimizerRegistration* r : optimizer_registrations())
        EXPECT_NO_THROW(Optimizer(r->defaults, 3)) << r->name;
}

TEST(OptimizerRegistry, StateHasTheRegisteredSlots) {
    for (const OptimizerRegistration* r : optimizer_registrations()) {
        const Path out = run(r->defaults);
        ASSERT_EQ(out.state.size(), r->slots * 3) << r->name;
        // Every slot is used: a slot the update never writes stays all zero.
        for (std::size_t k = 0; k < r->slots; ++k) {
            bool written = false;
            for (std::size_t i = 0; i < 3; ++i) written = written || out.state[k * 3 + i] != 0.0f;
            EXPECT_TRUE(written) << r->name << ": slot " << k << " is never written";
        }
    }
}

// A hyper-parameter the registration says the kind reads changes its path;
// one it does not read leaves the path bit for bit the same. The CLI refuses
// flags by these claims, so they must match the update.
TEST(OptimizerRegistry, UsesNamesExactlyTheHyperParametersTheUpdateReads) {
    struct Field {
        const char* name;
        double OptimizerConfig::*field;
        bool OptimizerHypers::*used;
        double other;  // a valid value different from every default
    };
    const std::array<Field, 5> fields = {{
        {"momentum", &OptimizerConfig::momentum, &OptimizerHypers::momentum, 0.5},
        {"rho", &OptimizerConfig::rho, &OptimizerHypers::rho, 0.5},
        {"beta1", &OptimizerConfig::beta1, &OptimizerHypers::betas, 0.5},
        {"beta2", &OptimizerConfig::beta2, &OptimizerHypers::betas, 0.5},
        {"epsilon", &OptimizerConfig::epsilon, &OptimizerHypers::epsilon, 0.25},
    }};
    for (const OptimizerRegistration* r : optimizer_registrations()) {
        const Path base = run(r->defaults);
        for (const Field& f : fields) {
            OptimizerConfig c = r->defaults;
            c.*f.field = f.other;
            const bool changed = !same_bits(run(c).params, base.params);
            EXPECT_EQ(changed, r->uses.*f.used)
                << r->name << (r->uses.*f.used ? " is registered as reading " : " is registered as ignoring ")
                << f.name << ", but changing it " << (changed ? "changes" : "does not change") << " the path";
        }
    }
}

// Coupled decay is L2 in the gradient: the step with λ equals the step with
// λ = 0 on g + λθ, bit for bit. Decoupled decay is not.
TEST(OptimizerRegistry, WeightDecayEntersAsRegistered) {
    const float lambda = 0.1f;
    for (const OptimizerRegistration* r : optimizer_registrations()) {
        OptimizerConfig with = r->defaults;
        with.weight_decay = lambda;
        OptimizerConfig without = r->defaults;
        without.weight_decay = 0.0;
        std::vector<float> p1 = {0.8f, -0.4f, 1.5f}, p2 = p1;
        const std::vector<float> g = {0.3f, -0.2f, 0.7f};
        Optimizer a(with, 3), b(without, 3);
        a.step(p1, g, 0.05);
        std::vector<float> g_l2(g.size());
        for (std::size_t i = 0; i < g.size(); ++i) g_l2[i] = g[i] + lambda * p2[i];
        b.step(p2, g_l2, 0.05);
        if (r->weight_decay == WeightDecay::coupled)
            EXPECT_TRUE(same_bits(p1, p2)) << r->name << " is registered with coupled (L2) decay";
        else
            EXPECT_FALSE(same_bits(p1, p2)) << r->name << " is registered with decoupled decay";
    }
}

TEST(OptimizerRegistry, UnknownKindIsAnError) {
    EXPECT_THROW(optimizer_registration(static_cast<OptimizerKind>(1000)), Error);
    EXPECT_EQ(to_string(static_cast<OptimizerKind>(1000)), "?");
}

}  // namespace
}  // namespace neurite
