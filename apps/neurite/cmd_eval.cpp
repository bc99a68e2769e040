// neurite eval: a model's loss, accuracy, confusion matrix and per-class
// precision/recall/F1 (or RMSE, MAE, R²) on a data set's test part or a
// given test file; the model is a model file or a JSON spec with weights.
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "commands.hpp"
#include "data_source.hpp"
#include "flags.hpp"
#include "model_source.hpp"
#include "network_builder.hpp"
#include "neurite/core/error.hpp"
#include "neurite/train/metrics.hpp"
#include "neurite/train/trainer.hpp"

namespace neurite::cli {
namespace {

struct EvalArgs {
    DataOptions data;
    std::string model;
    std::optional<Loss> loss;  // auto: from the data
    bool train_part = false;
};

void run_eval(const EvalArgs& a) {
    check_data_options(a.data);
    LoadedModel model = load_any_model(a.model);
    Sequential& net = model.net;
    // A given test file is read alone; otherwise the data set's split.
    TrainTest data;
    if (!a.data.test_csv.empty() && !a.train_part) {
        data.test = load_test_only(a.data);
        data.description = a.data.test_csv;
    } else {
        data = load_train_test(a.data);
    }
    Dataset& part = a.train_part ? data.train : data.test;
    if (part.size() == 0) fail("the ", a.train_part ? "training" : "test", " part is empty (--test-split 0?)");
    const std::string source = a.train_part || a.data.test_csv.empty() ? data.description : a.data.test_csv;
    if (part.features.cols() != net.input_size())
        fail(a.model, ": the model takes ", net.input_size(), " inputs but ", source, " has ", part.features.cols(),
             " features");
    if (part.is_classification()) {
        // The model's outputs are its classes (one sigmoid output: two).
        const std::size_t outputs = net.output_size();
        use_class_names(part, model.class_names, outputs == 1 ? 2 : outputs, source);
        if (outputs == 1) use_one_output(part);
    } else if (part.targets.cols() != net.output_size()) {
        fail(a.model, ": the model has ", net.output_size(), " outputs but ", source, " has ", part.targets.cols(),
             " target column", part.targets.cols() == 1 ? "" : "s",
             part.targets.cols() == 1 && net.output_size() > 1 ? " (name them with --target-columns)" : "");
    }
    model.preprocessing.apply(part.features.view());
    const Loss loss = pick_loss(a.loss, part);
    const Evaluation ev = evaluate(net, part, loss);
    std::printf("model: %s\ndata:  %s, %s part (%zu rows)\n", a.model.c_str(), data.description.c_str(),
                a.train_part ? "train" : "test", part.size());
    std::printf("loss (%s): %.6f\n", std::string(to_string(loss)).c_str(), ev.loss);
    Matrix out(part.size(), net.output_size());
    net.predict(part.features.view(), out.view());
    if (part.is_classification()) {
        const auto predicted = classes_of(out.view());
        const ConfusionMatrix cm(predicted, part.labels, part.classes);
        std::printf("accuracy: %.2f%% (%zu of %zu)\n\n", 100.0 * ev.accuracy,
                    static_cast<std::size_t>(std::lround(ev.accuracy * static_cast<double>(part.size()))), part.size());
        std::printf("confusion matrix (rows: true class, columns: predicted)\n      ");
        for (std::size_t c = 0; c < cm.classes(); ++c) std::printf("%6zu", c);
        std::printf("\n");
        for (std::size_t t = 0; t < cm.classes(); ++t) {
            std::printf("%6zu", t);
            for (std::size_t p = 0; p < cm.classes(); ++p) std::printf("%6zu", cm.at(t, p));
            std::printf("\n");
        }
        std::printf("\n%s", cm.report(part.class_names).c_str());
    } else {
        std::printf("RMSE: %.6g\nMAE:  %.6g\n", rmse(out.view(), part.targets.view()), mae(out.view(), part.targets.view()));
        if (part.size() > 1)
            std::printf("R²:   %.6f\n", r2_score(out.view(), part.targets.view()));
        else
            std::printf("R²:   not defined for one row\n");
    }
}

}  // namespace

void add_eval(CLI::App& app) {
    auto a = std::make_shared<EvalArgs>();
    auto* cmd = app.add_subcommand("eval", "Evaluate a model on a data set's test part or a given test file (--test-csv)");
    cmd->add_option("-m,--model", a->model, "Model file written by neurite train, a JSON model spec with weights, or an ONNX file (.onnx)")
        ->required();
    add_data_options(*cmd, a->data);
    add_precision_option(*cmd);
    add_name_option(*cmd, "--loss", a->loss, parse_loss, "auto",
                    "Loss to report (auto: cross-entropy for classes, mse for regression)");
    cmd->add_flag("--train-part", a->train_part, "Evaluate on the training part instead of the test part");
    cmd->callback([a] { run_eval(*a); });
}

}  // namespace neurite::cli
