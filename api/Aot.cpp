//===- Aot.cpp - export_aot: a compiled function as an object and a C header
#include "theta/Save.h"

#include "api/FunctionImpl.h"

#include "runtime/Logging.h"
#include "runtime/Zip.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>

namespace theta {
namespace {

const char *cType(DType dtype) {
  switch (dtype) {
  case DType::Float32: return "float";
  case DType::Float64: return "double";
  case DType::Int32: return "int32_t";
  case DType::Int64: return "int64_t";
  case DType::Bool: return "uint8_t";
  case DType::Int8: return "int8_t";
  case DType::UInt8: return "uint8_t";
  case DType::Int16: return "int16_t";
  case DType::Float16: return "_Float16";
  }
  return "void";
}

/// A C identifier from a variable name, distinct from those taken.
std::string identifier(const std::string &name, const std::string &fallback,
                       std::set<std::string> &taken) {
  std::string id;
  for (char c : name)
    id += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  if (id.empty() || std::isdigit(static_cast<unsigned char>(id[0])))
    id = fallback + id;
  std::string unique = id;
  for (int n = 2; !taken.insert(unique).second; ++n)
    unique = id + "_" + std::to_string(n);
  return unique;
}

/// "[784][10]" (a scalar is "[1]": every buffer is an array).
std::string dimensions(const Shape &shape) {
  if (shape.empty())
    return "[1]";
  std::string text;
  for (int64_t size : shape)
    text += "[" + std::to_string(size) + "]";
  return text;
}

/// The input shapes of the one signature `f` has compiled or loaded.
std::vector<Shape> onlySignatureShapes(const detail::FunctionImpl &f, const std::string &context) {
  std::vector<Signature> signatures;
  {
    std::shared_lock<std::shared_mutex> read(f.cacheMutex);
    for (const auto &entry : f.cache)
      signatures.push_back(entry.first);
  }
  std::lock_guard<std::mutex> compiling(f.compileMutex);
  for (const auto &entry : f.savedSignatures)
    if (std::find(signatures.begin(), signatures.end(), entry.first) == signatures.end())
      signatures.push_back(entry.first);
  if (signatures.size() != 1)
    throw ArgumentError(context + ": it has " + std::to_string(signatures.size()) +
                        " compiled signatures; give the input shapes");
  std::vector<Shape> shapes;
  size_t at = 0;
  for (size_t i = 0; i < f.inputs.size(); ++i) {
    auto rank = static_cast<size_t>(signatures[0][at + 1]);
    shapes.emplace_back(signatures[0].begin() + static_cast<std::ptrdiff_t>(at + 2),
                        signatures[0].begin() + static_cast<std::ptrdiff_t>(at + 2 + rank));
    at += 2 + rank;
  }
  return shapes;
}

} // namespace

void export_aot(const Function &function, const std::vector<Shape> &givenShapes,
                const std::string &objectPath, const std::string &headerPath,
                const std::string &prefix) {
  const detail::FunctionImpl &f = *function.implementation();
  std::string context = "export_aot of function '" + f.name + "'";
  std::vector<Shape> inputShapes = givenShapes.empty() && !f.inputs.empty()
                                       ? onlySignatureShapes(f, context)
                                       : givenShapes;
  if (f.deviceName != "cpu")
    throw ArgumentError(context + ": AOT export is for CPU code (the function's device is '" +
                        f.deviceName + "')");
  if (inputShapes.size() != f.inputs.size())
    throw ArgumentError(context + ": " + std::to_string(inputShapes.size()) +
                        " input shapes for " + std::to_string(f.inputs.size()) + " inputs");
  for (size_t index : f.stepCountArguments)
    if (index < f.inputs.size())
      throw ArgumentError(context + ": input " + std::to_string(index) +
                          " is a scan's step count, which compiled code takes as a constant");
  std::set<std::string> taken;
  if (identifier(prefix, "theta_", taken) != prefix)
    throw ArgumentError(context + ": the prefix '" + prefix + "' is not a C identifier");

  // The arguments of the signature: zeros for the inputs, the shared values.
  std::vector<Array> values;
  for (size_t i = 0; i < f.inputs.size(); ++i) {
    if (static_cast<int64_t>(inputShapes[i].size()) != f.inputs[i].ndim())
      throw ShapeError(context + ": input " + std::to_string(i) + " (" +
                       detail::describe(f.inputs[i]) + ") needs a rank-" +
                       std::to_string(f.inputs[i].ndim()) + " shape, not " +
                       shapeString(inputShapes[i]));
    values.push_back(Array::zeros(f.inputs[i].dtype(), inputShapes[i]));
  }
  std::vector<Array> shared;
  for (const auto &storage : f.sharedArguments) {
    std::lock_guard<std::mutex> lock(storage->mutex);
    shared.push_back(storage->value.toHost());
  }
  values.insert(values.end(), shared.begin(), shared.end());
  Signature signature = signatureOf(values, f.stepCountArguments);
  std::shared_ptr<Executable> executable = f.cachedExecutable(signature);
  if (!executable)
    executable = f.executableFor(signature, values);
  if (!executable->object)
    throw ArgumentError(context + ": the compiled code has no object to export");
  for (int count : executable->rowCountOf)
    if (count >= 0)
      throw ArgumentError(context + ": an output's size depends on values (a bounded "
                          "result); AOT export needs static output shapes");

  // Shared variables: each once, by name (the header reads them by name).
  struct Field {
    std::string name, id;
    DType dtype;
    Shape shape;
  };
  std::vector<Field> fields;
  std::vector<size_t> fieldOfArgument, fieldOfUpdate;
  auto fieldFor = [&](const detail::SharedStorage *storage, const std::string &name,
                      const Array &value) {
    for (size_t k = 0; k < fields.size(); ++k)
      if (fields[k].name == name)
        return k;
    if (name.empty())
      throw ArgumentError(context + ": a shared variable has no name; the header reads "
                          "shared values from the .theta file by name");
    fields.push_back({name, identifier(name, "v_", taken), value.dtype(), value.shape()});
    return fields.size() - 1;
  };
  std::set<std::string> names;
  for (size_t k = 0; k < f.sharedArguments.size(); ++k) {
    if (!names.insert(f.sharedNames[k]).second)
      throw ArgumentError(context + ": two shared variables are named '" + f.sharedNames[k] +
                          "'; the header reads them by name");
    fieldOfArgument.push_back(fieldFor(f.sharedArguments[k].get(), f.sharedNames[k], shared[k]));
  }
  for (size_t k = 0; k < f.updateTargets.size(); ++k) {
    size_t argument = 0;
    while (argument < f.sharedArguments.size() && f.sharedArguments[argument] != f.updateTargets[k])
      ++argument;
    if (argument == f.sharedArguments.size())
      throw ArgumentError(context + ": an update targets a shared variable the function does "
                          "not read");
    fieldOfUpdate.push_back(fieldOfArgument[argument]);
  }

  std::string cpu = executable->hostKey.substr(0, executable->hostKey.rfind('|'));
  std::replace(cpu.begin(), cpu.end(), '|', ' ');
  std::ostringstream h;
  std::string guard = prefix;
  for (char &c : guard)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  guard += "_H";
  std::string packed = f.symbol + "_packed";
  h << "/* " << prefix << ".h: generated by theta-aot (export_aot) from function '" << f.name
    << "'\n * for (" << signatureText(signature, values.size()) << ").\n"
    << " * Link " << prefix << ".o and Theta's runtime (//runtime:core); no compiler is needed.\n"
    << " * The object was compiled for this CPU: " << cpu << ".\n */\n"
    << "#ifndef " << guard << "\n#define " << guard << "\n\n"
    << "#include <stdint.h>\n#include <string.h>\n\n#include \"runtime/theta_runtime.h\"\n\n"
    << "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n"
    << "/* The shared variables, owned by the caller (`next` holds updates while a call\n"
    << " * runs). Allocate it (it may be large), then " << prefix << "_load it. */\n"
    << "typedef struct " << prefix << "_state {\n";
  for (const Field &field : fields)
    h << "  " << cType(field.dtype) << " " << field.id << dimensions(field.shape) << "; /* '"
      << field.name << "', " << dtypeName(field.dtype) << shapeString(field.shape) << " */\n";
  if (!fieldOfUpdate.empty()) {
    h << "  struct {\n";
    for (size_t k : fieldOfUpdate)
      h << "    " << cType(fields[k].dtype) << " " << fields[k].id << dimensions(fields[k].shape)
        << ";\n";
    h << "  } next;\n";
  }
  if (fields.empty())
    h << "  char unused;\n";
  h << "} " << prefix << "_state;\n\n";

  h << "/* Reads the saved values of the shared variables from a .theta file.\n"
    << " * Returns 0, or -1 with the reason in theta_last_error(). */\n"
    << "static inline int " << prefix << "_load(" << prefix
    << "_state *state, const char *theta_file) {\n";
  for (const Field &field : fields)
    h << "  if (theta_read_shared(theta_file, \"" << field.name << "\", \""
      << dtypeName(field.dtype) << "\", state->" << field.id << ", sizeof state->" << field.id
      << "))\n    return -1;\n";
  h << "  return 0;\n}\n\n";

  h << "void " << packed << "(void **buffers); /* in " << prefix << ".o */\n\n";
  h << "/* " << f.name << ":";
  std::vector<std::string> parameters, buffers;
  std::set<std::string> argumentNames = taken;
  for (size_t i = 0; i < f.inputs.size(); ++i) {
    std::string id = identifier(f.inputs[i].name(), "in" + std::to_string(i), argumentNames);
    h << "\n *   " << id << ": " << dtypeName(f.inputs[i].dtype()) << shapeString(inputShapes[i]);
    parameters.push_back("const " + std::string(cType(f.inputs[i].dtype())) + " *" + id);
    buffers.push_back("(void *)" + id);
  }
  for (size_t k : fieldOfArgument)
    buffers.push_back("state->" + fields[k].id);
  for (size_t k = 0; k < f.outputCount; ++k) {
    std::string id = identifier("out" + std::to_string(k), "out", argumentNames);
    const TensorSpec &spec = executable->results[k];
    h << "\n *   " << id << " (written): " << dtypeName(spec.dtype) << shapeString(spec.shape);
    parameters.push_back(std::string(cType(spec.dtype)) + " *" + id);
    buffers.push_back(id);
  }
  for (size_t k : fieldOfUpdate)
    buffers.push_back("state->next." + fields[k].id);
  h << "\n * Outputs must not overlap the inputs or each other (the compiled code reads\n"
    << " * inputs as unchanged while it writes outputs). Returns 0, or -1 with the\n"
    << " * reason in theta_last_error(); updates land only when the call succeeds. */\n";
  std::string entry = prefix + "_" + identifier(f.name, "call", argumentNames);
  h << "static inline int " << entry << "(" << prefix << "_state *state";
  for (const std::string &parameter : parameters)
    h << ",\n    " << parameter;
  h << ") {\n  void *buffers[] = {";
  for (size_t i = 0; i < buffers.size(); ++i)
    h << (i ? ", " : "") << buffers[i];
  h << "};\n  if (theta_run(" << packed << ", buffers))\n    return -1;\n";
  for (size_t k : fieldOfUpdate)
    h << "  memcpy(state->" << fields[k].id << ", state->next." << fields[k].id
      << ", sizeof state->" << fields[k].id << ");\n";
  h << "  return 0;\n}\n\n#ifdef __cplusplus\n}\n#endif\n\n#endif /* " << guard << " */\n";

  writeFileAtomically(objectPath, *executable->object, context);
  writeFileAtomically(headerPath, h.str(), context);
  log().info("{}: wrote {} ({} bytes) and {}", context, objectPath, executable->object->size(),
             headerPath);
}

} // namespace theta
