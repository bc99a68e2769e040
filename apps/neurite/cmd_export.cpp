// neurite export: a model (a model file or a JSON spec) written as a JSON
// spec with its weights, preprocessing and class names, which predict, eval,
// summary and train --init-from read back to the same network, or as ONNX
// (onnx_export.hpp).
#include <cstdio>
#include <memory>
#include <string>

#include "commands.hpp"
#include "flags.hpp"
#include "model_source.hpp"
#include "onnx_export.hpp"
#include "neurite/core/atomic_file.hpp"
#include "neurite/io/model_spec.hpp"

namespace neurite::cli {
namespace {

struct ExportArgs {
    std::string model;
    std::string output;
    std::string format = "json";
};

void run_export(const ExportArgs& a) {
    if (a.format == "onnx") require_onnx();  // says what to install, before loading anything
    if (a.format == "onnx" && (a.output.empty() || a.output == "-"))
        bad_flag("--format onnx writes a binary file: give --output FILE.onnx");
    const LoadedModel model = load_any_model(a.model);
    if (a.format == "onnx") {
        write_file_atomic(a.output, onnx_model_bytes(model, a.model));
        std::printf("%s: %s as ONNX (IR 8, opset 17; %zu parameters%s), checked by ONNX's checker\n", a.output.c_str(),
                    a.model.c_str(), model.net.param_count(), model.preprocessing.empty() ? "" : ", its input scaling as nodes");
        return;
    }
    const std::string text = to_json(spec_with_weights(model));
    if (a.output.empty() || a.output == "-") {
        std::fwrite(text.data(), 1, text.size(), stdout);
        return;
    }
    write_file_atomic(a.output, text);  // a reader never sees half a file
    std::printf("%s: %s as a JSON spec with its weights (%zu parameters%s%s)\n", a.output.c_str(), a.model.c_str(),
                model.net.param_count(), model.preprocessing.empty() ? "" : ", its input scaling",
                model.class_names.empty() ? "" : ", its class names");
}

}  // namespace

void add_export(CLI::App& app) {
    auto a = std::make_shared<ExportArgs>();
    auto* cmd = app.add_subcommand(
        "export", "Write a model as a JSON spec with its weights, input scaling and class names, or as ONNX");
    cmd->add_option("-m,--model", a->model, "Model file (from neurite train), JSON model spec, or ONNX file (.onnx)")->required();
    cmd->add_option("-o,--output", a->output, "File to write (written atomically; default: standard output)");
    cmd->add_option("--format", a->format,
                    "json (the model spec with weights, docs/model-spec.md) or onnx (docs/onnx.md)")
        ->check(CLI::IsMember({"json", "onnx"}));
    cmd->callback([a] { run_export(*a); });
}

}  // namespace neurite::cli
