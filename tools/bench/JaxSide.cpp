//===- JaxSide.cpp --------------------------------------------------------===//
#include "tools/bench/JaxSide.h"

#include "tools/bench/CrossCheck.h"

#include <theta/theta.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <string>
#include <unistd.h>

namespace bench {

namespace fs = std::filesystem;

std::string jaxPython(std::string &why) {
  const char *configured = std::getenv("THETA_BENCH_VENV");
  const char *home = std::getenv("HOME");
  fs::path venv = configured && *configured
                      ? fs::path(configured)
                      : fs::path(home ? home : "/root") / ".cache" / "theta-bench-venv";
  fs::path python = venv / "bin" / "python";
  if (!fs::exists(python)) {
    why = "JAX is not installed (no " + python.string() +
          "; bash tools/bench/setup_jax.sh makes it)";
    return "";
  }
  return python.string();
}

JaxRun runJax(const std::vector<WorkloadPair *> &pairs, int repeats, const std::string &script) {
  JaxRun run;
  std::string python = jaxPython(run.skipped);
  if (python.empty())
    return run;
  if (!fs::exists(script)) {
    run.skipped = "the JAX side's script is missing (" + script + ")";
    return run;
  }
  fs::path directory = fs::temp_directory_path() / ("theta-bench-jax-" + std::to_string(getpid()));
  fs::create_directories(directory);
  std::string command = "'" + python + "' '" + script + "' '" + directory.string() + "' " +
                        std::to_string(repeats);
  std::vector<WorkloadPair *> sent;
  for (WorkloadPair *pair : pairs) {
    if (pair->jaxInputs().empty() || !pair->check().ok)
      continue;
    theta::write_npz((directory / (pair->name() + ".in.npz")).string(), pair->jaxInputs());
    command += " " + pair->name();
    sent.push_back(pair);
  }
  if (sent.empty()) {
    run.skipped = "no workload for JAX was selected";
    fs::remove_all(directory);
    return run;
  }
  std::fprintf(stderr, "theta-bench: running the JAX side (%zu workloads)\n", sent.size());
  std::string output;
  if (FILE *pipe = popen((command + " 2>&1").c_str(), "r")) {
    char chunk[4096];
    while (size_t read = fread(chunk, 1, sizeof chunk, pipe))
      output.append(chunk, read);
    if (int status = pclose(pipe); status != 0) {
      run.skipped = "the JAX side failed (exit status " + std::to_string(status) + "):\n" + output;
      fs::remove_all(directory);
      return run;
    }
  }
  static const std::regex row(
      R"re(json: \{"workload": "([^"]+)", "median_s": ([-0-9.e]+), "first_call_s": ([-0-9.e]+)\})re");
  static const std::regex description(R"re(jax: (.*))re");
  std::smatch match;
  for (std::string::const_iterator at = output.begin();
       std::regex_search(at, output.cend(), match, row); at = match.suffix().first) {
    run.medians[match[1].str() + "/jax"] = std::stod(match[2].str());
    run.medians["compile/" + match[1].str() + "_cold/jax"] = std::stod(match[3].str());
  }
  if (std::regex_search(output, match, description))
    run.description = match[1].str();
  for (WorkloadPair *pair : sent) {
    fs::path results = directory / (pair->name() + ".out.npz");
    if (!fs::exists(results)) {
      run.checks[pair->name()] = {false, "JAX wrote no results"};
      continue;
    }
    std::map<std::string, theta::Array> arrays = theta::read_npz(results.string());
    std::vector<theta::Array> jax;
    for (size_t i = 0; arrays.count("r" + std::to_string(i)); ++i)
      jax.push_back(arrays.at("r" + std::to_string(i)));
    run.checks[pair->name()] = compareResults(pair->resultNames(), pair->thetaCheckResults(), jax,
                                              pair->initialParameters());
  }
  fs::remove_all(directory);
  return run;
}

} // namespace bench
