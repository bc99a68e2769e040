// What the update rules in src/optim/<name>.cpp share: their coefficients in
// float and the loop over the elements, so that each rule's update is its
// formula. Internal to src/optim.
#pragma once

#include <cstddef>
#include <span>

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
//
// The elements are independent, so both cores share a large update (with
// the same result on any number of threads), each in vector-wide steps: the
// update is a pass over 2 + Slots arrays that one core alone left the other
// waiting for (Adam's is 4 × 0.9 MB for the 784-256-128-10 network). Each
// thread works on its own copies of the body (whose captures must be values)
// and of the array addresses, so that the compiler keeps them in registers
// and vectorizes the loop (through shared copies it did not: one scalar
// sqrt and division per element took 56 % of an Adam step at batch 64).
inline constexpr std::size_t kParallelElements = 16384;

template <std::size_t Slots, typename Body>
inline void for_each_element(const OptimizerStep& s, float lambda, const Body& body) {
    static_assert(Slots <= 2, "for_each_element: at most two state slots");
    float* const params = s.params.data();
    const float* const grads = s.grads.data();
    float* const slot0 = Slots > 0 ? s.slot(0).data() : nullptr;
    float* const slot1 = Slots > 1 ? s.slot(1).data() : nullptr;
    const auto n = static_cast<long long>(s.params.size());
#pragma omp parallel if (n >= static_cast<long long>(kParallelElements))
    {
        const Body f = body;
        float* const p = params;
        const float* const g = grads;
        float* const s0 = slot0;
        float* const s1 = slot1;
        const float l = lambda;
        const long long count = n;
#pragma omp for simd schedule(static)
        for (long long i = 0; i < count; ++i) {
            const float gi = g[i] + l * p[i];
            if constexpr (Slots == 0) {
                f(p[i], gi);
            } else if constexpr (Slots == 1) {
                f(p[i], gi, s0[i]);
            } else {
                f(p[i], gi, s0[i], s1[i]);
            }
        }
    }
}

}  // namespace neurite::optim_detail
