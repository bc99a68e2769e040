// The layer registry, and the checks SpecPlace offers to kinds.
#include "neurite/nn/layer_registry.hpp"

#include <algorithm>
#include <cmath>
#include <mutex>

#include "neurite/core/error.hpp"
#include "neurite/nn/activation_layer.hpp"
#include "neurite/nn/dense.hpp"
#include "neurite/nn/dropout.hpp"

namespace neurite {
namespace {

// The library's kinds, listed here once; their definitions live in the
// kinds' own files. Listed rather than registered by static objects in those
// files, which a static library's link may leave out.
struct Registry {
    Registry() {
        for (const LayerKind* k : {&dense_layer_kind(), &activation_layer_kind(), &dropout_layer_kind()})
            kinds.push_back(std::make_unique<const LayerKind>(*k));
        builtin = kinds.size();
    }
    std::mutex mutex;
    std::vector<std::unique_ptr<const LayerKind>> kinds;
    std::size_t builtin = 0;  // the first `builtin` kinds are the library's
};

Registry& registry() {
    static Registry r;
    return r;
}

}  // namespace

std::vector<const LayerKind*> layer_kinds() {
    Registry& r = registry();
    std::lock_guard lock(r.mutex);
    std::vector<const LayerKind*> out;
    for (const auto& k : r.kinds) out.push_back(k.get());
    return out;
}

const LayerKind* find_layer_kind(std::string_view name) {
    Registry& r = registry();
    std::lock_guard lock(r.mutex);
    for (const auto& k : r.kinds)
        if (k->name == name) return k.get();
    return nullptr;
}

void register_layer_kind(LayerKind kind) {
    if (kind.name.empty()) fail("register_layer_kind: the kind has no name");
    if (kind.keys.empty() || kind.keys.front() != "type")
        fail("register_layer_kind: \"", kind.name, "\": its keys must start with \"type\"");
    if (!kind.parse || !kind.write || !kind.float_ops.make || !kind.double_ops.make)
        fail("register_layer_kind: \"", kind.name, "\" needs parse, write and make (float and double)");
    if (kind.what.empty()) kind.what = cat("a ", kind.name, " layer");
    Registry& r = registry();
    std::lock_guard lock(r.mutex);
    for (const auto& k : r.kinds)
        if (k->name == kind.name) fail("register_layer_kind: layer type \"", kind.name, "\" is already registered");
    r.kinds.push_back(std::make_unique<const LayerKind>(std::move(kind)));
}

void unregister_layer_kind(std::string_view name) {
    Registry& r = registry();
    std::lock_guard lock(r.mutex);
    const auto it = std::find_if(r.kinds.begin() + long(r.builtin), r.kinds.end(),
                                 [&](const auto& k) { return k->name == name; });
    if (it == r.kinds.end()) fail("unregister_layer_kind: no registered layer type \"", name, '"');
    r.kinds.erase(it);
}

LayerRegistration::LayerRegistration(LayerKind kind) : name_(kind.name) { register_layer_kind(std::move(kind)); }

LayerRegistration::~LayerRegistration() {
    try {
        unregister_layer_kind(name_);
    } catch (const Error&) {
    }
}

void SpecPlace::check_alpha(const LayerSpec& l) const {
    if (l.alpha >= 0 && !takes_alpha(l.activation) && l.alpha != default_alpha(l.activation))
        fail("alpha", cat("activation \"", to_string(l.activation), "\" takes no alpha (only leaky_relu and elu do)"));
    if (std::isnan(l.alpha) || std::isinf(l.alpha)) fail("alpha", "alpha must be finite");
}

void SpecPlace::check_init(const Initializer& init, std::string_view key) const {
    if (!std::isfinite(init.a) || !std::isfinite(init.b)) fail(key, "initializer parameters must be finite");
    if (init.kind == InitKind::uniform && !(init.a < init.b)) fail(key, "uniform initializer needs low < high");
    if (init.kind == InitKind::normal && init.b < 0) fail(key, "normal initializer needs std ≥ 0");
}

void SpecPlace::check_finite(std::span<const double> values, std::string_view key) const {
    for (std::size_t k = 0; k < values.size(); ++k)
        if (!std::isfinite(values[k])) fail(cat(key, '[', k, ']'), cat("expected a finite number, got ", values[k]));
}

}  // namespace neurite
