#include "serve_onnx.hpp"

#include <exception>
#include <string_view>
#include <utility>
#include <vector>

#include "onnx_export.hpp"
#include "spec_model.hpp"
#include "neurite/core/error.hpp"
#include "neurite/io/model_spec.hpp"

#ifdef NEURITE_HAVE_ONNX
#include <onnx/onnx_pb.h>
#endif

namespace neurite::cli {
namespace {

// What the files and messages call the request's model.
constexpr const char* kSource = "the posted spec";
constexpr std::size_t kMaxColumnName = 64;
constexpr std::size_t kMaxDoc = 2000;

// One line of text, whatever the message holds.
OnnxExportReply refuse(int status, std::string message) {
    for (char& c : message)
        if (c == '\n' || c == '\r') c = ' ';
    return {status, "text/plain; charset=utf-8", message + "\n"};
}

bool has_control_characters(std::string_view s, bool allow_newlines) {
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && !(allow_newlines && c == '\n')) || u == 0x7f) return true;
    }
    return false;
}

// "a,b,c" as its names; an Error when one is empty, too long or holds
// control characters, or when their count is not the spec's input count.
std::vector<std::string> column_names(std::string_view text, std::size_t inputs) {
    std::vector<std::string> names;
    for (std::size_t start = 0;;) {
        const std::size_t comma = text.find(',', start);
        const bool last = comma == std::string_view::npos;
        names.emplace_back(text.substr(start, last ? std::string_view::npos : comma - start));
        if (last) break;
        start = comma + 1;
    }
    for (std::size_t i = 0; i < names.size(); ++i) {
        const std::string& n = names[i];
        if (n.empty()) fail("columns: name ", i + 1, " is empty");
        if (n.size() > kMaxColumnName)
            fail("columns: name ", i + 1, " is ", n.size(), " bytes long (at most ", kMaxColumnName, ")");
        if (has_control_characters(n, false)) fail("columns: name ", i + 1, " holds control characters");
    }
    if (names.size() != inputs)
        fail("columns: ", names.size(), " name", names.size() == 1 ? "" : "s", " (", join(names), ") for a model of ",
             inputs, " input", inputs == 1 ? "" : "s");
    return names;
}

#ifdef NEURITE_HAVE_ONNX
// The file with the column names and the description added: they document
// the model and change nothing it computes, so what ONNX's checker passed
// stays valid.
std::string documented(const std::string& bytes, const std::vector<std::string>& columns, const std::string& doc) {
    if (columns.empty() && doc.empty()) return bytes;
    onnx::ModelProto m;
    if (!m.ParseFromString(bytes)) fail(kSource, ": could not read back its ONNX model");
    if (!columns.empty()) {
        auto* p = m.add_metadata_props();
        p->set_key("input_columns");
        p->set_value(join(columns, "\n"));
        m.mutable_graph()->mutable_input(0)->set_doc_string("columns, in order: " + join(columns));
    }
    if (!doc.empty()) m.set_doc_string(doc);
    std::string out;
    if (!m.SerializeToString(&out)) fail(kSource, ": could not serialize the ONNX model");
    return out;
}
#else
std::string documented(const std::string& bytes, const std::vector<std::string>&, const std::string&) { return bytes; }
#endif

}  // namespace

OnnxExportReply onnx_export_reply(const std::string& body, const std::string& columns, const std::string& doc) {
    try {
        require_onnx();
    } catch (const Error& e) {
        return refuse(501, e.what());
    }
    try {
        if (body.empty())
            fail("the request has no body: post a JSON model spec with its weights (the playground's JSON export)");
        ModelSpec spec = parse_model_spec(body, kSource);
        if (const GivenParameters p = given_parameters(spec); !p.all())
            fail(kSource, " has weights for ", p.given, " of its ", p.total,
                 " parameters: post a trained model's spec with all its weights (the playground's JSON export)");
        std::vector<std::string> names;
        if (!columns.empty()) names = column_names(columns, spec.input);
        if (doc.size() > kMaxDoc) fail("doc: ", doc.size(), " bytes long (at most ", kMaxDoc, ")");
        if (has_control_characters(doc, true)) fail("doc: holds control characters");
        const LoadedModel model = model_from_spec(std::move(spec));
        return {200, "application/octet-stream", documented(onnx_model_bytes(model, kSource), names, doc)};
    } catch (const Error& e) {
        return refuse(400, e.what());
    } catch (const std::exception& e) {
        return refuse(500, cat("the export failed: ", e.what()));
    }
}

}  // namespace neurite::cli
