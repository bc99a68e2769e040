#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "neurite/core/error.hpp"
#include "neurite/plot/svg.hpp"
#include "neurite/train/trainer.hpp"

namespace neurite {
namespace {

// JSON has no NaN: missing numbers are written as null.
nlohmann::json number(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

double read_number(const nlohmann::json& j, const char* key) {
    const auto& v = j.at(key);
    return v.is_null() ? std::numeric_limits<double>::quiet_NaN() : v.get<double>();
}

std::string csv_number(double v) {
    if (!std::isfinite(v)) return "";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.9g", v);
    return buf;
}

}  // namespace

std::string History::to_csv() const {
    std::string out = "epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,seconds\n";
    for (const auto& e : epochs) {
        out += std::to_string(e.epoch) + ',' + csv_number(e.loss) + ',' + csv_number(e.accuracy) + ',' +
               csv_number(e.val_loss) + ',' + csv_number(e.val_accuracy) + ',' + csv_number(e.learning_rate) + ',' +
               csv_number(e.seconds) + '\n';
    }
    return out;
}

std::string History::to_json() const {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& e : epochs) {
        list.push_back({{"epoch", e.epoch},
                        {"loss", number(e.loss)},
                        {"accuracy", number(e.accuracy)},
                        {"val_loss", number(e.val_loss)},
                        {"val_accuracy", number(e.val_accuracy)},
                        {"learning_rate", number(e.learning_rate)},
                        {"seconds", number(e.seconds)}});
    }
    return nlohmann::json{{"epochs", list}, {"stop_reason", stop_reason}}.dump(2) + "\n";
}

History History::from_json(const std::string& text) {
    History h;
    try {
        const auto j = nlohmann::json::parse(text);
        for (const auto& e : j.at("epochs")) {
            EpochRecord r;
            r.epoch = e.at("epoch").get<std::size_t>();
            r.loss = read_number(e, "loss");
            r.accuracy = read_number(e, "accuracy");
            r.val_loss = read_number(e, "val_loss");
            r.val_accuracy = read_number(e, "val_accuracy");
            r.learning_rate = read_number(e, "learning_rate");
            r.seconds = read_number(e, "seconds");
            h.epochs.push_back(r);
        }
        if (j.contains("stop_reason")) h.stop_reason = j.at("stop_reason").get<std::string>();
    } catch (const nlohmann::json::exception& e) {
        fail("history: ", e.what());
    }
    return h;
}

std::string History::to_svg(const std::string& title) const {
    Axes loss{title + ": loss", "epoch", "loss", false, {}};
    Axes acc{title + ": accuracy", "epoch", "accuracy", false, {}};
    Series tl{"train", {}, {}, "", false, true}, vl{"validation", {}, {}, "", true, true};
    Series ta{"train", {}, {}, "", false, true}, va{"validation", {}, {}, "", true, true};
    bool any_val = false, any_acc = false;
    for (const auto& e : epochs) {
        const double x = static_cast<double>(e.epoch);
        tl.x.push_back(x), tl.y.push_back(e.loss);
        vl.x.push_back(x), vl.y.push_back(e.val_loss);
        ta.x.push_back(x), ta.y.push_back(e.accuracy);
        va.x.push_back(x), va.y.push_back(e.val_accuracy);
        any_val = any_val || std::isfinite(e.val_loss);
        any_acc = any_acc || std::isfinite(e.accuracy);
    }
    loss.series.push_back(tl);
    if (any_val) loss.series.push_back(vl);
    std::vector<Axes> panels{loss};
    if (any_acc) {
        acc.series.push_back(ta);
        if (any_val) acc.series.push_back(va);
        panels.push_back(acc);
    }
    return line_chart_svg(panels);
}

}  // namespace neurite
