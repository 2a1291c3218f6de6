//===- Report.cpp - medians, the comparison table and its JSON ------------===//
#include "tools/bench/Report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>

namespace bench {

bool Recorder::ReportContext(const Context &context) { return display->ReportContext(context); }

void Recorder::ReportRuns(const std::vector<Run> &runs) {
  for (const Run &run : runs) {
    if (run.error_occurred)
      continue;
    double seconds = run.GetAdjustedRealTime() / benchmark::GetTimeUnitMultiplier(run.time_unit);
    const std::string &name = run.run_name.function_name;
    if (run.run_type == Run::RT_Aggregate && run.aggregate_name == "median")
      aggregateMedians[name] = seconds;
    else if (run.run_type == Run::RT_Iteration)
      samples[name].push_back(seconds);
  }
  display->ReportRuns(runs);
}

Medians Recorder::medians() const {
  Medians result = aggregateMedians;
  for (auto [name, values] : samples) {
    if (result.count(name))
      continue;
    std::sort(values.begin(), values.end());
    size_t half = values.size() / 2;
    result[name] = values.size() % 2 ? values[half] : (values[half - 1] + values[half]) / 2;
  }
  return result;
}

namespace {

double lookup(const Medians &medians, const std::string &name) {
  auto found = medians.find(name);
  return found == medians.end() ? NAN : found->second;
}

std::string formatNumber(const char *pattern, double value) {
  char text[64];
  std::snprintf(text, sizeof text, pattern, value);
  return text;
}


std::string jsonNumber(double value) {
  return std::isnan(value) ? "null" : formatNumber("%.6g", value);
}

std::string jsonString(const std::string &text) {
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\')
      quoted += '\\';
    if (static_cast<unsigned char>(c) < 0x20)
      quoted += formatNumber("\\u%04x", c);
    else
      quoted += c;
  }
  return quoted + "\"";
}

} // namespace

RowValues rowValues(const TableRow &row, const Medians &medians) {
  RowValues v;
  v.theta = lookup(medians, row.theta);
  v.baseline = row.baseline.empty() ? NAN : lookup(medians, row.baseline);
  v.ratio = v.theta / v.baseline;
  v.floor = row.floor ? row.floor(medians) : NAN;
  v.overFloor = v.theta / v.floor;
  v.jax = row.jax.empty() ? NAN : lookup(medians, row.jax);
  v.overJax = v.theta / v.jax;
  return v;
}

std::string formatRatio(double ratio) {
  return std::isnan(ratio) ? "—" : formatNumber(ratio < 10 ? "%.2f×" : "%.1f×", ratio);
}

std::string formatSeconds(double seconds) {
  if (std::isnan(seconds))
    return "—";
  const char *unit = "s";
  double value = seconds;
  if (seconds < 1e-6) {
    value = seconds * 1e9, unit = "ns";
  } else if (seconds < 1e-3) {
    value = seconds * 1e6, unit = "µs";
  } else if (seconds < 1) {
    value = seconds * 1e3, unit = "ms";
  }
  return formatNumber(value < 10 ? "%.2f" : value < 100 ? "%.1f" : "%.0f", value) + " " + unit;
}

void printTable(std::ostream &out, const std::vector<TableRow> &rows,
                const std::vector<Limit> &limits, const Medians &medians) {
  out << "\n| workload | Theta median | baseline (LibTorch) median | ratio Theta/baseline "
         "| JAX median | Theta / JAX | Theta / floor |\n| --- | --- | --- | --- | --- | --- | --- |\n";
  for (const TableRow &row : rows) {
    RowValues v = rowValues(row, medians);
    if (std::isnan(v.theta) && std::isnan(v.baseline))
      continue; // filtered out
    out << "| " << row.workload << " | " << formatSeconds(v.theta) << " | "
        << formatSeconds(v.baseline) << " | " << formatRatio(v.ratio) << " | "
        << formatSeconds(v.jax) << " | " << formatRatio(v.overJax) << " | "
        << formatRatio(v.overFloor) << " |\n";
  }
  const char *heading = "\nLimits measured in this run:\n";
  for (const Limit &limit : limits) {
    double seconds = lookup(medians, limit.benchmark);
    if (std::isnan(seconds))
      continue;
    out << heading << "- " << limit.what << ": " << limit.value(seconds) << "\n";
    heading = "";
  }
}

bool writeJson(const std::string &path, const std::vector<TableRow> &rows,
               const std::vector<Limit> &limits, const Medians &medians,
               const std::map<std::string, std::string> &context,
               const std::map<std::string, CheckResult> &checks) {
  std::ofstream out(path);
  out << "{\n  \"context\": {";
  const char *separator = "\n";
  for (const auto &[key, value] : context) {
    out << separator << "    " << jsonString(key) << ": " << jsonString(value);
    separator = ",\n";
  }
  out << "\n  },\n  \"rows\": [";
  separator = "\n";
  for (const TableRow &row : rows) {
    RowValues v = rowValues(row, medians);
    std::string baseline = row.baseline.empty() ? "null" : jsonString(row.baseline);
    out << separator << "    {\"workload\": " << jsonString(row.workload)
        << ", \"theta_benchmark\": " << jsonString(row.theta)
        << ", \"baseline_benchmark\": " << baseline << ", \"theta_s\": " << jsonNumber(v.theta)
        << ", \"baseline_s\": " << jsonNumber(v.baseline) << ", \"ratio\": " << jsonNumber(v.ratio)
        << ", \"floor_s\": " << jsonNumber(v.floor)
        << ", \"theta_over_floor\": " << jsonNumber(v.overFloor)
        << ", \"jax_benchmark\": " << (row.jax.empty() ? "null" : jsonString(row.jax))
        << ", \"jax_s\": " << jsonNumber(v.jax) << ", \"theta_over_jax\": " << jsonNumber(v.overJax)
        << "}";
    separator = ",\n";
  }
  out << "\n  ],\n  \"limits\": [";
  separator = "\n";
  for (const Limit &limit : limits) {
    double seconds = lookup(medians, limit.benchmark);
    out << separator << "    {\"what\": " << jsonString(limit.what)
        << ", \"benchmark\": " << jsonString(limit.benchmark)
        << ", \"median_s\": " << jsonNumber(seconds) << ", \"value\": "
        << (std::isnan(seconds) ? "null" : jsonString(limit.value(seconds))) << "}";
    separator = ",\n";
  }
  out << "\n  ],\n  \"cross_checks\": {";
  separator = "\n";
  for (const auto &[name, check] : checks) {
    out << separator << "    " << jsonString(name) << ": {\"ok\": " << (check.ok ? "true" : "false")
        << ", \"summary\": " << jsonString(check.summary) << "}";
    separator = ",\n";
  }
  out << "\n  },\n  \"medians_s\": {";
  separator = "\n";
  for (const auto &[name, seconds] : medians) {
    out << separator << "    " << jsonString(name) << ": " << jsonNumber(seconds);
    separator = ",\n";
  }
  out << "\n  }\n}\n";
  return static_cast<bool>(out);
}

} // namespace bench
