//===- Report.h - medians, the comparison table and its JSON --------------===//
#ifndef THETA_TOOLS_BENCH_REPORT_H
#define THETA_TOOLS_BENCH_REPORT_H

#include "tools/bench/Suite.h"

#include <benchmark/benchmark.h>

#include <functional>
#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace bench {

/// Benchmark name (as registered) -> median wall time per iteration, seconds.
using Medians = std::map<std::string, double>;

/// Passes every run on to Google Benchmark's own display reporter (so its
/// flags keep working) and keeps the medians: the "median" aggregate when
/// there are repetitions, else the median of the runs themselves.
class Recorder : public benchmark::BenchmarkReporter {
public:
  explicit Recorder(benchmark::BenchmarkReporter *display) : display(display) {}
  bool ReportContext(const Context &context) override;
  void ReportRuns(const std::vector<Run> &runs) override;
  void Finalize() override { display->Finalize(); }
  Medians medians() const;

private:
  benchmark::BenchmarkReporter *display;
  std::map<std::string, double> aggregateMedians;
  std::map<std::string, std::vector<double>> samples;
};

/// A line of the table. Times are looked up by benchmark name; a row without
/// a baseline or floor leaves those columns empty.
struct TableRow {
  std::string workload;
  std::string theta;
  std::string baseline;
  /// The machine's limit for this workload in seconds, from the medians
  /// (NaN when there is none, or it was not measured).
  std::function<double(const Medians &)> floor;
  /// The JAX side's benchmark name (see JaxSide.h); empty when none.
  std::string jax = "";
};

/// A limit measured in the run, printed under the table.
struct Limit {
  std::string what;
  std::string benchmark;
  /// The text for the benchmark's median, e.g. "30.8 ms (195 GFLOP/s)".
  std::function<std::string(double seconds)> value;
};

/// One row's numbers; NaN where a column is empty.
struct RowValues {
  double theta, baseline, ratio, floor, overFloor, jax, overJax;
};
RowValues rowValues(const TableRow &row, const Medians &medians);

/// "0.92×"; "—" for NaN.
std::string formatRatio(double ratio);

/// "0.26 µs", "8.9 ms", "1.23 s".
std::string formatSeconds(double seconds);

/// The Markdown table: workload | Theta median | LibTorch median | Theta / LibTorch |
/// JAX median | Theta / JAX | Theta / floor.
void printTable(std::ostream &out, const std::vector<TableRow> &rows,
                const std::vector<Limit> &limits, const Medians &medians);

/// The same data as JSON, with `context` (string fields) and the
/// cross-checks that ran (by workload).
bool writeJson(const std::string &path, const std::vector<TableRow> &rows,
               const std::vector<Limit> &limits, const Medians &medians,
               const std::map<std::string, std::string> &context,
               const std::map<std::string, CheckResult> &checks);

} // namespace bench

#endif // THETA_TOOLS_BENCH_REPORT_H
