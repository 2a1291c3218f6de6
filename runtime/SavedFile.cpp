//===- SavedFile.cpp ------------------------------------------------------===//
#include "runtime/SavedFile.h"

#include "runtime/Blas.h"
#include "runtime/Error.h"
#include "runtime/Npy.h"
#include "runtime/Zip.h"

#include <atomic>
#include <cctype>
#include <cstdio>
#include <random>
#include <set>
#include <sstream>

namespace theta {
namespace {

constexpr const char *kManifest = "theta.manifest";
constexpr const char *kMagicLine = "theta-saved-functions";

/// Fields are tab-separated; %, tab and newlines inside them are escaped.
std::string escape(const std::string &text) {
  std::string out;
  for (char c : text) {
    if (c == '%' || c == '\t' || c == '\n' || c == '\r') {
      char code[4];
      std::snprintf(code, sizeof code, "%%%02X", static_cast<unsigned char>(c));
      out += code;
    } else {
      out += c;
    }
  }
  return out;
}

std::string unescape(const std::string &text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string joinInts(const std::vector<int64_t> &values) {
  std::string text;
  for (int64_t value : values)
    text += (text.empty() ? "" : ",") + std::to_string(value);
  return text;
}

class ManifestWriter {
public:
  void line(std::initializer_list<std::string> fields) {
    bool first = true;
    for (const std::string &field : fields) {
      text += (first ? "" : "\t") + escape(field);
      first = false;
    }
    text += '\n';
  }
  std::string text;
};

/// One manifest line at a time, with errors that name the file and line.
class ManifestReader {
public:
  ManifestReader(const std::string &text, std::string context) : context(std::move(context)) {
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
      std::vector<std::string> fields;
      size_t start = 0;
      for (;;) {
        size_t tab = line.find('\t', start);
        fields.push_back(unescape(line.substr(start, tab - start)));
        if (tab == std::string::npos)
          break;
        start = tab + 1;
      }
      rows.push_back(std::move(fields));
    }
  }
  bool done() const { return next >= rows.size(); }
  const std::vector<std::string> &peek() const { return rows[next]; }
  /// The next line, which must start with `key` and have `fields` fields.
  const std::vector<std::string> &take(const std::string &key, size_t fields) {
    if (done())
      corrupt("the manifest ends early (expected '" + key + "')");
    const std::vector<std::string> &row = rows[next++];
    if (row[0] != key || row.size() != fields)
      corrupt("manifest line " + std::to_string(next) + ": expected '" + key + "' with " +
              std::to_string(fields - 1) + " fields, found '" + row[0] + "' with " +
              std::to_string(row.size() - 1));
    return row;
  }
  int64_t integer(const std::string &text) const {
    try {
      size_t used = 0;
      long long value = std::stoll(text, &used);
      if (used == text.size())
        return value;
    } catch (const std::exception &) {
    }
    corrupt("manifest line " + std::to_string(next) + ": '" + text + "' is not a number");
  }
  size_t index(const std::string &text, size_t bound) const {
    int64_t value = integer(text);
    if (value < 0 || static_cast<size_t>(value) >= bound)
      corrupt("manifest line " + std::to_string(next) + ": index " + text + " out of range");
    return static_cast<size_t>(value);
  }
  std::vector<int64_t> integers(const std::string &text) const {
    std::vector<int64_t> values;
    size_t start = 0;
    while (start < text.size()) {
      size_t comma = text.find(',', start);
      values.push_back(integer(text.substr(start, comma - start)));
      if (comma == std::string::npos)
        break;
      start = comma + 1;
    }
    return values;
  }
  DType dtype(const std::string &text) const {
    try {
      return parseDType(text);
    } catch (const Error &) {
      corrupt("manifest line " + std::to_string(next) + ": unknown dtype '" + text + "'");
    }
  }
  [[noreturn]] void corrupt(const std::string &why) const {
    throw IOError(context + ": corrupt saved file: " + why);
  }

private:
  std::vector<std::vector<std::string>> rows;
  size_t next = 0;
  std::string context;
};

std::string functionPrefix(size_t index) { return "functions/" + std::to_string(index) + "/"; }

} // namespace

const std::string &processToken() {
  static const std::string token = [] {
    std::random_device device;
    std::mt19937_64 bits((uint64_t(device()) << 32) ^ device());
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(bits()));
    return std::string(text);
  }();
  return token;
}

uint64_t nextSaveSequence() {
  static std::atomic<uint64_t> sequence{0};
  return ++sequence;
}

std::string writeSavedFile(const SavedFile &file) {
  ManifestWriter manifest;
  std::vector<ZipMember> members;
  manifest.line({kMagicLine, std::to_string(kSavedFormatVersion)});
  manifest.line({"theta-version", file.thetaVersion});
  manifest.line({"runtime-abi", file.runtimeAbi});
  manifest.line({"saved-by", file.processToken, std::to_string(file.sequence)});
  manifest.line({"shared-count", std::to_string(file.shared.size())});
  for (size_t k = 0; k < file.shared.size(); ++k) {
    const SavedShared &shared = file.shared[k];
    manifest.line({"shared", shared.identity, shared.name});
    members.push_back({"shared/" + std::to_string(k) + ".npy", npyBytes(shared.value.toHost())});
  }
  manifest.line({"function-count", std::to_string(file.functions.size())});
  for (size_t i = 0; i < file.functions.size(); ++i) {
    const SavedFunction &function = file.functions[i];
    manifest.line({"function", function.name, function.symbol});
    manifest.line({"option-count", std::to_string(function.options.size())});
    for (const auto &[key, value] : function.options)
      manifest.line({"option", key, value});
    manifest.line({"input-count", std::to_string(function.inputs.size())});
    for (size_t k = 0; k < function.inputs.size(); ++k) {
      const SavedInput &input = function.inputs[k];
      manifest.line({"input", input.name, dtypeName(input.dtype), std::to_string(input.ndim),
                     input.defaultValue ? "default" : "required"});
      if (input.defaultValue)
        members.push_back({functionPrefix(i) + "defaults/" + std::to_string(k) + ".npy",
                           npyBytes(input.defaultValue->toHost())});
    }
    manifest.line({"outputs", std::to_string(function.outputCount)});
    auto indices = [](const std::vector<size_t> &values) {
      return joinInts(std::vector<int64_t>(values.begin(), values.end()));
    };
    manifest.line({"shared-arguments", indices(function.sharedArguments)});
    manifest.line({"updates", indices(function.updateTargets)});
    manifest.line({"step-counts", indices(function.stepCountArguments)});
    std::string prefix = functionPrefix(i);
    members.push_back({prefix + "module.mlirbc", function.moduleBytecode});
    manifest.line({"signature-count", std::to_string(function.signatures.size())});
    for (size_t j = 0; j < function.signatures.size(); ++j) {
      const SavedSignature &signature = function.signatures[j];
      manifest.line({"signature", joinInts(signature.signature), signature.forGpu ? "gpu" : "cpu"});
      manifest.line({"host", signature.hostKey});
      manifest.line({"instruction-sets", signature.instructionSets});
      manifest.line({"runtime-abi", signature.runtimeAbi});
      manifest.line({"result-count", std::to_string(signature.results.size())});
      for (const TensorSpec &result : signature.results)
        manifest.line({"result", dtypeName(result.dtype), joinInts(result.shape)});
      manifest.line({"row-counts", joinInts(std::vector<int64_t>(signature.rowCountOf.begin(),
                                                                 signature.rowCountOf.end()))});
      members.push_back({prefix + "signatures/" + std::to_string(j) + ".o", signature.object});
    }
  }
  manifest.line({"end"});
  members.insert(members.begin(), {kManifest, manifest.text});
  return writeZip(members, "saving functions");
}

SavedFile readSavedFile(const std::string &bytes, const std::string &path) {
  std::string context = "saved function file '" + path + "'";
  std::map<std::string, std::string> members;
  for (ZipMember &member : readZip(bytes, context, "saved Theta function file (.theta)"))
    members.emplace(std::move(member.name), std::move(member.bytes));
  auto found = members.find(kManifest);
  if (found == members.end())
    throw IOError(context + ": not a saved Theta function file (a zip without " +
                  std::string(kManifest) + "; an .npz of parameters is read by read_npz)");
  ManifestReader reader(found->second, context);
  auto member = [&](const std::string &name) -> std::string & {
    auto it = members.find(name);
    if (it == members.end())
      reader.corrupt("the entry '" + name + "' is missing");
    return it->second;
  };

  if (reader.done() || reader.peek().size() != 2 || reader.peek()[0] != kMagicLine)
    reader.corrupt("the manifest does not start with '" + std::string(kMagicLine) + "'");
  int64_t format = reader.integer(reader.take(kMagicLine, 2)[1]);
  SavedFile file;
  file.thetaVersion = reader.take("theta-version", 2)[1];
  if (format != kSavedFormatVersion)
    throw IOError(context + ": written by Theta " + file.thetaVersion + " in file format " +
                  std::to_string(format) + "; this Theta (" + kThetaVersion +
                  ") reads format " + std::to_string(kSavedFormatVersion) +
                  ": save it again with this version");
  file.runtimeAbi = reader.take("runtime-abi", 2)[1];
  const auto &savedBy = reader.take("saved-by", 3);
  file.processToken = savedBy[1];
  file.sequence = static_cast<uint64_t>(reader.integer(savedBy[2]));
  size_t sharedCount = static_cast<size_t>(reader.integer(reader.take("shared-count", 2)[1]));
  for (size_t k = 0; k < sharedCount; ++k) {
    const auto &row = reader.take("shared", 3);
    std::string name = "shared/" + std::to_string(k) + ".npy";
    file.shared.push_back({row[1], row[2], parseNpy(member(name), context + ", entry '" + name + "'")});
  }
  size_t functionCount = static_cast<size_t>(reader.integer(reader.take("function-count", 2)[1]));
  for (size_t i = 0; i < functionCount; ++i) {
    SavedFunction function;
    const auto &header = reader.take("function", 3);
    function.name = header[1];
    function.symbol = header[2];
    size_t options = static_cast<size_t>(reader.integer(reader.take("option-count", 2)[1]));
    for (size_t k = 0; k < options; ++k) {
      const auto &row = reader.take("option", 3);
      function.options[row[1]] = row[2];
    }
    size_t inputs = static_cast<size_t>(reader.integer(reader.take("input-count", 2)[1]));
    for (size_t k = 0; k < inputs; ++k) {
      const auto &row = reader.take("input", 5);
      SavedInput input{row[1], reader.dtype(row[2]), reader.integer(row[3]), std::nullopt};
      if (row[4] == "default") {
        std::string name = functionPrefix(i) + "defaults/" + std::to_string(k) + ".npy";
        input.defaultValue = parseNpy(member(name), context + ", entry '" + name + "'");
      }
      function.inputs.push_back(std::move(input));
    }
    function.outputCount = static_cast<size_t>(reader.integer(reader.take("outputs", 2)[1]));
    auto indices = [&](const std::string &key, size_t bound) {
      std::vector<size_t> values;
      for (int64_t value : reader.integers(reader.take(key, 2)[1]))
        values.push_back(reader.index(std::to_string(value), bound));
      return values;
    };
    function.sharedArguments = indices("shared-arguments", file.shared.size());
    function.updateTargets = indices("updates", file.shared.size());
    function.stepCountArguments =
        indices("step-counts", function.inputs.size() + function.sharedArguments.size());
    std::string prefix = functionPrefix(i);
    function.moduleBytecode = member(prefix + "module.mlirbc");
    size_t signatures = static_cast<size_t>(reader.integer(reader.take("signature-count", 2)[1]));
    for (size_t j = 0; j < signatures; ++j) {
      SavedSignature signature;
      const auto &row = reader.take("signature", 3);
      signature.signature = reader.integers(row[1]);
      signature.forGpu = row[2] == "gpu";
      signature.hostKey = reader.take("host", 2)[1];
      signature.instructionSets = reader.take("instruction-sets", 2)[1];
      signature.runtimeAbi = reader.take("runtime-abi", 2)[1];
      size_t results = static_cast<size_t>(reader.integer(reader.take("result-count", 2)[1]));
      for (size_t k = 0; k < results; ++k) {
        const auto &result = reader.take("result", 3);
        Shape shape = reader.integers(result[2]);
        for (int64_t size : shape)
          if (size < 0)
            reader.corrupt("a result has a negative size");
        signature.results.push_back({reader.dtype(result[1]), shape});
      }
      for (int64_t count : reader.integers(reader.take("row-counts", 2)[1])) {
        if (count < -1 || count >= static_cast<int64_t>(results))
          reader.corrupt("a row count names result " + std::to_string(count));
        signature.rowCountOf.push_back(static_cast<int>(count));
      }
      signature.object = member(prefix + "signatures/" + std::to_string(j) + ".o");
      function.signatures.push_back(std::move(signature));
    }
    for (const SavedFunction &other : file.functions)
      if (other.name == function.name)
        reader.corrupt("two functions are named '" + function.name + "'");
    file.functions.push_back(std::move(function));
  }
  reader.take("end", 1);
  return file;
}

SavedFile loadSavedFile(const std::string &path) {
  return readSavedFile(readWholeFile(path, "saved function file '" + path + "'"), path);
}

} // namespace theta
