// What the update rules in src/optim/<name>.cpp share: their coefficients in
// float and the loop over the elements, so that each rule's update is its
// formula. Internal to src/optim.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <utility>

#include "neurite/optim/registry.hpp"

namespace neurite::optim_detail {

// The step's hyper-parameters in float, as the per-element formulas use them.
// Each coefficient of the form 1 − x is computed in double first, so that,
// e.g., 1 − β₂ = 0.001 keeps full float precision.
struct Coefficients {
    float lr;               // η, this step's rate
    float weight_decay;     // λ
    float momentum;         // μ
    float rho;              // ρ
    float one_minus_rho;    // 1 − ρ
    float beta1;            // β₁
    float one_minus_beta1;  // 1 − β₁
    float beta2;            // β₂
    float one_minus_beta2;  // 1 − β₂
    float eps;              // ε

    explicit Coefficients(const OptimizerStep& s)
        : lr(static_cast<float>(s.lr)),
          weight_decay(static_cast<float>(s.config.weight_decay)),
          momentum(static_cast<float>(s.config.momentum)),
          rho(static_cast<float>(s.config.rho)),
          one_minus_rho(static_cast<float>(1.0 - s.config.rho)),
          beta1(static_cast<float>(s.config.beta1)),
          one_minus_beta1(static_cast<float>(1.0 - s.config.beta1)),
          beta2(static_cast<float>(s.config.beta2)),
          one_minus_beta2(static_cast<float>(1.0 - s.config.beta2)),
          eps(static_cast<float>(s.config.epsilon)) {}
};

// Runs body(θᵢ, gᵢ, sᵢ...) for every element: θᵢ by reference, gᵢ the
// gradient with the coupled weight decay folded in, gᵢ = ∇ᵢ + λθᵢ
// (WeightDecay::coupled; a rule that decays otherwise passes λ = 0), and the
// element of each of the kind's Slots state slots by reference.
// The elements are independent, so both cores share a large update (with
// the same result on any number of threads), each in vector-wide steps: the
// update is a pass over 2 + Slots arrays that one core alone left the other
// waiting for (Adam's is 4 × 0.9 MB for the 784-256-128-10 network).
inline constexpr std::size_t kParallelElements = 16384;

template <std::size_t Slots, typename Body>
inline void for_each_element(const OptimizerStep& s, float lambda, Body&& body) {
    std::array<float*, Slots> slots;
    for (std::size_t k = 0; k < Slots; ++k) slots[k] = s.slot(k).data();
    float* const params = s.params.data();
    const float* const grads = s.grads.data();
    const auto n = static_cast<long long>(s.params.size());
    [&]<std::size_t... K>(std::index_sequence<K...>) {
#pragma omp parallel for simd schedule(static) if (n >= static_cast<long long>(kParallelElements))
        for (long long i = 0; i < n; ++i) {
            const float g = grads[i] + lambda * params[i];
            body(params[i], g, slots[K][i]...);
        }
    }(std::make_index_sequence<Slots>{});
}

}  // namespace neurite::optim_detail
