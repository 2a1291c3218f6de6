//===- theta-aot.cpp - export a saved function for a C program ------------===//
//
//   theta-aot model.theta [--function NAME] [--input-shape 10000,784 ...]
//             [--prefix NAME] -o model.o --header model.h
//
// Writes the compiled code of one saved function (for the input shapes
// given, compiling them if the file does not hold them; with no shapes, the
// one signature the file holds) as a relocatable object, and a C header
// that declares the shared state and the call (see theta::export_aot).
//
//===----------------------------------------------------------------------===//
#include <theta/theta.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

using namespace theta;

static Shape parseShape(const std::string &text) {
  Shape shape;
  size_t start = 0;
  while (start < text.size()) {
    size_t comma = text.find(',', start);
    shape.push_back(std::stoll(text.substr(start, comma - start)));
    if (comma == std::string::npos)
      break;
    start = comma + 1;
  }
  return shape;
}

static int usage() {
  std::fprintf(stderr, "usage: theta-aot model.theta [--function NAME] [--input-shape D0,D1,... "
                       "(one per input; '' for a scalar)] [--prefix NAME] -o OBJECT --header "
                       "HEADER\n");
  return 2;
}

int main(int argc, char **argv) try {
  std::string file, functionName, prefix, object, header;
  std::vector<Shape> shapes;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc)
        throw ArgumentError(arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--function")
      functionName = value();
    else if (arg == "--input-shape") {
      shapes.push_back(parseShape(value()));
    } else if (arg == "--prefix")
      prefix = value();
    else if (arg == "-o")
      object = value();
    else if (arg == "--header")
      header = value();
    else if (!arg.empty() && arg[0] != '-' && file.empty())
      file = arg;
    else
      return usage();
  }
  if (file.empty() || object.empty() || header.empty())
    return usage();
  std::map<std::string, Function> functions = load_functions({file});
  if (functionName.empty()) {
    if (functions.size() != 1)
      throw ArgumentError("'" + file + "' holds " + std::to_string(functions.size()) +
                          " functions; choose one with --function");
    functionName = functions.begin()->first;
  }
  auto found = functions.find(functionName);
  if (found == functions.end())
    throw ArgumentError("'" + file + "' has no function '" + functionName + "'");
  Function function = found->second;
  if (prefix.empty()) {
    prefix = header.substr(header.find_last_of('/') + 1);
    prefix = prefix.substr(0, prefix.find('.'));
  }
  export_aot(function, shapes, object, header, prefix);
  return 0;
} catch (const std::exception &error) {
  std::fprintf(stderr, "theta-aot: %s\n", error.what());
  return 1;
}
