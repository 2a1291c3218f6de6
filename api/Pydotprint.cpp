//===- Pydotprint.cpp - graphs drawn by Graphviz (Theano's pydotprint) ----===//
//
// The graph becomes DOT text (one box per op and input, an edge from each
// operand to its user, filled by kind); Graphviz's `dot` renders it.
//
//===----------------------------------------------------------------------===//
#include "theta/Debugprint.h"

#include "api/Graph.h"
#include "api/GraphView.h"
#include "dialect/SourceLocation.h"
#include "dialect/ThetaOps.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <map>
#include <spawn.h>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace theta {
namespace detail {
namespace {

const char *fillOf(NodeKind kind) {
  switch (kind) {
  case NodeKind::Input:
    return "#a6d96a"; // green
  case NodeKind::Shared:
    return "#fee08b"; // yellow
  case NodeKind::Constant:
    return "#ffffff"; // white
  case NodeKind::Elementwise:
    return "#9ecae1"; // blue
  case NodeKind::Product:
    return "#fc9272"; // red
  case NodeKind::Convolution:
    return "#c2a5cf"; // purple
  case NodeKind::Loop:
    return "#fdb863"; // orange
  case NodeKind::Other:
    return "#d9d9d9"; // grey
  }
  return "#d9d9d9";
}

/// A DOT string literal's contents; "\n" stays a line break.
std::string escape(const std::string &text) {
  std::string escaped;
  for (char c : text) {
    if (c == '"' || c == '\\')
      escaped += '\\';
    escaped += c;
  }
  return escaped;
}

class DotWriter {
public:
  explicit DotWriter(const GraphView &view) : view(view) {}

  std::string write() {
    for (size_t i = 0; i < view.roots.size(); ++i) {
      const GraphView::Root &root = view.roots[i];
      std::string node = visit(root.value);
      notes[node] += "\\n" + escape(root.note.empty() ? "output " + std::to_string(i)
                                                       : root.note);
    }
    std::ostringstream out;
    out << "digraph theta {\n"
           "  graph [rankdir=TB, dpi=72, fontname=\"Helvetica\"];\n"
           "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", "
           "fontsize=11];\n"
           "  edge [color=\"#555555\", arrowsize=0.7];\n";
    for (const NodeText &node : nodes) {
      auto note = notes.find(node.id);
      bool root = note != notes.end();
      out << "  " << node.id << " [label=\"" << node.label << (root ? note->second : "")
          << "\", fillcolor=\"" << fillOf(node.kind) << "\", tooltip=\"" << kindName(node.kind)
          << "\"" << (root ? ", peripheries=2" : "") << "];\n";
    }
    for (const auto &[from, to] : edges)
      out << "  " << from << " -> " << to << ";\n";
    std::vector<std::vector<std::string>> groups(static_cast<size_t>(view.fusedGroups));
    for (const auto &[op, group] : view.fusedGroup)
      if (auto node = ids.find(op); node != ids.end())
        groups[static_cast<size_t>(group - 1)].push_back(node->second);
    for (size_t i = 0; i < groups.size(); ++i) {
      if (groups[i].empty())
        continue;
      std::sort(groups[i].begin(), groups[i].end());
      out << "  subgraph cluster_fused_" << i + 1 << " {\n    label=\"fused " << i + 1
          << "\"; style=dashed; color=\"#2b6cb0\"; fontcolor=\"#2b6cb0\";\n   ";
      for (const std::string &node : groups[i])
        out << " " << node << ";";
      out << "\n  }\n";
    }
    out << "}\n";
    return out.str();
  }

private:
  struct NodeText {
    std::string id;
    std::string label;
    NodeKind kind;
  };
  const GraphView &view;
  llvm::DenseMap<const void *, std::string> ids;
  std::vector<NodeText> nodes;
  std::vector<std::pair<std::string, std::string>> edges;
  std::map<std::string, std::string> notes;

  std::string typesOf(mlir::Operation *op) {
    std::string text;
    for (mlir::Type type : op->getResultTypes())
      text += (text.empty() ? "" : ", ") + typeText(type, view.staticShapes);
    return text;
  }

  std::string visit(mlir::Value value) {
    mlir::Operation *op = value.getDefiningOp();
    const void *key = op ? static_cast<const void *>(op) : value.getAsOpaquePointer();
    if (auto found = ids.find(key); found != ids.end())
      return found->second;
    std::string id = "n" + std::to_string(ids.size());
    ids[key] = id;
    NodeText node{id, "", NodeKind::Other};
    if (!op) {
      ArgumentInfo info = view.argumentInfo(llvm::cast<mlir::BlockArgument>(value));
      node.kind = info.shared ? NodeKind::Shared : NodeKind::Input;
      node.label = escape(info.label) + "\\n" + escape(typeText(value.getType(), view.staticShapes));
      if (!info.where.empty())
        node.label += "\\n" + escape(info.where);
      nodes.push_back(node);
      return id;
    }
    node.kind = kindOf(op);
    if (llvm::isa<ConstantOp>(op)) {
      node.label = escape("TensorConstant{" + constantText(op) + "}") + "\\n" +
                   escape(typesOf(op));
      nodes.push_back(node);
      return id;
    }
    node.label = escape(op->getName().getStringRef().str());
    if (std::string name = view.nameOf(value); !name.empty())
      node.label += " '" + escape(name) + "'";
    if (auto scan = llvm::dyn_cast<ScanOp>(op)) {
      size_t inner = 0;
      scan.getBody().walk([&](mlir::Operation *) { ++inner; });
      node.label += "\\n(" + std::to_string(inner - 1) + " ops in the body)";
    }
    node.label += "\\n" + escape(typesOf(op));
    if (std::string where = formatLocation(op->getLoc()); !where.empty())
      node.label += "\\n" + escape(where);
    if (auto group = view.fusedGroup.find(op); group != view.fusedGroup.end())
      node.label += "\\n[fused " + std::to_string(group->second) + "]";
    nodes.push_back(node);
    for (mlir::Value operand : op->getOperands())
      edges.push_back({visit(operand), id});
    return id;
  }
};

/// The path of `program` on PATH, or "".
std::string findProgram(const std::string &program) {
  const char *path = std::getenv("PATH");
  std::string dirs = path ? path : "";
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos)
      end = dirs.size();
    std::string dir = dirs.substr(start, end - start);
    std::string candidate = (dir.empty() ? "." : dir) + "/" + program;
    if (::access(candidate.c_str(), X_OK) == 0)
      return candidate;
    start = end + 1;
  }
  return "";
}

std::string formatFor(const std::string &path, const std::string &format) {
  if (!format.empty())
    return format;
  size_t dot = path.find_last_of('.');
  size_t slash = path.find_last_of('/');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash))
    return "png";
  std::string extension = path.substr(dot + 1);
  for (char &c : extension)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  static const char *known[] = {"png", "svg", "pdf", "dot", "gv", "jpg", "jpeg", "gif", "ps", "eps", "plain", "json"};
  for (const char *name : known)
    if (extension == name)
      return extension == "gv" ? "dot" : extension;
  return "png";
}

std::string readFile(const std::string &path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// A temporary file holding `text` (empty for an output file).
std::string temporaryFile(const std::string &text) {
  const char *dir = std::getenv("TMPDIR");
  std::string pattern = std::string(dir && *dir ? dir : "/tmp") + "/theta-pydot-XXXXXX";
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  int fd = ::mkstemp(name.data());
  if (fd < 0)
    throw IOError("pydotprint: cannot create a temporary file in " + pattern + ": " +
                  std::strerror(errno));
  size_t written = 0;
  while (written < text.size()) {
    ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      ::close(fd);
      ::unlink(name.data());
      throw IOError("pydotprint: cannot write a temporary file: " +
                    std::string(std::strerror(errno)));
    }
    written += static_cast<size_t>(n);
  }
  ::close(fd);
  return name.data();
}

void render(const std::string &dotText, const std::string &path, const std::string &format) {
  std::string kind = formatFor(path, format);
  if (kind == "dot") {
    std::ofstream out(path);
    out << dotText;
    out.close();
    if (!out)
      throw IOError("pydotprint: cannot write '" + path + "'");
    return;
  }
  std::string dot = findProgram("dot");
  if (dot.empty())
    throw Error("pydotprint: Graphviz's 'dot' program is not on PATH; install graphviz "
                "(Debian: apt-get install graphviz) or write a .dot file");
  std::string input = temporaryFile(dotText);
  std::string errors = temporaryFile("");
  std::string formatArgument = "-T" + kind;
  std::vector<std::string> words = {dot, formatArgument, "-o", path, input};
  std::vector<char *> argv;
  for (std::string &word : words)
    argv.push_back(word.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, errors.c_str(), O_WRONLY | O_APPEND, 0);
  posix_spawn_file_actions_addopen(&actions, 2, errors.c_str(), O_WRONLY | O_APPEND, 0);
  pid_t pid = 0;
  int spawned = posix_spawn(&pid, dot.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  if (spawned == 0)
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  std::string messages = readFile(errors);
  ::unlink(input.c_str());
  ::unlink(errors.c_str());
  if (spawned != 0)
    throw IOError("pydotprint: cannot run " + dot + ": " + std::strerror(spawned));
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw IOError("pydotprint: " + dot + " " + formatArgument + " failed writing '" + path +
                  "'" + (messages.empty() ? "" : ": " + messages));
}

} // namespace
} // namespace detail

using detail::Graph;

std::string pydot_text(const std::vector<Variable> &outputs) {
  std::lock_guard<std::recursive_mutex> guard(Graph::instance().mutex());
  detail::GraphView view = detail::viewOfVariables(outputs, "pydotprint");
  return detail::DotWriter(view).write();
}

std::string pydot_text(const Variable &output) {
  return pydot_text(std::vector<Variable>{output});
}

std::string pydot_text(const Function &function, const std::vector<Array> &arguments) {
  std::optional<std::vector<Array>> values = detail::signatureArguments(function, arguments);
  std::lock_guard<std::recursive_mutex> guard(Graph::instance().mutex());
  detail::FunctionView view = detail::viewOfFunction(function, values);
  return detail::DotWriter(view.optimized ? *view.optimized : view.user).write();
}

void pydotprint(const std::vector<Variable> &outputs, const std::string &path,
                const std::string &format) {
  detail::render(pydot_text(outputs), path, format);
}

void pydotprint(const Variable &output, const std::string &path, const std::string &format) {
  detail::render(pydot_text(output), path, format);
}

void pydotprint(const Function &function, const std::string &path,
                const std::vector<Array> &arguments, const std::string &format) {
  detail::render(pydot_text(function, arguments), path, format);
}

} // namespace theta
