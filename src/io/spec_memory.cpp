// The memory that training a spec's network takes, counted from the sizes
// its layers' kinds report, without building it.
#include "neurite/core/error.hpp"
#include "neurite/core/memory.hpp"
#include "spec_detail.hpp"

namespace neurite {
namespace {

struct Counts {
    std::uint64_t params = 0, activations = 0, widest = 0;
};

Counts counts_of(const ModelSpec& spec) {
    Counts c;
    std::uint64_t width = spec.input;
    c.widest = spec.input;
    for (std::size_t i = 0; i < spec.layers.size(); ++i) {
        const LayerSpec& l = spec.layers[i];
        const auto shape = spec_detail::layer_shape(spec_detail::kind_of(l, i, "model spec"), l, width);
        c.params = saturating_add(c.params, shape.params);
        for (const std::size_t out : shape.outputs) {
            c.activations = saturating_add(c.activations, out);
            c.widest = std::max<std::uint64_t>(c.widest, out);
            width = out;
        }
    }
    return c;
}

}  // namespace

std::uint64_t training_memory_bytes(const ModelSpec& spec, std::size_t batch_size, std::size_t optimizer_slots) {
    // What BasicSequential allocates: one activation buffer per network layer
    // (a softmax dense layer is two), two delta buffers as wide as the widest
    // layer input and one for the output; then the parameters, gradients and
    // optimizer state.
    const Counts c = counts_of(spec);
    const std::uint64_t per_row = saturating_add(c.activations, saturating_mul(c.widest, 3));
    const std::uint64_t values = saturating_add(saturating_mul(c.params, saturating_add(2, optimizer_slots)),
                                                saturating_mul(per_row, batch_size));
    return saturating_mul(values, sizeof(float));
}

void check_training_memory(const ModelSpec& spec, std::size_t batch_size, std::size_t optimizer_slots,
                           std::string_view source) {
    require_memory(training_memory_bytes(spec, batch_size, optimizer_slots),
                   cat(source, ": training this network (", counts_of(spec).params, " parameters, their gradients, ",
                       spec_detail::plural(optimizer_slots, "optimizer state slot"), ", and a batch of ",
                       spec_detail::plural(batch_size, "row"), ")"));
}

}  // namespace neurite
